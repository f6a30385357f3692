import ODE
import Foundation

extension RealNVP {
    /// Rows per block in `logDensity` and `sample` (keeps a block's
    /// activations in L2 across all layers).
    static let evaluationBlockRows = 128

    /// `log q(x)` for every row of `x`, exactly, via the inverse pass.
    ///
    /// Rows are processed in blocks of 128 spread over `threads` workers; a
    /// row's value does not depend on `threads`. Finite inputs never give NaN:
    /// if an intermediate overflows (only possible for astronomically distant
    /// points, where every layer keeps `|z|` huge), the result is `−∞`, which
    /// is then also the correctly rounded value. Cost per row: one pass of each
    /// conditioner (≈ 2·K·(H·d/2 + H² + H·d) flops), ≈ 9 µs per row and
    /// core for d = 8, K = 8, 2 × 64 (`FlowBenchmark`, release build).
    /// - Throws: `FlowError.dimensionMismatch`, `.nonFiniteInput`, or
    ///   `.invalidConfiguration` for `threads < 1`.
    ///
    /// With `baseScale` s ≠ 1 the density is that of the flow with base
    /// N(0, s² I) instead of N(0, I) (same map, wider draws).
    public func logDensity(of x: Matrix, baseScale: Double = 1, threads: Int = 1) throws(FlowError) -> [Double] {
        guard x.columns == dimension else { throw .dimensionMismatch(expected: dimension, actual: x.columns) }
        if let bad = x.firstNonFinite { throw .nonFiniteInput(row: bad.row, column: bad.column) }
        guard threads >= 1 else { throw .invalidConfiguration("threads must be ≥ 1") }
        var out = [Double](repeating: 0, count: x.rows)
        x.withUnsafeStorage { xs in
            out.withUnsafeMutableBufferPointer { o in
                guard let xb = xs.baseAddress, let ob = o.baseAddress else { return }
                runBlocks(rows: x.rows, threads: threads, input: xb, output: nil, logDensity: ob, forward: false,
                          baseScale: baseScale)
            }
        }
        return out
    }

    /// `count` independent draws `x = f(z)`, `z ~ N(0, I)` from `rng`, with
    /// `log q(x) = log N(z) − log|det ∂x/∂z|` (equal to `logDensity(of: x)`
    /// up to rounding). The normals are drawn serially, so the result depends
    /// on `rng` only, not on `threads`.
    /// - Throws: `FlowError.invalidConfiguration` for `count < 0` or `threads < 1`.
    /// With `baseScale` s ≠ 1, `z ~ N(0, s² I)` and the density is the matching one.
    public func sample(count: Int, baseScale: Double = 1, rng: inout RandomSource, threads: Int = 1) throws(FlowError)
        -> (x: Matrix, logDensity: [Double])
    {
        guard count >= 0 else { throw .invalidConfiguration("sample count must be ≥ 0") }
        guard threads >= 1 else { throw .invalidConfiguration("threads must be ≥ 1") }
        guard baseScale > 0, baseScale.isFinite else { throw .invalidConfiguration("base scale must be positive") }
        var z = Matrix(rows: count, columns: dimension)
        z.withUnsafeMutableStorage { buffer in
            rng.fillNormal(buffer)
            if baseScale != 1 { for i in buffer.indices { buffer[i] *= baseScale } }
        }
        var x = z
        var logQ = [Double](repeating: 0, count: count)
        z.withUnsafeStorage { zs in
            x.withUnsafeMutableStorage { xs in
                logQ.withUnsafeMutableBufferPointer { o in
                    guard let zb = zs.baseAddress, let xb = xs.baseAddress, let ob = o.baseAddress else { return }
                    runBlocks(rows: count, threads: threads, input: zb, output: xb, logDensity: ob, forward: true,
                              baseScale: baseScale)
                }
            }
        }
        return (x, logQ)
    }

    /// Shared block driver: `forward == false` reads data points from
    /// `input` and writes `log q`; `forward == true` reads base points, writes
    /// `x` to `output` and `log q` to `logDensity`.
    private func runBlocks(
        rows: Int, threads: Int, input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>?,
        logDensity: UnsafeMutablePointer<Double>, forward: Bool, baseScale: Double = 1
    ) {
        let d = dimension, blockRows = Self.evaluationBlockRows
        let blocks = (rows + blockRows - 1) / blockRows
        let workers = min(threads, max(1, blocks))
        let perWorker = blockRows * (d + 1 + scratchPerRow)
        let work = UnsafeMutablePointer<Double>.allocate(capacity: workers * perWorker)
        defer { work.deallocate() }
        let shared = (SharedPointer(work), SharedPointer(UnsafeMutablePointer(mutating: input)),
                      output.map { SharedPointer($0) }, SharedPointer(logDensity))
        // log N(z; 0, s² I) = −|z|²/(2s²) − d log s − (d/2) log 2π.
        let halfLog2Pi = 0.5 * Double(d) * Foundation.log(2 * Double.pi) + Double(d) * Foundation.log(baseScale)
        let layers = bijection
        let inverseVariance = 1 / (baseScale * baseScale)
        Parallel.run(workers: workers) { w in
            let y = shared.0.base + w * perWorker, logDet = y + blockRows * d, scratch = logDet + blockRows
            var b = w
            while b < blocks {
                let lo = b * blockRows, n = min(blockRows, rows - lo)
                y.update(from: shared.1.base + lo * d, count: n * d)
                logDet.update(repeating: 0, count: n)
                if forward {
                    for r in 0..<n {
                        var q = 0.0
                        for j in 0..<d { q += y[r * d + j] * y[r * d + j] }
                        shared.3.base[lo + r] = -0.5 * q * inverseVariance - halfLog2Pi
                    }
                    layers.forward(y, rows: n, logDet: logDet, scratch: scratch)
                    shared.2?.base.advanced(by: lo * d).update(from: y, count: n * d)
                    for r in 0..<n { shared.3.base[lo + r] -= logDet[r] }
                } else {
                    layers.inverse(y, rows: n, logDet: logDet, scratch: scratch)
                    for r in 0..<n {
                        var q = 0.0
                        for j in 0..<d { q += y[r * d + j] * y[r * d + j] }
                        let v = -0.5 * q * inverseVariance - halfLog2Pi + logDet[r]
                        shared.3.base[lo + r] = v.isNaN ? -.infinity : v
                    }
                }
                b += workers
            }
        }
    }
}
