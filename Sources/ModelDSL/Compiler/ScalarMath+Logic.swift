/// Comparisons, logical operators and `piecewise` on numbers: true is 1,
/// false is 0, a number is true when it is not 0, and NaN propagates (a NaN
/// operand, or a NaN deciding condition, gives NaN) so that a NaN is never
/// hidden behind a condition.
extension ScalarMath {
    /// 1 or 0 (NaN if an operand is NaN) for a comparison or a two-operand
    /// logical function; NaN for any other function.
    @inlinable @inline(__always)
    public static func logic(_ f: Function, _ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        let holds: Bool
        switch f {
        case .lessThan: holds = a < b
        case .lessOrEqual: holds = a <= b
        case .greaterThan: holds = a > b
        case .greaterOrEqual: holds = a >= b
        case .equal: holds = a == b
        case .notEqual: holds = a != b
        case .and: holds = a != 0 && b != 0
        case .or: holds = a != 0 || b != 0
        case .xor: holds = (a != 0) != (b != 0)
        default: return .nan
        }
        return holds ? 1 : 0
    }

    /// `!a`: 1 if `a` is 0, 0 otherwise, NaN for NaN.
    @inlinable @inline(__always)
    public static func not(_ a: Double) -> Double {
        a.isNaN ? .nan : (a == 0 ? 1 : 0)
    }

    /// `select(c, v, w)`: `v` if `c ≠ 0`, `w` if `c = 0`, NaN if `c` is NaN —
    /// one step of a `piecewise`.
    @inlinable @inline(__always)
    public static func select(_ c: Double, _ v: Double, _ w: Double) -> Double {
        c.isNaN ? .nan : (c != 0 ? v : w)
    }

    /// `piecewise(v₁, c₁, …, vₙ, cₙ[, w])`: the first `vₖ` whose `cₖ ≠ 0`, else
    /// `w` (NaN when there is no `w`); NaN as soon as a deciding `cₖ` is NaN.
    @inlinable
    public static func piecewise(_ args: [Double]) -> Double {
        var k = 0
        while k + 1 < args.count {
            let c = args[k + 1]
            if c.isNaN { return .nan }
            if c != 0 { return args[k] }
            k += 2
        }
        return args.count % 2 == 1 ? args[args.count - 1] : .nan
    }
}
