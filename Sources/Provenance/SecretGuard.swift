import Foundation
import Support

/// Keeps credentials out of the store.
///
/// Two rules: (1) JSON that configures a call or a run (run parameters, sampling parameters,
/// rendered messages) may not hold a credential-like key such as `Authorization`, `api_key` or
/// `headers`: the write is refused, naming the JSON path, because stripping would hide the bug
/// that put it there. Data (inputs, model answers, score details) is not key-checked: a model's
/// answer is recorded as it came.
/// (2) Every secret value registered with the store (the providers' API keys, read from the
/// environment) is replaced by `[redacted]` wherever it appears in stored text: provider error
/// messages sometimes echo the request. Artifacts, stored by content hash, are refused instead.
struct SecretGuard: Sendable {
    static let replacement = "[redacted]"

    /// Key names compared lowercased with `-` and `_` removed.
    static let forbiddenKeys: Set<String> = [
        "authorization", "proxyauthorization", "apikey", "xapikey", "apitoken", "accesstoken", "bearertoken",
        "authtoken", "sessiontoken", "refreshtoken", "secret", "clientsecret", "password", "cookie", "setcookie", "headers", "xgoogapikey",
    ]

    /// Values shorter than this are not treated as secrets: redacting them would mangle ordinary text.
    static let minimumSecretLength = 8

    let secrets: [String]

    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= SecretGuard.minimumSecretLength }
    }

    /// Refuses credential-like keys, then redacts secret values in every string and key.
    func clean(_ value: JSONValue, field: String) throws -> JSONValue {
        try checkKeys(value, field: field, path: "$")
        return secrets.isEmpty ? value : redact(value)
    }

    func redact(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: SecretGuard.replacement)
        }
        return out
    }

    func redact(_ text: String?) -> String? { text.map { redact($0) } }

    func checkArtifact(_ bytes: Data, mediaType: String) throws {
        for secret in secrets where bytes.range(of: Data(secret.utf8)) != nil {
            throw ProvenanceError.secretInArtifact(mediaType: mediaType)
        }
    }

    private func checkKeys(_ value: JSONValue, field: String, path: String) throws {
        switch value {
        case .object(let members):
            for (key, member) in members {
                let normalized = key.lowercased().filter { $0 != "-" && $0 != "_" }
                if SecretGuard.forbiddenKeys.contains(normalized) {
                    throw ProvenanceError.secretLikeField(field: field, path: "\(path).\(key)")
                }
                try checkKeys(member, field: field, path: "\(path).\(key)")
            }
        case .array(let items):
            for (i, item) in items.enumerated() { try checkKeys(item, field: field, path: "\(path)[\(i)]") }
        default: break
        }
    }

    func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(redact(s))
        case .array(let items): return .array(items.map { redact($0) })
        case .object(let members):
            return .object(Dictionary(members.map { (redact($0.key), redact($0.value)) }, uniquingKeysWith: { a, _ in a }))
        default: return value
        }
    }
}
