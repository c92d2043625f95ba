// swift-tools-version:6.0
import PackageDescription

// The inference core's hot loops are compiled for the build machine's CPU, as llama.cpp
// builds natively: AVX-512/VNNI only reach the SIMD code when the compiler may use them.
// Measured choice, see Benchmarks/results/compiler-flags.md.
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
        // MARK: Inference core: GGUF, kernels, models, tokenizers, sampling. No I/O beyond the model file.
        // AVX2 intrinsics for the 8-bit multiply-adds Swift's SIMD types cannot reach; compiled
        // natively in every configuration so the tests exercise them (Sources/CKernels/include).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-march=native"])]),
        .target(name: "Inference", dependencies: ["Support", "CKernels"], swiftSettings: nativeKernels),
        // MARK: Command line: parsing and one call into a library per command.
        .target(name: "ConsiliumCLI", dependencies: ["Support", "Inference"]),
        .executableTarget(name: "consilium", dependencies: ["ConsiliumCLI"]),
        // llama-bench-style throughput probe of the inference core (Benchmarks/inference/).
        .executableTarget(name: "consilium-bench", dependencies: ["Inference"], path: "Sources/ConsiliumBench"),

        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Support"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsiliumCLITests", dependencies: ["ConsiliumCLI", "Inference", "Support"]),
    ],
    swiftLanguageModes: [.v5]
)
