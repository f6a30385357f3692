import Foundation
import Inference
import Testing
@testable import Baselines

@Suite struct SMCComponentTests {
    func randomWeights(_ n: Int, rng: inout RandomSource) -> [Double] {
        let raw = (0..<n).map { _ in Foundation.exp(3 * rng.normal()) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// Systematic resampling gives every index ⌊N w̄⌋ or ⌈N w̄⌉ copies, for any offset.
    @Test func systematicCountsWithinFloorAndCeiling() {
        var rng = RandomSource(seed: 31)
        for trial in 0..<50 {
            let n = 10 + trial * 7
            let w = randomWeights(n, rng: &rng)
            let count = trial % 2 == 0 ? n : 2 * n + 3
            let ancestors = SystematicResampling.ancestors(weights: w, count: count, rng: &rng)
            #expect(ancestors.count == count)
            #expect(zip(ancestors, ancestors.dropFirst()).allSatisfy { $0 <= $1 })
            var copies = [Int](repeating: 0, count: n)
            for a in ancestors { copies[a] += 1 }
            for i in 0..<n {
                let expected = Double(count) * w[i]
                #expect(Double(copies[i]) >= expected.rounded(.down) - 1e-9 && Double(copies[i]) <= expected.rounded(.up) + 1e-9,
                        "index \(i): \(copies[i]) copies for N w̄ = \(expected)")
            }
        }
        // Worked examples.
        let w = [0.1, 0.2, 0.3, 0.4]
        // Points (U + m)/10 against cumulative weights 0.1, 0.3, 0.6, 1.0.
        #expect(SystematicResampling.ancestors(weights: w, count: 10, offset: 0.05) == [0, 1, 1, 2, 2, 2, 3, 3, 3, 3])
        #expect(SystematicResampling.ancestors(weights: w, count: 10, offset: 0.95) == [0, 1, 1, 2, 2, 2, 3, 3, 3, 3])
        #expect(SystematicResampling.ancestors(weights: w, count: 4, offset: 0.5) == [1, 2, 3, 3])
    }

    /// Multinomial resampling: sorted, and the copy counts have mean N w̄ (χ² over 200 draws of N = 50).
    @Test func multinomialCountsHaveTheRightMean() {
        var rng = RandomSource(seed: 32)
        let w = randomWeights(8, rng: &rng)
        var totals = [Double](repeating: 0, count: 8)
        let draws = 200, n = 50
        for _ in 0..<draws {
            let a = MultinomialResampling.ancestors(weights: w, count: n, rng: &rng)
            #expect(zip(a, a.dropFirst()).allSatisfy { $0 <= $1 })
            for i in a { totals[i] += 1 }
        }
        // Pearson χ² with 7 degrees of freedom; the 0.999 quantile is 24.3.
        let chi2 = (0..<8).reduce(0.0) { s, i in
            let e = Double(draws * n) * w[i]
            return e > 0 ? s + (totals[i] - e) * (totals[i] - e) / e : s
        }
        #expect(chi2 < 24.3)
    }

    /// SMC's tempering (``TemperatureSearch/nextConditional``, equal weights
    /// after resampling): the chosen β′ gives the target ESS of the incremental
    /// weights (or β′ = 1 when the whole step keeps ESS above it).
    @Test func temperingHitsTargetESS() {
        var rng = RandomSource(seed: 33)
        let logL = (0..<500).map { _ in -50 * rng.uniform() - 10 * rng.normal() * rng.normal() }
        func next(_ beta: Double, _ l: [Double], ess: Double) -> Double {
            TemperatureSearch.nextConditional(beta: beta, currentLogWeights: [Double](repeating: 0, count: l.count),
                                              logLikelihoods: l, targetFraction: ess / Double(l.count))
        }
        func incrementalESS(_ step: Double, _ l: [Double]) -> Double {
            LogWeights.effectiveSampleSize(l.map { $0 == -.infinity ? -.infinity : step * $0 })
        }
        let b1 = next(0.01, logL, ess: 250)
        #expect(b1 > 0.01 && b1 < 1)
        #expect(abs(incrementalESS(b1 - 0.01, logL) - 250) < 1e-6 * 250)
        let flat = [Double](repeating: -3, count: 100)
        #expect(next(0.5, flat, ess: 50) == 1)
        // Failed particles (−∞) have zero weight, so a target below the finite count is reachable.
        let partial = logL.enumerated().map { $0.offset % 2 == 0 ? -Double.infinity : $0.element }
        let b2 = next(0, partial, ess: 125)
        #expect(abs(incrementalESS(b2, partial) - 125) < 1e-6 * 125)
    }

    /// With a single stage (no resampling yet) the genealogy estimator is the
    /// unbiased importance-sampling variance s²_w / (N w̄²); with one Eve left it is unusable.
    @Test func genealogyVarianceReducesToImportanceSampling() {
        var rng = RandomSource(seed: 34)
        let n = 200
        let raw = (0..<n).map { _ in Foundation.exp(rng.normal()) }
        let mean = raw.reduce(0, +) / Double(n)
        let s2 = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let total = raw.reduce(0, +)
        let v = GenealogyVariance(weights: raw.map { $0 / total }, eves: Array(0..<n), stages: 1)
        #expect(abs(v.relativeVariance - s2 / (Double(n) * mean * mean)) < 1e-12)
        #expect(v.distinctEves == n)
        let collapsed = GenealogyVariance(weights: raw.map { $0 / total }, eves: [Int](repeating: 3, count: n), stages: 5)
        #expect(collapsed.distinctEves == 1 && collapsed.logEvidenceError() == nil)
    }

    @Test func regularisedCholesky() {
        // Rank-one covariance: not positive definite, jitter makes it so.
        let a = [1.0, 1, 1, 1]
        #expect(Cholesky.factor(a, dimension: 2) == nil)
        let (l, jitter) = Cholesky.regularizedFactor(a, dimension: 2)
        #expect(jitter > 0 && jitter.isFinite)
        let rebuilt = [l[0] * l[0], l[0] * l[2], l[2] * l[0], l[2] * l[2] + l[3] * l[3]]
        for k in 0..<4 { #expect(abs(rebuilt[k] - a[k] - (k == 0 || k == 3 ? jitter : 0)) < 1e-9) }
    }
}
