import Foundation

/// An elliptical density — the multivariate normal N(μ, Σ), or the
/// multivariate Student t with ν degrees of freedom and scale matrix Σ — as a
/// ``ProposalDensity``, fitted by weighted moments.
///
/// Used as the defensive mixture component, as Laplace components at found
/// modes (t with a few degrees of freedom: its polynomial tails cover
/// posterior tails that a Gaussian fitted at a mode would miss, which would
/// bias an importance-sampling evidence low), and as a cheap stand-in for a
/// flow in tests.
///
/// Cost: sampling and evaluation O(d²) per point (triangular solves with the
/// Cholesky factor L, Σ = L Lᵀ); fitting O(n d²).
public struct EllipticalDensity: ProposalDensity, Codable, Hashable {
    public let dimension: Int
    public private(set) var mean: [Double]
    /// Lower-triangular Cholesky factor of Σ, row-major d × d.
    public private(set) var cholesky: [Double]
    private var logNormaliser: Double
    /// Multiplies the fitted standard deviations (≥ 1 widens the proposal).
    public var inflation: Double
    /// ν; `nil` for the normal distribution.
    public let degreesOfFreedom: Int?

    /// A normal (or t) with diagonal scale diag(sd²).
    public init(mean: [Double], sd: [Double], inflation: Double = 1, degreesOfFreedom: Int? = nil) {
        dimension = mean.count
        self.mean = mean
        var l = [Double](repeating: 0, count: mean.count * mean.count)
        for i in 0..<mean.count { l[i * mean.count + i] = sd[i] }
        cholesky = l
        logNormaliser = 0
        self.inflation = inflation
        self.degreesOfFreedom = degreesOfFreedom
        logNormaliser = computeLogNormaliser()
    }

    /// A normal (or t) with scale matrix `covariance`; throws if it is not positive definite.
    public init(mean: [Double], covariance: [Double], inflation: Double = 1, degreesOfFreedom: Int? = nil) throws(DensityError) {
        dimension = mean.count
        self.mean = mean
        self.inflation = inflation
        self.degreesOfFreedom = degreesOfFreedom
        guard let l = Cholesky.factor(covariance, dimension: mean.count) else { throw .notPositiveDefinite }
        cholesky = l
        logNormaliser = 0
        logNormaliser = computeLogNormaliser()
    }

    private func computeLogNormaliser() -> Double {
        var s = 0.0
        for i in 0..<dimension { s += Foundation.log(cholesky[i * dimension + i] * inflation) }
        let d = Double(dimension)
        guard let nu = degreesOfFreedom.map(Double.init) else { return -s - d * Special.halfLogTwoPi }
        return lgamma((nu + d) / 2) - lgamma(nu / 2) - d / 2 * Foundation.log(nu * Double.pi) - s
    }

    /// log density from the squared Mahalanobis distance r².
    @inline(__always)
    private func logDensity(squaredDistance r2: Double) -> Double {
        guard let nu = degreesOfFreedom.map(Double.init) else { return logNormaliser - 0.5 * r2 }
        return logNormaliser - (nu + Double(dimension)) / 2 * Foundation.log1p(r2 / nu)
    }

    public func sample(count: Int, using rng: inout RandomSource, threads: Int) -> (points: [Double], logDensity: [Double]) {
        let d = dimension
        var z = [Double](repeating: 0, count: count * d)
        z.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        // For the t: scale each normal draw by √(ν/χ²_ν), χ²_ν a sum of ν squared normals.
        var radial = [Double](repeating: 1, count: count)
        if let nu = degreesOfFreedom {
            var chi = [Double](repeating: 0, count: count * nu)
            chi.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
            for n in 0..<count {
                var s = 0.0
                for k in 0..<nu { s += chi[n * nu + k] * chi[n * nu + k] }
                radial[n] = (Double(nu) / s).squareRoot()
            }
        }
        var x = [Double](repeating: 0, count: count * d)
        var logq = [Double](repeating: 0, count: count)
        for n in 0..<count {
            var sq = 0.0
            for i in 0..<d {
                var s = mean[i]
                for j in 0...i { s += inflation * cholesky[i * d + j] * z[n * d + j] * radial[n] }
                x[n * d + i] = s
                sq += z[n * d + i] * z[n * d + i] * radial[n] * radial[n]
            }
            logq[n] = logDensity(squaredDistance: sq)
        }
        return (x, logq)
    }

    public func logDensity(of points: [Double], count: Int, threads: Int) -> [Double] {
        squaredDistances(of: points, count: count).map {
            let v = logDensity(squaredDistance: $0)
            return v.isNaN ? -.infinity : v
        }
    }

    public mutating func fit(points: [Double], weights: [Double], count: Int,
                             using rng: inout RandomSource, threads: Int) throws -> Double {
        let d = dimension
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }),
              let moments = WeightedMoments(points: Array(points[0..<(count * d)]), weights: Array(weights[0..<count]),
                                            dimension: d)
        else { throw DensityError.invalidWeights }
        let total = moments.totalWeight
        let m = moments.mean
        var cov = moments.covariance
        // A t's covariance is ν/(ν − 2) times its scale matrix.
        let shape = degreesOfFreedom.map { $0 > 2 ? Double($0 - 2) / Double($0) : 1 } ?? 1
        for i in 0..<d {
            for j in 0...i {
                cov[i * d + j] *= shape
                cov[j * d + i] = cov[i * d + j]
            }
            cov[i * d + i] += 1e-9 + 1e-6 * cov[i * d + i]
        }
        guard let l = Cholesky.factor(cov, dimension: d) else { throw DensityError.notPositiveDefinite }
        mean = m
        cholesky = l
        logNormaliser = computeLogNormaliser()
        // Loss: weighted mean negative log-density.
        let lq = logDensity(of: points, count: count, threads: threads)
        var loss = 0.0
        for n in 0..<count where weights[n] > 0 { loss -= weights[n] / total * lq[n] }
        return loss
    }
}

/// Why a density could not be built or fitted.
public enum DensityError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPositiveDefinite
    case invalidWeights
    case nonFiniteInput

    public var description: String {
        switch self {
        case .notPositiveDefinite: return "covariance matrix is not positive definite"
        case .invalidWeights: return "weights must be non-negative, finite and not all zero"
        case .nonFiniteInput: return "input points must be finite"
        }
    }
}

extension EllipticalDensity {
    /// Squared Mahalanobis distance (in the scale matrix, inflation included)
    /// of each point, by forward substitution L r = (x − μ) / inflation.
    public func squaredDistances(of points: [Double], count: Int) -> [Double] {
        Cholesky.squaredDistances(of: points, count: count, mean: mean, factor: cholesky, scale: inflation)
    }
}
