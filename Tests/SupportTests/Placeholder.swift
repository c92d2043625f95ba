import XCTest
final class SupportTestsPlaceholder: XCTestCase { func testNothing() {} }
