import Foundation

/// Paths of files committed in the repository (CI has the checkout), found from this file's place.
enum RepositoryFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tumorboard = root.appendingPathComponent("Benchmarks/tumorboard")
    static let benary = tumorboard.appendingPathComponent("benary2023")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func benary(_ name: String) -> String { benary.appendingPathComponent(name).path }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The shared data folder of this machine (not in CI); tests that need it skip without it.
    static let sharedKB = URL(fileURLWithPath: ProcessInfo.processInfo.environment["CONSILIUM_SHARED_KB"] ?? "/work/shared/data/kb")
}
