/// LU factorisation with partial pivoting of one small dense `n × n` matrix
/// per lane, all lanes together (structure of arrays, lanes innermost, so
/// every inner loop runs over contiguous lane values and vectorises).
///
/// Layout: entry `(i, j)` of lane `l` at `a[(i·n + j)·L + l]`; a vector
/// (right-hand side, solution) like a state: component `i` of lane `l` at
/// `b[i·L + l]`. After ``factor(_:pivots:pattern:scratch:n:laneCount:)`` the
/// strict lower triangle holds the multipliers of `L`, the strict upper
/// triangle `U`, and the diagonal the reciprocals `1/U_kk` (so solves
/// multiply, never divide); `pivots[k·L + l]` is the row swapped with row `k`
/// at step `k`.
///
/// **Sparsity.** Jacobians of reaction networks are mostly zeros, and zeros
/// stay exact zeros through elimination unless filled in. The factorisation
/// skips every row update whose multiplier is zero in all lanes and every
/// column that is zero in the pivot row in all lanes, and records in
/// `pattern` the off-diagonal entries of `L` and `U` that are non-zero in some
/// lane (and whether any lane swapped rows); the solves then touch only
/// those. Skipped terms are exact zeros (`x − 0·y`), so a lane's results are
/// the dense algorithm's (up to the sign of a zero) whichever terms its
/// neighbours make the batch compute.
///
/// Each lane chooses its own pivots. A zero pivot gives infinities and NaNs,
/// never a trap: the solver then rejects the step as non-finite.
///
/// Cost per lane: at most `n³/3` multiply–adds to factor and `n²` per solve;
/// for a sparse matrix without fill-in, about its non-zero count per solve.
enum LaneLU {
    /// `Int`s the pattern needs: `3 + 2n² + n` (a flag, two counts, `(i, j)`
    /// pairs, and scratch for the pivot row's non-zero columns).
    static func patternCount(n: Int) -> Int { 3 + 2 * n * n + n }

    /// Factors every lane's matrix in place. `scratch` holds `L` values.
    /// One lane (an unbatched solve) runs a copy with the lane count a
    /// constant, so the lane loops fold away.
    static func factor(
        _ a: UnsafeMutablePointer<Double>, pivots: UnsafeMutablePointer<Int>, pattern: UnsafeMutablePointer<Int>,
        scratch: UnsafeMutablePointer<Double>, n: Int, laneCount l: Int
    ) {
        if l == 1 {
            factorBody(a, pivots: pivots, pattern: pattern, scratch: scratch, n: n, laneCount: 1)
        } else {
            factorBody(a, pivots: pivots, pattern: pattern, scratch: scratch, n: n, laneCount: l)
        }
    }

    @inline(__always)
    private static func factorBody(
        _ a: UnsafeMutablePointer<Double>, pivots: UnsafeMutablePointer<Int>, pattern: UnsafeMutablePointer<Int>,
        scratch: UnsafeMutablePointer<Double>, n: Int, laneCount l: Int
    ) {
        let best = scratch
        let columns = pattern + 3 + 2 * n * n
        var swapped = false
        for k in 0..<n {
            // Pivot search: the largest |a_rk|, r ≥ k, per lane.
            let column = a + k * l
            let piv = pivots + k * l
            for lane in 0..<l {
                best[lane] = abs(column[k * n * l + lane])
                piv[lane] = k
            }
            for r in (k + 1)..<n {
                let candidate = column + r * n * l
                for lane in 0..<l {
                    let v = abs(candidate[lane])
                    let larger = v > best[lane]
                    best[lane] = larger ? v : best[lane]
                    piv[lane] = larger ? r : piv[lane]
                }
            }
            for lane in 0..<l where piv[lane] != k {
                swapped = true
                let p = piv[lane]
                for j in 0..<n {
                    let x = (k * n + j) * l + lane, y = (p * n + j) * l + lane
                    let value = a[x]
                    a[x] = a[y]
                    a[y] = value
                }
            }
            // Elimination below the pivot, over the pivot row's non-zero columns.
            let pivotRow = a + k * n * l
            let diagonal = pivotRow + k * l
            for lane in 0..<l { diagonal[lane] = 1 / diagonal[lane] }
            var columnCount = 0
            for j in (k + 1)..<n where anyNonZero(pivotRow + j * l, l) {
                columns[columnCount] = j
                columnCount += 1
            }
            for r in (k + 1)..<n {
                let row = a + r * n * l
                let multiplier = row + k * l
                for lane in 0..<l { multiplier[lane] *= diagonal[lane] }
                guard columnCount > 0, anyNonZero(multiplier, l) else { continue }
                for c in 0..<columnCount {
                    let j = columns[c]
                    subtractProduct(row + j * l, multiplier, pivotRow + j * l, l)
                }
            }
        }
        // The off-diagonal entries non-zero in some lane: L row by row
        // (forward order), then U rows from the last (backward order).
        var next = 3
        func record(_ i: Int, _ j: Int) {
            guard anyNonZero(a + (i * n + j) * l, l) else { return }
            pattern[next] = i
            pattern[next + 1] = j
            next += 2
        }
        for i in 1..<max(n, 1) {
            for j in 0..<i { record(i, j) }
        }
        let lowerCount = (next - 3) / 2
        var i = n - 1
        while i >= 0 {
            for j in (i + 1)..<n { record(i, j) }
            i -= 1
        }
        pattern[0] = swapped ? 1 : 0
        pattern[1] = lowerCount
        pattern[2] = (next - 3) / 2 - lowerCount
    }

    /// `target[lane] -= m[lane] · x[lane]` for `lane < l`, in explicit blocks
    /// of four lanes (like the bytecode's lane loops), so that the loop needs
    /// no aliasing analysis to vectorise; `target` may not overlap `m` or `x`.
    @inline(__always)
    static func subtractProduct(
        _ target: UnsafeMutablePointer<Double>, _ m: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ l: Int
    ) {
        var lane = 0
        while lane &+ 4 <= l {
            let t = UnsafeRawPointer(target + lane).loadUnaligned(as: SIMD4<Double>.self)
            let u = UnsafeRawPointer(m + lane).loadUnaligned(as: SIMD4<Double>.self)
            let v = UnsafeRawPointer(x + lane).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(target + lane).storeBytes(of: t - u * v, as: SIMD4<Double>.self)
            lane &+= 4
        }
        while lane < l {
            target[lane] -= m[lane] * x[lane]
            lane &+= 1
        }
    }

    /// Whether any of the `l` values at `p` is non-zero (NaN counts as non-zero).
    @inline(__always)
    static func anyNonZero(_ p: UnsafePointer<Double>, _ l: Int) -> Bool {
        var count = 0
        for lane in 0..<l { count &+= p[lane] == 0 ? 0 : 1 }
        return count != 0
    }

    /// Solves `A x = b` for every lane in place (`b` becomes `x`), with the
    /// factors and pattern of ``factor(_:pivots:pattern:scratch:n:laneCount:)``.
    /// One lane runs a copy with the lane count a constant, as in ``factor(_:pivots:pattern:scratch:n:laneCount:)``.
    static func solve(
        _ a: UnsafePointer<Double>, pivots: UnsafePointer<Int>, pattern: UnsafePointer<Int>,
        _ b: UnsafeMutablePointer<Double>, n: Int, laneCount l: Int
    ) {
        if l == 1 {
            solveOneLane(a, pivots: pivots, pattern: pattern, b, n: n)
        } else {
            solveBody(a, pivots: pivots, pattern: pattern, b, n: n, laneCount: l)
        }
    }

    /// ``solve(_:pivots:pattern:_:n:laneCount:)`` for one lane: the same
    /// operations in the same order, but each row's running value is kept in
    /// a register while its terms are subtracted (the compiler cannot, since
    /// `b[i]` and `b[j]` share a buffer), so the chain of updates does not
    /// wait on a store and a reload per term. Values are the batched solve's
    /// bit for bit.
    private static func solveOneLane(
        _ a: UnsafePointer<Double>, pivots: UnsafePointer<Int>, pattern: UnsafePointer<Int>,
        _ b: UnsafeMutablePointer<Double>, n: Int
    ) {
        if pattern[0] != 0 {
            for k in 0..<n where pivots[k] != k {
                let p = pivots[k]
                let value = b[k]
                b[k] = b[p]
                b[p] = value
            }
        }
        let lower = pattern + 3, lowerCount = pattern[1]
        var e = 0
        while e < lowerCount {
            let i = lower[2 * e]
            var value = b[i]
            while e < lowerCount, lower[2 * e] == i {
                let j = lower[2 * e + 1]
                value -= a[i * n + j] * b[j]
                e += 1
            }
            b[i] = value
        }
        let upper = lower + 2 * lowerCount, upperCount = pattern[2]
        e = 0
        var i = n - 1
        while i >= 0 {
            var value = b[i]
            while e < upperCount, upper[2 * e] == i {
                let j = upper[2 * e + 1]
                value -= a[i * n + j] * b[j]
                e += 1
            }
            b[i] = value * a[i * n + i]
            i -= 1
        }
    }

    @inline(__always)
    private static func solveBody(
        _ a: UnsafePointer<Double>, pivots: UnsafePointer<Int>, pattern: UnsafePointer<Int>,
        _ b: UnsafeMutablePointer<Double>, n: Int, laneCount l: Int
    ) {
        if pattern[0] != 0 {
            for k in 0..<n {
                let piv = pivots + k * l
                for lane in 0..<l where piv[lane] != k {
                    let x = k * l + lane, y = piv[lane] * l + lane
                    let value = b[x]
                    b[x] = b[y]
                    b[y] = value
                }
            }
        }
        // Forward substitution with the unit lower triangle.
        let lower = pattern + 3, lowerCount = pattern[1]
        for e in 0..<lowerCount {
            let i = lower[2 * e], j = lower[2 * e + 1]
            subtractProduct(b + i * l, a + (i * n + j) * l, b + j * l, l)
        }
        // Back substitution with U (reciprocal diagonal), last row first.
        let upper = lower + 2 * lowerCount, upperCount = pattern[2]
        var e = 0
        var i = n - 1
        while i >= 0 {
            let bi = b + i * l
            while e < upperCount, upper[2 * e] == i {
                let j = upper[2 * e + 1]
                subtractProduct(bi, a + (i * n + j) * l, b + j * l, l)
                e += 1
            }
            let inverse = a + (i * n + i) * l
            for lane in 0..<l { bi[lane] *= inverse[lane] }
            i -= 1
        }
    }
}
