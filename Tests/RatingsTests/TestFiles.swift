import Foundation
import Ratings
import XCTest

/// Committed files the tests read, found from this file's place in the checkout.
enum TestFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let prompts = root.appendingPathComponent("Prompts")
}

/// A fresh directory under the system temp dir, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

@discardableResult
func write(_ text: String, to directory: URL, _ name: String) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// The problems an import refused with, one description each.
func problems(_ body: () throws -> Void) -> [String] {
    do { try body() } catch let errors as RatingsInputErrors { return errors.errors.map(\.description) } catch { return ["\(error)"] }
    return []
}
