import Inference

/// The SMC particles in the unconstrained space, with their cached
/// log-likelihoods, unconstrained log-priors and Eve indices (the initial
/// particle each descends from, for ``GenealogyVariance``).
struct ParticleSystem {
    let dimension: Int
    var positions: [Double]
    var logLikelihoods: [Double]
    var logPriors: [Double]
    var eves: [Int]

    var count: Int { logLikelihoods.count }

    /// Replaces the population by the particles `ancestors` (with repetition). Cost O(N · d).
    mutating func resample(_ ancestors: [Int]) {
        let d = dimension
        var p = [Double](repeating: 0, count: ancestors.count * d)
        for (m, a) in ancestors.enumerated() {
            for j in 0..<d { p[m * d + j] = positions[a * d + j] }
        }
        positions = p
        logLikelihoods = ancestors.map { logLikelihoods[$0] }
        logPriors = ancestors.map { logPriors[$0] }
        eves = ancestors.map { eves[$0] }
    }

    /// max_j |corr(start_{·j}, positions_{·j})| across particles: how much the
    /// moves have decorrelated the population from `start` (same layout).
    /// A coordinate with zero variance counts as correlation 1. Cost O(N · d).
    func maximumCorrelation(with start: [Double]) -> Double {
        let d = dimension, n = count
        var worst = 0.0
        for j in 0..<d {
            var ma = 0.0, mb = 0.0
            for i in 0..<n {
                ma += start[i * d + j]
                mb += positions[i * d + j]
            }
            ma /= Double(n)
            mb /= Double(n)
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in 0..<n {
                let a = start[i * d + j] - ma, b = positions[i * d + j] - mb
                sab += a * b
                saa += a * a
                sbb += b * b
            }
            let r = saa > 0 && sbb > 0 ? abs(sab) / (saa * sbb).squareRoot() : 1
            worst = max(worst, r.isFinite ? r : 1)
        }
        return worst
    }
}
