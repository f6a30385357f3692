import Foundation
import Inference
import ModelDSL

/// Seeded measurement noise from each observable's noise model, for making
/// synthetic data sets:
/// Normal: `y = μ + sd·z`; LogNormal: `y = μ·exp(sd·z)`, with `z ~ N(0, 1)`;
/// Laplace: `y = μ + b·ℓ`, LogLaplace: `y = μ·exp(b·ℓ)`, ℓ the Laplace variate of `z`
/// from `RandomSource(seed:)`, drawn in time-then-observable order (one
/// draw per cell of the wide table, whatever is written out).
enum MeasurementNoise {
    /// Noisy observables, `[time][observable]`.
    /// - Throws: ``CLIError`` for an sd that is not positive and finite, or a
    ///   LogNormal or LogLaplace prediction ≤ 0 (no noisy value exists).
    /// `skippingNaN`: a NaN prediction (an observable whose placeholder values
    /// are unknown) stays NaN instead of being an error (its draw is still made).
    static func apply(to simulation: Simulation, model: CheckedModel, seed: UInt64,
                      skippingNaN: Bool = false) throws(CLIError) -> [[Double]] {
        var rng = RandomSource(seed: seed)
        var out = simulation.observables
        for k in simulation.times.indices {
            for (o, observable) in model.observables.enumerated() {
                let z = rng.normal()
                let mu = simulation.observables[k][o], sd = simulation.noiseSDs[k][o]
                let at = "observable '\(observable.name)' at t = \(formatNumber(simulation.times[k]))"
                if skippingNaN && mu.isNaN { continue }
                guard mu.isFinite else { throw CLIError("\(at): the prediction is \(mu)") }
                guard sd.isFinite && sd > 0 else { throw CLIError("\(at): the noise sd is \(sd) (must be positive and finite)") }
                guard let y = measurement(mu, sd: sd, noise: observable.noise, z: z) else {
                    let kind = if case .logLaplace = observable.noise { "LogLaplace" } else { "LogNormal" }
                    throw CLIError("\(at): \(kind) noise needs a positive prediction, got \(mu)")
                }
                out[k][o] = y
            }
        }
        return out
    }

    /// One noisy measurement from prediction `mu`, noise spread `sd` (the sd,
    /// or the Laplace scale) and a standard normal deviate `z`; nil when none
    /// exists (sd not positive and finite, a non-finite prediction, a log
    /// kind with μ ≤ 0).
    static func measurement(_ mu: Double, sd: Double, noise: NoiseModel, z: Double) -> Double? {
        guard mu.isFinite, sd.isFinite, sd > 0 else { return nil }
        switch noise {
        case .normal: return mu + sd * z
        case .logNormal: return mu > 0 ? mu * Foundation.exp(sd * z) : nil
        case .laplace: return mu + sd * laplace(z)
        case .logLaplace: return mu > 0 ? mu * Foundation.exp(sd * laplace(z)) : nil
        }
    }

    /// A standard Laplace variate (scale 1) from a standard normal one, by
    /// inverting the Laplace CDF at u = Φ(z): `−sign(u − ½)·ln(1 − 2|u − ½|)`.
    static func laplace(_ z: Double) -> Double {
        let u = 0.5 * Foundation.erfc(-z / 2.0.squareRoot())
        let d = u - 0.5
        return -(d < 0 ? -1.0 : 1.0) * Foundation.log(1 - 2 * Swift.abs(d))
    }
}
