import Foundation
import Inference

/// The independent Metropolis–Hastings proposal of the SMC moves (PyMC's
/// `sample_smc` kernel, made to follow the particles' geometry): every
/// particle proposes a fresh draw y from a mixture q of Student t's fitted to
/// the stage's weighted particles (``GaussianMixtureFit``: each component's
/// scale matrix its covariance · (ν − 2)/ν · inflation²), accepted with
/// log factor log q(x) − log q(y). When q is close to the tempered posterior
/// this decorrelates the population in one or two sweeps whatever its
/// correlations, and it moves particles *between* modes the mixture has a
/// component for (a random walk cannot), in proportion to the target's mass.
/// Where q is poor (acceptance drops) the random walk does the work.
/// Cost O(K N d²) per sweep (``EllipticalDensity``).
struct IndependentProposal {
    let logFractions: [Double]
    let densities: [EllipticalDensity]

    /// nil when no component's covariance can be made positive definite.
    ///
    /// `balance` b ∈ [0, 1] spreads that share of the mass equally over the
    /// components: fractions (1 − b) πₖ + b/K. A mode that holds few of the
    /// particles (their share is a noisy estimate of its mass) then still gets
    /// at least b/K of the draws; the density stays exact, so importance
    /// weights stay unbiased.
    init?(mixture: GaussianMixtureFit, degreesOfFreedom nu: Int, inflation: Double, balance: Double = 0) {
        let shape = nu > 2 ? Double(nu - 2) / Double(nu) : 1
        var fractions: [Double] = [], densities: [EllipticalDensity] = []
        for c in mixture.components {
            let d = c.mean.count
            var scale = c.covariance.map { $0 * shape }
            let (_, jitter) = Cholesky.regularizedFactor(scale, dimension: d)
            guard jitter.isFinite else { continue }
            for i in 0..<d { scale[i * d + i] += jitter }
            guard let q = try? EllipticalDensity(mean: c.mean, covariance: scale, inflation: inflation,
                                                 degreesOfFreedom: nu) else { continue }
            fractions.append(c.weight)
            densities.append(q)
        }
        guard !densities.isEmpty else { return nil }
        let total = fractions.reduce(0, +)
        let k = Double(fractions.count)
        logFractions = fractions.map { Foundation.log((1 - balance) * $0 / total + balance / k) }
        self.densities = densities
    }

    var components: Int { densities.count }

    /// log q at `count` row-major points.
    func logDensity(of points: [Double], count: Int) -> [Double] {
        LogWeights.logMixture(columns: densities.map { $0.logDensity(of: points, count: count, threads: 1) },
                              logFractions: logFractions, count: count)
    }

    /// One fresh draw per particle, and the log factors log q(x) − log q(y).
    func propose(_ particles: ParticleSystem, rng: inout RandomSource) -> (proposals: [Double], logFactors: [Double]) {
        let n = particles.count
        let (y, logQy) = draw(count: n, rng: &rng)
        let logQx = logDensity(of: particles.positions, count: n)
        return (y, (0..<n).map { logQx[$0] - logQy[$0] })
    }

    /// `n` independent draws from the mixture and their log q: multinomial
    /// component counts, draws per component, then a uniformly random order.
    func draw(count n: Int, rng: inout RandomSource) -> (points: [Double], logDensity: [Double]) {
        let d = densities[0].dimension
        var counts = [Int](repeating: 0, count: components)
        for _ in 0..<n {
            var u = rng.uniform(), k = 0
            while k < components - 1 && u >= Foundation.exp(logFractions[k]) { u -= Foundation.exp(logFractions[k]); k += 1 }
            counts[k] += 1
        }
        var y: [Double] = []
        y.reserveCapacity(n * d)
        for (k, q) in densities.enumerated() where counts[k] > 0 {
            y += q.sample(count: counts[k], using: &rng, threads: 1).points
        }
        var order = Array(0..<n)
        for i in stride(from: n - 1, through: 1, by: -1) { order.swapAt(i, rng.integer(below: i + 1)) }
        var shuffled = [Double](repeating: 0, count: n * d)
        for (i, j) in order.enumerated() { for c in 0..<d { shuffled[i * d + c] = y[j * d + c] } }
        return (shuffled, logDensity(of: shuffled, count: n))
    }
}
