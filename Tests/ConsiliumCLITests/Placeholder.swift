import XCTest
final class ConsiliumCLITestsPlaceholder: XCTestCase { func testNothing() {} }
