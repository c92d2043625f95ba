@_exported import TestSupport
import Foundation
import XCTest

extension TestModels {
    /// A fixture file shipped with the inference tests (Fixtures/, see its READMEs for sources).
    static func fixture(_ relative: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else { throw XCTSkip("no fixture bundle") }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }
}
