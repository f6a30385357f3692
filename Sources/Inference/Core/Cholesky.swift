/// Cholesky factorisation of small symmetric matrices (proposal covariances, Laplace approximations).
public enum Cholesky {
    /// The lower factor L with L Lᵀ = A (row-major n × n), or nil if A is not
    /// numerically positive definite. Cost O(n³/6).
    public static func factor(_ a: [Double], dimension n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        return l
    }

    /// The factor of A + εI with the smallest ε in {0, 10⁻¹⁰ m, 10⁻⁹ m, …, 10⁻¹ m}
    /// (m the mean diagonal, or 1 if that is not positive) that succeeds; if
    /// none does, the factor of diag(A) with non-positive entries replaced
    /// by m. Returns the factor and the ε used.
    public static func regularizedFactor(_ a: [Double], dimension n: Int) -> (factor: [Double], jitter: Double) {
        if let l = factor(a, dimension: n) { return (l, 0) }
        var meanDiagonal = 0.0
        for i in 0..<n { meanDiagonal += a[i * n + i] }
        meanDiagonal /= Double(n)
        if !(meanDiagonal > 0 && meanDiagonal.isFinite) { meanDiagonal = 1 }
        var epsilon = 1e-10 * meanDiagonal
        while epsilon <= 0.1 * meanDiagonal {
            var b = a
            for i in 0..<n { b[i * n + i] += epsilon }
            if let l = factor(b, dimension: n) { return (l, epsilon) }
            epsilon *= 10
        }
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let v = a[i * n + i]
            l[i * n + i] = (v > 0 && v.isFinite ? v : meanDiagonal).squareRoot()
        }
        return (l, .infinity)
    }

    /// The squared Mahalanobis distance |L⁻¹(x − μ)|² / s² for the lower
    /// Cholesky factor L of a d × d matrix (row-major), by forward
    /// substitution; `scratch` holds d doubles. NaN becomes +∞. Cost O(d²).
    /// The one kernel behind every elliptical distance in the samplers.
    @inline(__always)
    public static func squaredDistance(
        _ x: UnsafePointer<Double>, mean: UnsafePointer<Double>, factor l: UnsafePointer<Double>, dimension d: Int,
        scale s: Double = 1, scratch r: UnsafeMutablePointer<Double>
    ) -> Double {
        var sq = 0.0
        for i in 0..<d {
            var v = (x[i] - mean[i]) / s
            for j in 0..<i { v -= l[i * d + j] * r[j] }
            r[i] = v / l[i * d + i]
            sq += r[i] * r[i]
        }
        return sq.isNaN ? .infinity : sq
    }

    /// `squaredDistance` of every row of `points` (`count × d`) from `mean` under factor `l`.
    public static func squaredDistances(of points: [Double], count: Int, mean: [Double], factor l: [Double],
                                        scale s: Double = 1) -> [Double] {
        let d = mean.count
        var out = [Double](repeating: .infinity, count: count)
        var r = [Double](repeating: 0, count: max(d, 1))
        points.withUnsafeBufferPointer { x in
            mean.withUnsafeBufferPointer { m in
                l.withUnsafeBufferPointer { lb in
                    r.withUnsafeMutableBufferPointer { rb in
                        guard let xb = x.baseAddress, let mb = m.baseAddress, let lp = lb.baseAddress,
                              let rp = rb.baseAddress else { return }
                        for n in 0..<count {
                            out[n] = squaredDistance(xb + n * d, mean: mb, factor: lp, dimension: d, scale: s, scratch: rp)
                        }
                    }
                }
            }
        }
        return out
    }
}

