import Foundation
import Inference

/// The cost of the flow backend's other big activity: fitting and evaluating
/// its RealNVP flows. A stage of `fit` trains the global flow (and each mode
/// flow) for up to `trainingSteps` Adam steps and evaluates the proposal
/// mixture's density on the pool, so these rows set against the likelihood
/// rows above tell which one dominates a run.
struct TrainingBenchRow: Sendable {
    var role: String
    var shape: String
    var threads: Int
    /// Wall seconds of one fit of `steps` Adam steps (best round).
    var fitSeconds: Double
    /// Wall microseconds per point of one log-density evaluation.
    var densityMicroseconds: Double
}

struct TrainingBenchReport: Sendable, CustomStringConvertible {
    var rows: [TrainingBenchRow]
    var dimension: Int
    var points: Int
    var steps: Int
    var batchSize: Int

    var description: String {
        var lines = [
            "flow benchmark: d = \(dimension), \(points) weighted points, \(steps) Adam steps of batch \(batchSize) per fit (no early stopping)",
            "flow    shape                     threads   s/fit  ms/step  density µs/point",
        ]
        for r in rows {
            lines.append(r.role.padding(toLength: 8, withPad: " ", startingAt: 0)
                + r.shape.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: "%7d %7.3f %8.2f %17.2f", r.threads, r.fitSeconds,
                         1000 * r.fitSeconds / Double(steps), r.densityMicroseconds))
        }
        return lines.joined(separator: "\n")
    }
}

/// Times one fit (best of `rounds`) and one density evaluation of the global
/// and the mode flow shapes of the default settings, on 1 and `threads` threads.
/// The points are seeded Gaussian draws with unequal scales (the fit's cost
/// does not depend on the target, only on the shapes).
func runTrainingBenchmark(dimension d: Int, threads: Int, rounds: Int, seed: UInt64) throws -> TrainingBenchReport {
    let settings = AnnealingSettings()
    let n = settings.schedule.samplesPerStage
    var rng = RandomSource(seed: seed)
    var x = [Double](repeating: 0, count: n * d)
    for i in x.indices { x[i] = rng.normal() * (1 + Double(i % d)) }
    let w = [Double](repeating: 1, count: n)
    var rows: [TrainingBenchRow] = []
    for role in [FlowRole.global, .mode] {
        for t in Set([1, threads]).sorted() {
            var best = Double.infinity, bestDensity = Double.infinity
            for _ in 0..<rounds {
                var flowRNG = RandomSource(seed: seed)
                var flow = try FlowProposal(dimension: d, settings: settings, role: role, rng: &flowRNG)
                flow.training.validationInterval = 0
                let t0 = seconds(CLOCK_MONOTONIC)
                _ = try flow.fit(points: x, weights: w, count: n, using: &flowRNG, threads: t)
                best = min(best, seconds(CLOCK_MONOTONIC) - t0)
                let t1 = seconds(CLOCK_MONOTONIC)
                _ = flow.logDensity(of: x, count: n, threads: t)
                bestDensity = min(bestDensity, seconds(CLOCK_MONOTONIC) - t1)
            }
            let shape = role == .global ? settings.flow : (settings.robust?.modes?.flows?.shape ?? settings.flow)
            rows.append(TrainingBenchRow(
                role: role == .global ? "global" : "mode",
                shape: "\(shape.layers) layers, \(shape.hiddenLayers)×\(shape.hidden) hidden", threads: t,
                fitSeconds: best, densityMicroseconds: bestDensity / Double(n) * 1e6))
        }
    }
    return TrainingBenchReport(rows: rows, dimension: d, points: n, steps: settings.training.optimiser.steps,
                               batchSize: settings.training.optimiser.batchSize)
}
