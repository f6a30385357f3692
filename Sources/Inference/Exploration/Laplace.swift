import Foundation

/// Laplace approximations around a mode of f(u) = log p_u(u) + log L(x(u)).
public enum Laplace {
    /// (−∇²f)⁻¹ at `u` by central differences (one batched call of 2d² + 1
    /// points), or nil if −∇²f is not positive definite there.
    public static func covariance(posterior: Posterior, at u: [Double], step h: Double, threads: Int,
                                  ledger: inout EvaluationLedger) -> [Double]? {
        let d = posterior.dimension
        var points: [Double] = u
        for i in 0..<d {
            for j in 0..<d {
                for (si, sj) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)] {
                    var q = u
                    q[i] += si * h
                    q[j] += sj * h
                    points += q
                }
            }
        }
        let n = points.count / d
        let (l, lp) = posterior.evaluate(unconstrained: points, count: n, threads: threads, ledger: &ledger)
        let f = zip(l, lp).map { $0 + $1 }
        guard f.allSatisfy(\.isFinite) else { return nil }
        var negH = [Double](repeating: 0, count: d * d)
        var k = 1
        for i in 0..<d {
            for j in 0..<d {
                negH[i * d + j] = -(f[k] - f[k + 1] - f[k + 2] + f[k + 3]) / (4 * h * h)
                k += 4
            }
        }
        for i in 0..<d { for j in 0..<i { let m = 0.5 * (negH[i * d + j] + negH[j * d + i]); negH[i * d + j] = m; negH[j * d + i] = m } }
        return SymmetricMatrix.inverse(negH, dimension: d)
    }

    /// Whether `point` lies within `radius` standard deviations of `mode`'s
    /// Laplace approximation.
    public static func contains(_ mode: FoundMode, point: [Double], radius: Double = 4) -> Bool {
        mahalanobis(point.indices.map { point[$0] - mode.center[$0] }, covariance: mode.covariance).map { $0 < radius } ?? false
    }

    static func mahalanobis(_ diff: [Double], covariance: [Double]) -> Double? {
        let d = diff.count
        guard let l = Cholesky.factor(covariance, dimension: d) else { return nil }
        let zero = [Double](repeating: 0, count: d)
        return Cholesky.squaredDistances(of: diff, count: 1, mean: zero, factor: l)[0].squareRoot()
    }

    /// Whether two optima are the same basin: each centre lies within a few
    /// standard deviations of the other's Laplace approximation.
    public static func sameMode(_ a: FoundMode, _ b: FoundMode, radius: Double = 4) -> Bool {
        let diff = a.center.indices.map { a.center[$0] - b.center[$0] }
        let da = mahalanobis(diff, covariance: a.covariance) ?? .infinity
        let db = mahalanobis(diff, covariance: b.covariance) ?? .infinity
        return min(da, db) < radius
    }
}

/// Small dense symmetric matrices.
public enum SymmetricMatrix {
    /// The inverse of a symmetric positive-definite matrix via Cholesky, or nil.
    public static func inverse(_ a: [Double], dimension d: Int) -> [Double]? {
        guard let l = Cholesky.factor(a, dimension: d) else { return nil }
        // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
        var li = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            li[i * d + i] = 1 / l[i * d + i]
            for j in 0..<i {
                var s = 0.0
                for k in j..<i { s -= l[i * d + k] * li[k * d + j] }
                li[i * d + j] = s / l[i * d + i]
            }
        }
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = 0.0
                for k in i..<d { s += li[k * d + i] * li[k * d + j] }
                out[i * d + j] = s
                out[j * d + i] = s
            }
        }
        return out
    }
}
