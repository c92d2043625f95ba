import Foundation
import Providers
import Support

/// A sampling setting `/set` can change, named as the JSON request and the provenance record name it.
enum SamplingSetting: String, CaseIterable, Equatable {
    case temperature
    case topP = "top_p"
    case topK = "top_k"
    case maxTokens = "max_tokens"
    case seed

    /// A new value, or back to the provider's default (nil in `Sampling`).
    enum Value: Equatable {
        case number(Double)
        case whole(UInt64)
        case providerDefault
    }

    /// The setting called `name`; also accepts the command line's spelling (`top-p`, `max-tokens`).
    static func named(_ name: String) throws -> SamplingSetting {
        let spelled = name.replacingOccurrences(of: "-", with: "_")
        if let setting = SamplingSetting(rawValue: spelled) { return setting }
        let names = allCases.map(\.rawValue)
        let hint = EditDistance.closest(to: spelled, among: names).map { "; did you mean \($0)?" } ?? ""
        throw SlashCommandError(command: "set", "unknown setting \"\(name)\"\(hint) (settings: \(names.joined(separator: ", ")))")
    }

    /// Reads `text` as this setting's value, with the bounds the providers accept.
    func value(_ text: String) throws -> Value {
        if text == "default" { return .providerDefault }
        func fail(_ expected: String) -> SlashCommandError {
            SlashCommandError(command: "set", "\(rawValue): expected \(expected) or \"default\", found \"\(text)\"")
        }
        switch self {
        case .temperature:
            guard let t = Double(text), t.isFinite, t >= 0, t <= 100 else { throw fail("a number from 0 to 100") }
            return .number(t)
        case .topP:
            guard let p = Double(text), p > 0, p <= 1 else { throw fail("a number above 0 and at most 1") }
            return .number(p)
        case .topK:
            guard let k = UInt64(text), k <= 1_000_000 else { throw fail("a whole number from 0 to 1000000 (0 keeps all)") }
            return .whole(k)
        case .maxTokens:
            guard let n = UInt64(text), n >= 1, n <= 1_000_000 else { throw fail("a whole number from 1 to 1000000") }
            return .whole(n)
        case .seed:
            guard let s = UInt64(text) else { throw fail("a whole number from 0 to 2^64-1") }
            return .whole(s)
        }
    }

    /// `sampling` with this setting changed to `value`.
    func apply(_ value: Value, to sampling: Sampling) -> Sampling {
        var s = sampling
        let number: Double? = { if case .number(let n) = value { return n }; return nil }()
        let whole: UInt64? = { if case .whole(let n) = value { return n }; return nil }()
        switch self {
        case .temperature: s.temperature = number
        case .topP: s.topP = number
        case .topK: s.topK = whole.map { Int($0) }
        case .maxTokens: s.maxTokens = whole.map { Int($0) }
        case .seed: s.seed = whole
        }
        return s
    }

    /// The setting's value in `sampling` for display; nil when left to the provider.
    func text(in sampling: Sampling) -> String? {
        switch self {
        case .temperature: return sampling.temperature.map(Self.number)
        case .topP: return sampling.topP.map(Self.number)
        case .topK: return sampling.topK.map(String.init)
        case .maxTokens: return sampling.maxTokens.map(String.init)
        case .seed: return sampling.seed.map(String.init)
        }
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// One `NAME=VALUE` of `/rerun`: a sampling setting and its new value.
struct SamplingChange: Equatable {
    let setting: SamplingSetting
    let value: SamplingSetting.Value

    /// `top_p=0.9` as typed (`default` for the provider's).
    var text: String {
        "\(setting.rawValue)=\(setting.text(in: setting.apply(value, to: Sampling())) ?? "default")"
    }

    /// Reads `top_p=0.9`; errors name `command`.
    static func parse(_ text: String, command: String) throws -> SamplingChange {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw SlashCommandError(command: command, "expected NAME=VALUE, found \"\(text)\" (names: "
                                    + SamplingSetting.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        do {
            let setting = try SamplingSetting.named(String(text[..<equals]))
            return SamplingChange(setting: setting, value: try setting.value(String(text[text.index(after: equals)...])))
        } catch let error as SlashCommandError {
            throw SlashCommandError(command: command, error.reason)
        }
    }
}
