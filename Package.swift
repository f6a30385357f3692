// swift-tools-version:6.0
import PackageDescription

// No third-party packages: the Swift toolchain only (Foundation, Dispatch, Synchronization, Testing, XCTest).
//
// The numerical targets are optimised in debug builds too: the statistical
// tests train flows and solve thousands of ODEs, which unoptimised code runs
// 10–50× slower. Testability (`@testable import`) is unaffected.
let optimise: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "FlowFit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flowcli", targets: ["flowcli"]),
        .library(name: "ModelDSL", targets: ["ModelDSL"]),
        .library(name: "ODE", targets: ["ODE"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "Baselines", targets: ["Baselines"]),
    ],
    targets: [
        .target(name: "ODE", swiftSettings: optimise),
        .target(name: "ModelDSL", dependencies: ["ODE"], swiftSettings: optimise),
        // Inference uses ODE's `Parallel` only (the one home of the thread fan-out);
        // the samplers know nothing of ODEs.
        .target(name: "Inference", dependencies: ["ODE"], swiftSettings: optimise),
        .target(name: "Baselines", dependencies: ["Inference"], swiftSettings: optimise),
        .executableTarget(
            name: "flowcli",
            dependencies: ["ModelDSL", "ODE", "Inference", "Baselines"],
            swiftSettings: optimise),
        .testTarget(name: "ODETests", dependencies: ["ODE"], exclude: ["Reference"]),
        .testTarget(name: "ModelDSLTests", dependencies: ["ModelDSL", "ODE"], exclude: ["Reference"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference"]),
        .testTarget(name: "BaselinesTests", dependencies: ["Baselines", "Inference"]),
        .testTarget(name: "CLITests", dependencies: ["flowcli", "ModelDSL", "Inference", "Baselines"]),
    ]
)
