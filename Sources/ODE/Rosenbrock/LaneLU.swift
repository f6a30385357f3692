/// LU factorisation with partial pivoting of one small dense `n × n` matrix
/// per lane, all lanes together (structure of arrays, lanes innermost, so
/// every inner loop runs over contiguous lane values and vectorises).
///
/// Layout: entry `(i, j)` of lane `l` at `a[(i·n + j)·L + l]`; a vector
/// (right-hand side, solution) like a state: component `i` of lane `l` at
/// `b[i·L + l]`. After ``factor(_:pivots:scratch:n:laneCount:)`` the strict
/// lower triangle holds the multipliers of `L`, the strict upper triangle `U`,
/// and the diagonal the reciprocals `1/U_kk` (so solves multiply, never
/// divide); `pivots[k·L + l]` is the row swapped with row `k` at step `k`.
///
/// Each lane chooses its own pivots; the arithmetic of a lane does not depend
/// on the other lanes or on `L`. A zero pivot gives infinities and NaNs, never
/// a trap: the solver then rejects the step as non-finite.
///
/// Cost per lane: `n³/3` multiply–adds to factor, `n²` per solve.
enum LaneLU {
    /// Factors every lane's matrix in place. `scratch` holds `L` values.
    static func factor(
        _ a: UnsafeMutablePointer<Double>, pivots: UnsafeMutablePointer<Int>, scratch: UnsafeMutablePointer<Double>,
        n: Int, laneCount l: Int
    ) {
        let best = scratch
        for k in 0..<n {
            // Pivot search: the largest |a_rk|, r ≥ k, per lane.
            let column = a + k * l
            let piv = pivots + k * l
            for lane in 0..<l {
                best[lane] = abs(column[k * n * l + lane])
                piv[lane] = k
            }
            for r in (k + 1)..<max(n, k + 1) {
                let candidate = column + r * n * l
                for lane in 0..<l {
                    let v = abs(candidate[lane])
                    let larger = v > best[lane]
                    best[lane] = larger ? v : best[lane]
                    piv[lane] = larger ? r : piv[lane]
                }
            }
            for lane in 0..<l where piv[lane] != k {
                let p = piv[lane]
                for j in 0..<n {
                    let x = (k * n + j) * l + lane, y = (p * n + j) * l + lane
                    let value = a[x]
                    a[x] = a[y]
                    a[y] = value
                }
            }
            // Elimination below the pivot.
            let pivotRow = a + k * n * l
            let diagonal = pivotRow + k * l
            for lane in 0..<l { diagonal[lane] = 1 / diagonal[lane] }
            for r in (k + 1)..<max(n, k + 1) {
                let row = a + r * n * l
                let multiplier = row + k * l
                for lane in 0..<l { multiplier[lane] *= diagonal[lane] }
                for j in (k + 1)..<n {
                    let target = row + j * l, source = pivotRow + j * l
                    for lane in 0..<l { target[lane] -= multiplier[lane] * source[lane] }
                }
            }
        }
    }

    /// Solves `A x = b` for every lane in place (`b` becomes `x`), with the
    /// factors of ``factor(_:pivots:scratch:n:laneCount:)``.
    static func solve(
        _ a: UnsafePointer<Double>, pivots: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>, n: Int, laneCount l: Int
    ) {
        for k in 0..<n {
            let piv = pivots + k * l
            for lane in 0..<l where piv[lane] != k {
                let x = k * l + lane, y = piv[lane] * l + lane
                let value = b[x]
                b[x] = b[y]
                b[y] = value
            }
        }
        // Forward substitution with the unit lower triangle.
        for i in 1..<max(n, 1) {
            let bi = b + i * l, row = a + i * n * l
            for j in 0..<i {
                let bj = b + j * l, m = row + j * l
                for lane in 0..<l { bi[lane] -= m[lane] * bj[lane] }
            }
        }
        // Back substitution with U (reciprocal diagonal).
        var i = n - 1
        while i >= 0 {
            let bi = b + i * l, row = a + i * n * l
            for j in (i + 1)..<n {
                let bj = b + j * l, u = row + j * l
                for lane in 0..<l { bi[lane] -= u[lane] * bj[lane] }
            }
            let inverse = row + i * l
            for lane in 0..<l { bi[lane] *= inverse[lane] }
            i -= 1
        }
    }
}
