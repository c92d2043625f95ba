import Foundation
import Support

extension ProviderConfig {
    /// Builds the provider this configuration describes. API keys are read from `environment`
    /// (the process environment unless a caller passes another), never from the configuration.
    /// Loading a local model maps its GGUF file: allow for that time.
    public func makeProvider(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ModelProvider {
        switch source {
        case .local(let path, let threads, let contextLength):
            return try LocalProvider(path: path, threads: threads ?? 2, contextLength: contextLength, timeout: timeout)
        case .openai(let remote):
            return try OpenAICompatibleProvider(baseURL: remote.baseURL, model: remote.model, apiKey: try key(remote, environment),
                                                maxConcurrency: maxConcurrency, timeout: timeout, retry: retry, jitterSeed: jitterSeed)
        case .anthropic(let remote):
            return try AnthropicProvider(baseURL: remote.baseURL, model: remote.model, apiKey: try key(remote, environment),
                                         version: anthropicVersion, maxConcurrency: maxConcurrency, timeout: timeout,
                                         retry: retry, jitterSeed: jitterSeed, defaultMaxTokens: defaultMaxTokens)
        }
    }

    private func key(_ remote: Remote, _ environment: [String: String]) throws -> Secret? {
        guard let variable = remote.apiKeyVariable else { return nil }
        guard let secret = Secret.fromEnvironment(variable, environment: environment) else {
            throw ProviderError.missingAPIKey(variable: variable)
        }
        return secret
    }
}
