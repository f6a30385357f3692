import Baselines
import Inference

/// An equal-weight posterior sample (what dynesty calls `samples_equal` and
/// pocoMC its resampled posterior), drawn from a run's weighted samples.
///
/// N = round(ESS) rows: a resample carries at most the information of the
/// weights' Kish ESS, so more rows would only repeat rows and fewer would
/// lose precision. The rows are drawn by systematic resampling
/// (``SystematicResampling``: row i is taken ⌊N w̄ᵢ⌋ or ⌈N w̄ᵢ⌉ times, the
/// least resampling noise), then shuffled (Fisher–Yates) so that every prefix
/// is itself an equal-weight sample. Both draws come from a generator seeded
/// by the run's seed, so the same run gives the same file. Cost O(n + N).
enum EqualWeightSample {
    /// round(ESS), at least 1 when some weight is positive; 0 when none is.
    static func count(effectiveSampleSize ess: Double) -> Int {
        guard ess.isFinite, ess > 0 else { return 0 }
        return max(1, Int(ess.rounded()))
    }

    /// The stream of the run's seed used here (any fixed value, distinct from the samplers' streams).
    static let stream = 0x45_5157

    /// Indices into `samples` of `count` equal-weight rows (default: round of
    /// the Kish ESS of the weights; a run passes the ESS it reports, which for
    /// correlated MCMC samples is the smaller, autocorrelation-corrected one —
    /// resampling equal weights to it then thins the chain evenly), in random order.
    static func rows(_ samples: WeightedSamples, count n: Int? = nil, seed: UInt64) -> [Int] {
        let n = n ?? count(effectiveSampleSize: samples.effectiveSampleSize)
        guard n > 0, samples.count > 0 else { return [] }
        let weights = LogWeights.normalized(samples.logWeights)
        guard weights.contains(where: { $0 > 0 }) else { return [] }
        var rng = RandomSource(seed: seed).stream(stream)
        var picks = SystematicResampling.ancestors(weights: weights, count: n, rng: &rng)
        // Round-off can carry the last points past Σw̄ < 1 onto trailing zero-weight rows.
        if let lastPositive = weights.lastIndex(where: { $0 > 0 }) {
            for k in picks.indices where weights[picks[k]] <= 0 { picks[k] = lastPositive }
        }
        for i in stride(from: picks.count - 1, to: 0, by: -1) {
            picks.swapAt(i, rng.integer(below: i + 1))
        }
        return picks
    }
}
