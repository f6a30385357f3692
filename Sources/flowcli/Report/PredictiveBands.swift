import Foundation
import Inference
import ModelDSL
import ODE

/// Posterior-predictive bands of a model's observables: posterior draws
/// resampled by weight, each simulated on a fine time grid, and the 5, 25,
/// 50, 75 and 95% quantiles of the predicted observable at each grid time
/// (the noise-free prediction; measurement noise is not added).
///
/// Cost: `draws` ODE solves on `gridPoints` output times (≈ 200 × one
/// likelihood evaluation), serial.
struct PredictiveBands: Sendable {
    struct Panel: Sendable {
        var observable: String
        var times: [Double]
        /// `quantiles[q][k]` for levels ``PredictiveBands/levels``; NaN where
        /// no draw gave a finite prediction at `times[k]`.
        var quantiles: [[Double]]
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
            throw Unavailable(description: "the model cannot be simulated: \(error)")
        }
        let times = data.measurements.map(\.time)
        let start = min(0, times.min() ?? 0)
        var end = times.max() ?? 1
        if !(end > start) { end = start + 1 }
        let g = max(2, options.predictiveGridPoints)
        let grid = (0..<g).map { start + (end - start) * Double($0) / Double(g - 1) }

        var rng = RandomSource(seed: options.seed)
        let picks = resample(weights, count: options.predictiveDraws, rng: &rng)
        let o = model.observables.count
        // predictions[obs][k] collects finite values over successful draws.
        var predictions = [[[Double]]](repeating: [[Double]](repeating: [], count: g), count: o)
        var failed = 0
        for i in picks {
            let theta = columns.map { samples.columns[$0][i] }
            let outcome: Result<Simulation, SolveFailure>
            do { outcome = try simulator.simulate(parameters: theta, times: grid, startTime: start) } catch {
                throw Unavailable(description: "cannot simulate: \(error)")
            }
            guard case .success(let sim) = outcome else { failed += 1; continue }
            for k in 0..<g { for ob in 0..<o where sim.observables[k][ob].isFinite {
                predictions[ob][k].append(sim.observables[k][ob])
            } }
        }
        var panels: [Panel] = []
        for ob in 0..<o {
            var q = [[Double]](repeating: [Double](repeating: .nan, count: g), count: levels.count)
            for k in 0..<g {
                let values = predictions[ob][k]
                let quantiles = WeightedQuantile.quantiles(values: values, weights: [Double](repeating: 1, count: values.count),
                                                           levels: levels)
                for l in levels.indices { q[l][k] = quantiles[l] }
            }
            let points = data.measurements.filter { $0.observable == ob && $0.time.isFinite && $0.value.isFinite }
                .map { (time: $0.time, value: $0.value) }
            panels.append(Panel(observable: model.observables[ob].name, times: grid, quantiles: q, data: points))
        }
        return PredictiveBands(panels: panels, draws: picks.count, failedDraws: failed)
    }

    /// Multinomial resampling: `count` indices drawn with probabilities
    /// `weights` (normalised), by inverting the cumulative sum. O(n + count·log n).
    static func resample(_ weights: [Double], count: Int, rng: inout RandomSource) -> [Int] {
        var cumulative = [Double](repeating: 0, count: weights.count)
        var total = 0.0
        for (i, w) in weights.enumerated() {
            total += max(0, w.isFinite ? w : 0)
            cumulative[i] = total
        }
        guard total > 0 else { return [] }
        return (0..<max(0, count)).map { _ in
            let u = rng.uniform() * total
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }
}
