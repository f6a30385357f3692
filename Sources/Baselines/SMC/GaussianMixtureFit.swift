import Foundation
import Inference

/// A Gaussian mixture fitted to weighted points by expectation–maximisation,
/// with the number of components chosen by BIC: the shape behind SMC's
/// independent proposal (``IndependentProposal``), so that the proposal
/// follows particles spread over several modes or along a curved ridge.
///
/// For K = 1…`maxComponents`: k-means++ seeding (squared Mahalanobis
/// distances under the points' overall covariance), then `iterations` EM
/// steps on the normalised weights w̄ᵢ: responsibilities
/// rᵢₖ ∝ πₖ N(xᵢ; μₖ, Σₖ), then πₖ = Σᵢ w̄ᵢ rᵢₖ and μₖ, Σₖ the moments under
/// w̄ᵢ rᵢₖ (``WeightedMoments``), Σₖ regularised by 10⁻⁶ of the overall
/// variances. The score is BIC = −2 n ℓ̄ + p log n with ℓ̄ = Σᵢ w̄ᵢ log p(xᵢ),
/// n the weights' ESS and p = K(d + d(d+1)/2) + K − 1 parameters; K stops
/// growing once a component would hold fewer than 2(d + 1) effective points.
/// Cost O(K² · iterations · N d²) in all.
struct GaussianMixtureFit {
    struct Component {
        var weight: Double
        var mean: [Double]
        var covariance: [Double]
    }

    let components: [Component]

    /// A mixture given directly (components' weights need not be normalised).
    init(components: [Component]) {
        self.components = components
    }

    init?(points: [Double], weights: [Double], dimension d: Int, maxComponents: Int, iterations: Int = 30,
          rng: inout RandomSource) {
        guard let overall = WeightedMoments(points: points, weights: weights, dimension: d) else { return nil }
        let total = weights.reduce(0, +)
        let w = weights.map { $0 / total }
        let ess = 1 / w.reduce(0) { $0 + $1 * $1 }
        let perComponent = Double(d + d * (d + 1) / 2)
        var best: (score: Double, components: [Component])?
        for k in 1...max(1, maxComponents) {
            if k > 1 && ess / Double(k) < Double(2 * (d + 1)) { break }
            guard let (fit, meanLogDensity) = Self.em(points: points, w: w, dimension: d, components: k,
                                                      overall: overall, iterations: iterations, rng: &rng) else { continue }
            let p = Double(k) * perComponent + Double(k - 1)
            let score = -2 * ess * meanLogDensity + p * Foundation.log(ess)
            if best == nil || score < best!.score { best = (score, fit) }
        }
        guard let chosen = best?.components else { return nil }
        components = chosen
    }

    /// log N(x; μ, Σ) of every point for each component; nil for a component whose Σ is not positive definite.
    static func logDensities(_ points: [Double], count n: Int, component c: Component, dimension d: Int) -> [Double]? {
        guard let l = Cholesky.factor(c.covariance, dimension: d) else { return nil }
        var logDet = 0.0
        for i in 0..<d { logDet += Foundation.log(l[i * d + i]) }
        let constant = -logDet - Double(d) * Special.halfLogTwoPi
        return Cholesky.squaredDistances(of: points, count: n, mean: c.mean, factor: l).map { constant - 0.5 * $0 }
    }

    /// One EM fit with `components` components; returns them and Σᵢ w̄ᵢ log p(xᵢ).
    static func em(points: [Double], w: [Double], dimension d: Int, components k: Int, overall: WeightedMoments,
                   iterations: Int, rng: inout RandomSource) -> ([Component], Double)? {
        let n = w.count
        var floor = [Double](repeating: 0, count: d * d)
        for j in 0..<d { floor[j * d + j] = 1e-6 * max(overall.covariance[j * d + j], 1e-300) }
        let (globalFactor, _) = Cholesky.regularizedFactor(overall.covariance, dimension: d)
        // k-means++ seeding on the weighted points.
        var centres: [[Double]] = []
        var nearest = [Double](repeating: .infinity, count: n)
        for c in 0..<k {
            var pick = 0
            if c == 0 {
                var u = rng.uniform(), i = 0
                while i < n - 1 && u >= w[i] { u -= w[i]; i += 1 }
                pick = i
            } else {
                let scores = (0..<n).map { w[$0] * nearest[$0] }
                let sum = scores.reduce(0, +)
                guard sum > 0 else { break }
                var u = rng.uniform() * sum, i = 0
                while i < n - 1 && u >= scores[i] { u -= scores[i]; i += 1 }
                pick = i
            }
            let centre = Array(points[(pick * d)..<((pick + 1) * d)])
            centres.append(centre)
            let dist = Cholesky.squaredDistances(of: points, count: n, mean: centre, factor: globalFactor)
            for i in 0..<n { nearest[i] = min(nearest[i], dist[i]) }
        }
        var mixture = centres.map { Component(weight: 1 / Double(centres.count), mean: $0, covariance: overall.covariance) }
        var meanLogDensity = -Double.infinity
        for _ in 0..<max(1, iterations) {
            // E-step.
            var columns: [[Double]] = []
            var kept: [Component] = []
            for c in mixture {
                if let l = logDensities(points, count: n, component: c, dimension: d) {
                    columns.append(l)
                    kept.append(c)
                }
            }
            guard !kept.isEmpty else { return nil }
            mixture = kept
            let logFractions = mixture.map { Foundation.log($0.weight) }
            let logMix = LogWeights.logMixture(columns: columns, logFractions: logFractions, count: n)
            meanLogDensity = zip(w, logMix).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * $1.1 : 0) }
            // M-step.
            var next: [Component] = []
            for (c, column) in columns.enumerated() {
                let r = (0..<n).map { i in logMix[i].isFinite ? w[i] * Foundation.exp(logFractions[c] + column[i] - logMix[i]) : 0 }
                let mass = r.reduce(0, +)
                guard mass > 1e-12, let m = WeightedMoments(points: points, weights: r, dimension: d) else { continue }
                next.append(Component(weight: mass, mean: m.mean, covariance: zip(m.covariance, floor).map { $0 + $1 }))
            }
            guard !next.isEmpty else { return nil }
            let mass = next.reduce(0) { $0 + $1.weight }
            mixture = next.map { Component(weight: $0.weight / mass, mean: $0.mean, covariance: $0.covariance) }
        }
        return meanLogDensity.isFinite ? (mixture, meanLogDensity) : nil
    }
}
