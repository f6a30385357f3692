import Foundation
import Baselines
import Inference
import ModelDSL
import ODE

/// Posterior-predictive bands of a model's observables: posterior draws
/// resampled by weight, each simulated on a fine time grid, and the 5, 25,
/// 50, 75 and 95% quantiles at each grid time of
/// - the predicted measurement — the prediction with its observable's own
///   noise model added (one seeded draw per posterior draw and time,
///   ``MeasurementNoise/measurement(_:sd:noise:z:)``): what data from the
///   fitted model look like, so the measurements should scatter inside it;
/// - the noise-free prediction (the model's curve), as a second layer.
///
/// Cost: `draws` ODE solves on `gridPoints` output times (≈ 200 × one
/// likelihood evaluation), serial.
struct PredictiveBands: Sendable {
    struct Panel: Sendable {
        var observable: String
        var times: [Double]
        /// `quantiles[q][k]` of the noise-free prediction for levels
        /// ``PredictiveBands/levels``; NaN where no draw gave a finite prediction at `times[k]`.
        var quantiles: [[Double]]
        /// The same of the predicted measurement (noise added).
        var noisyQuantiles: [[Double]]
        var data: [(time: Double, value: Double)]
    }

    static let levels = [0.05, 0.25, 0.5, 0.75, 0.95]

    var panels: [Panel]
    var draws: Int
    /// Draws whose solve failed (excluded from the bands).
    var failedDraws: Int

    /// Why the bands cannot be drawn for a run (a note on the page, not an error).
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// Simulates `options.predictiveDraws` weighted draws of `samples`.
    /// - Throws: ``Unavailable`` if the samples lack a model parameter, have no
    ///   positive weight, the data has no times, or the model cannot be compiled.
    static func compute(loaded: LoadedModel, samples: SampleTable, solver: SolverOptions,
                        options: ReportOptions) throws(Unavailable) -> PredictiveBands {
        let model = loaded.model
        guard let data = loaded.data, !data.measurements.isEmpty else { throw Unavailable(description: "the model has no data to compare with") }
        guard let weights = samples.weights else { throw Unavailable(description: "no sample has a positive weight") }
        var columns: [Int] = []
        for p in model.parameters {
            guard let j = samples.parameterNames.firstIndex(of: p.name) else {
                throw Unavailable(description: "the samples have no column for the model's parameter '\(p.name)'")
            }
            columns.append(j)
        }
        let simulator: ModelSimulator
        do { simulator = try ModelSimulator(model: model, options: solver) } catch {
            throw Unavailable(description: "the model cannot be simulated: \(UserMessage.describe(error))")
        }
        let times = data.measurements.map(\.time)
        let start = min(0, times.min() ?? 0)
        var end = times.max() ?? 1
        if !(end > start) { end = start + 1 }
        let g = max(2, options.predictiveGridPoints)
        let grid = (0..<g).map { start + (end - start) * Double($0) / Double(g - 1) }

        var rng = RandomSource(seed: options.seed)
        let picks = MultinomialResampling.ancestors(weights: weights, count: options.predictiveDraws, rng: &rng)
        let o = model.observables.count
        // predictions[obs][k] collects finite values over successful draws.
        var predictions = [[[Double]]](repeating: [[Double]](repeating: [], count: g), count: o)
        var measurements = predictions
        var failed = 0
        for i in picks {
            let theta = columns.map { samples.columns[$0][i] }
            let outcome: Result<Simulation, SolveFailure>
            do { outcome = try simulator.simulate(parameters: theta, times: grid, startTime: start) } catch {
                throw Unavailable(description: "cannot simulate: \(UserMessage.describe(error))")
            }
            guard case .success(let sim) = outcome else { failed += 1; continue }
            for k in 0..<g {
                for ob in 0..<o {
                    let z = rng.normal()   // drawn for every cell, so each cell's deviate does not depend on the others' failures
                    let mu = sim.observables[k][ob]
                    guard mu.isFinite else { continue }
                    predictions[ob][k].append(mu)
                    if let y = MeasurementNoise.measurement(mu, sd: sim.noiseSDs[k][ob], noise: model.observables[ob].noise, z: z) {
                        measurements[ob][k].append(y)
                    }
                }
            }
        }
        var panels: [Panel] = []
        /// `[level][time]` quantiles of equally weighted values (the one quantile definition).
        func bands(_ values: [[Double]]) -> [[Double]] {
            var q = [[Double]](repeating: [Double](repeating: .nan, count: g), count: levels.count)
            for k in 0..<g {
                let v = values[k]
                let quantiles = WeightedQuantile.quantiles(values: v, weights: [Double](repeating: 1, count: v.count), levels: levels)
                for l in levels.indices { q[l][k] = quantiles[l] }
            }
            return q
        }
        for ob in 0..<o {
            let points = data.measurements.filter { $0.observable == ob && $0.time.isFinite && $0.value.isFinite }
                .map { (time: $0.time, value: $0.value) }
            panels.append(Panel(observable: model.observables[ob].name, times: grid, quantiles: bands(predictions[ob]),
                                noisyQuantiles: bands(measurements[ob]), data: points))
        }
        return PredictiveBands(panels: panels, draws: picks.count, failedDraws: failed)
    }
}
