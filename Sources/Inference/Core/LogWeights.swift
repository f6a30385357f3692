import Foundation

/// Operations on (unnormalised) log importance weights.
///
/// Weights are kept as logarithms throughout: likelihoods of ODE models span
/// hundreds of nats, so `exp` is only ever taken after subtracting the maximum.
/// Entries equal to −∞ are zero weights; NaN entries are a caller bug and are
/// treated as zero weights as well (never propagated).
public enum LogWeights {
    /// log Σ exp(xᵢ); −∞ for an empty or all-zero-weight input.
    public static func logSumExp<C: Collection>(_ values: C) -> Double where C.Element == Double {
        var maximum = -Double.infinity
        for v in values where v > maximum { maximum = v }
        guard maximum.isFinite else { return maximum == .infinity ? .infinity : -.infinity }
        var sum = 0.0
        for v in values where v > -.infinity { sum += Foundation.exp(v - maximum) }
        return maximum + Foundation.log(sum)
    }

    /// The log density of a mixture at `count` points:
    /// log Σ_k exp(logFractions[k] + columns[k][i]) for every i, where
    /// `columns[k]` holds part k's log densities and `logFractions[k]` its log
    /// weight. A part whose fraction is zero (−∞) is skipped. Cost O(K·count).
    public static func logMixture(columns: [[Double]], logFractions: [Double], count: Int) -> [Double] {
        precondition(columns.count == logFractions.count)
        let parts = logFractions.indices.filter { logFractions[$0] > -.infinity }
        var out = [Double](repeating: -.infinity, count: count)
        for i in 0..<count {
            var m = -Double.infinity
            for k in parts { m = max(m, logFractions[k] + columns[k][i]) }
            guard m.isFinite else {
                out[i] = m
                continue
            }
            var s = 0.0
            for k in parts { s += Foundation.exp(logFractions[k] + columns[k][i] - m) }
            out[i] = m + Foundation.log(s)
        }
        return out
    }

    /// The self-normalised weights w̄ᵢ = wᵢ / Σ w (all zero if every weight is zero).
    public static func normalized(_ logWeights: [Double]) -> [Double] {
        let total = logSumExp(logWeights)
        guard total.isFinite else { return [Double](repeating: 0, count: logWeights.count) }
        return logWeights.map { $0.isNaN ? 0 : Foundation.exp($0 - total) }
    }

    /// Kish's effective sample size (Σw)² / Σw², in [1, n] (0 if every weight is zero).
    ///
    /// Cost O(n). Computed as exp(2·LSE(log w) − LSE(2·log w)).
    public static func effectiveSampleSize(_ logWeights: [Double]) -> Double {
        let a = logSumExp(logWeights)
        guard a.isFinite else { return 0 }
        let b = logSumExp(logWeights.lazy.map { 2 * ($0 - a) })
        return Foundation.exp(-b)
    }

    /// log of the mean weight, log((1/n) Σ wᵢ): the importance-sampling estimate
    /// of a log normalising constant, with its delta-method standard error
    /// sd(w) / (√n · mean(w)).
    public static func logMeanWithError(_ logWeights: [Double]) -> (logMean: Double, standardError: Double) {
        let n = Double(logWeights.count)
        guard n > 0 else { return (-.infinity, .infinity) }
        let lse = logSumExp(logWeights)
        guard lse.isFinite else { return (-.infinity, .infinity) }
        let logMean = lse - Foundation.log(n)
        // Relative variance of the weights: E[(w/mean − 1)²].
        var s = 0.0
        for v in logWeights {
            let r = v.isNaN ? -1.0 : Foundation.exp(v - logMean) - 1
            s += r * r
        }
        let relativeVariance = s / max(n - 1, 1)
        return (logMean, (relativeVariance / n).squareRoot())
    }
}
