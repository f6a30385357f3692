// swift-tools-version:6.0
// The first mode search alone, over many seeds: how often it finds every mode of
// the repressilator variants and what it costs (docs/benchmarks.md, "Mode search
// alone"). Usage, from this directory:
//   swift build -c release
//   .build/release/search-bench ../../models/multimodal/repressilator_perturbed.model 1 30
// Environment: STARTS, CONT, SPREAD, SCREEN, ITER, FORWARD=0|1 (ModeSearchSettings
// fields), N (prior draws the starts are the best of); FIT=1 runs the flow
// backend's first stage instead (its own draws and search); TOP=1 prints the
// modes found; NOMINAL=1 first prints the log target at the nominal point,
// clamped to |u| <= c (docs/benchmarks.md, Elowitz).
import PackageDescription
let package = Package(
    name: "search-bench",
    dependencies: [.package(path: "../..")],
    targets: [.executableTarget(name: "search-bench", dependencies: [
        .product(name: "ModelDSL", package: "main"), .product(name: "Inference", package: "main")])]
)
