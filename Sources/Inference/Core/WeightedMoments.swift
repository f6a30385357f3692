/// Weighted mean and covariance of row-major points — the one place the
/// samplers compute them (mode components, the defensive density, SMC's
/// random-walk scale).
///
///     μ = Σᵢ wᵢ xᵢ / Σ w,   Σ = Σᵢ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / Σ w
///
/// (the weighted maximum-likelihood normalisation; rows with wᵢ ≤ 0 are
/// skipped). Cost O(n d²).
public struct WeightedMoments: Sendable, Hashable {
    public let dimension: Int
    public let mean: [Double]
    /// Row-major d × d, symmetric.
    public let covariance: [Double]
    /// Σ w over the rows used.
    public let totalWeight: Double

    /// nil if the weights do not sum to a positive finite number or a used point is not finite.
    public init?(points: [Double], weights: [Double], dimension d: Int) {
        let n = weights.count
        precondition(points.count == n * d, "points must be weights.count × dimension")
        var total = 0.0
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n where weights[i] > 0 {
            total += weights[i]
            for j in 0..<d { mean[j] += weights[i] * points[i * d + j] }
        }
        guard total > 0, total.isFinite else { return nil }
        for j in 0..<d { mean[j] /= total }
        var cov = [Double](repeating: 0, count: d * d)
        var r = [Double](repeating: 0, count: d)
        for i in 0..<n where weights[i] > 0 {
            for j in 0..<d { r[j] = points[i * d + j] - mean[j] }
            for a in 0..<d { for b in 0...a { cov[a * d + b] += weights[i] * r[a] * r[b] } }
        }
        for a in 0..<d {
            for b in 0...a {
                cov[a * d + b] /= total
                cov[b * d + a] = cov[a * d + b]
            }
        }
        guard mean.allSatisfy(\.isFinite), cov.allSatisfy(\.isFinite) else { return nil }
        dimension = d
        self.mean = mean
        covariance = cov
        totalWeight = total
    }
}
