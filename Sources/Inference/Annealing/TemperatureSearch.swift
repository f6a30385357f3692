import Foundation

/// Chooses the next inverse temperature by bisection on the effective sample size.
///
/// Given samples with base log-weights `b_i` (e.g. log p_u − log q at the
/// current β = 0 part) and log-likelihoods `ℓ_i`, the weights at β′ are
/// `b_i + β′ ℓ_i`. The next β′ ∈ (β, 1] is the largest one whose ESS
/// `(Σw)²/Σw²` is at least `target × n`; β′ = 1 at once if ESS(1) meets it.
/// Cost O(n) per bisection step, 60 steps at most.
public enum TemperatureSearch {
    /// - Returns: the next β′, or `beta` itself if even a tiny step falls below the target.
    public static func next(
        beta: Double, baseLogWeights: [Double], logLikelihoods: [Double], targetFraction: Double
    ) -> Double {
        let n = Double(baseLogWeights.count)
        func ess(_ b: Double) -> Double {
            var w = [Double](repeating: 0, count: baseLogWeights.count)
            for i in w.indices {
                let l = logLikelihoods[i]
                w[i] = l == -.infinity ? -.infinity : baseLogWeights[i] + b * l
            }
            return LogWeights.effectiveSampleSize(w) / n
        }
        if ess(1) >= targetFraction { return 1 }
        if ess(beta) < targetFraction { return beta }
        return bisect(from: beta) { ess($0) >= targetFraction }
    }

    /// The largest β′ ∈ (beta, 1) (to a relative 1e-10, at most 60 halvings)
    /// with `accepts(β′)`, for an `accepts` that holds at `beta` and fails at 1
    /// and switches once in between. Always moves: if no point above `beta`
    /// was accepted, returns the smallest rejected one (a step of ~1e-10), so
    /// a loop that calls it cannot stall at one β.
    static func bisect(from beta: Double, accepts: (Double) -> Bool) -> Double {
        var lo = beta, hi = 1.0
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if accepts(mid) { lo = mid } else { hi = mid }
            if hi - lo < 1e-10 * max(hi, 1e-12) { break }
        }
        return lo > beta ? lo : hi
    }
}

extension TemperatureSearch {
    /// The next β′ by the conditional ESS (Zhou, Johansen & Aston 2016): with
    /// W_i the normalised weights at the current β and v_i = L_i^(β′−β) the
    /// incremental weights, CESS(β′) = (Σ W_i v_i)² / Σ W_i v_i², a fraction in
    /// (0, 1] that measures only the step from β to β′ — not how well the
    /// samples matched the current target in the first place. β′ is the
    /// largest value with CESS ≥ `targetFraction` (1 at once if CESS(1) meets it).
    public static func nextConditional(
        beta: Double, currentLogWeights: [Double], logLikelihoods: [Double], targetFraction: Double
    ) -> Double {
        let w = LogWeights.normalized(currentLogWeights)
        let live = w.indices.filter { w[$0] > 0 && logLikelihoods[$0].isFinite }
        guard !live.isEmpty else { return beta }
        let lmax = live.map { logLikelihoods[$0] }.max()!
        func cess(_ b: Double) -> Double {
            let step = b - beta
            var s1 = 0.0, s2 = 0.0
            for i in live {
                let v = Foundation.exp(step * (logLikelihoods[i] - lmax))
                s1 += w[i] * v
                s2 += w[i] * v * v
            }
            return s2 > 0 ? s1 * s1 / s2 : 0
        }
        if cess(1) >= targetFraction { return 1 }
        return bisect(from: beta) { cess($0) >= targetFraction }
    }
}
