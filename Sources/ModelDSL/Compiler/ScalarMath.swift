import Foundation

/// The numerical meaning of the language's operators and functions, for one
/// value. Every evaluator (tree walker, closures, bytecode) uses these
/// definitions, so they agree to rounding.
///
/// Nothing here traps: out-of-domain arguments give NaN or ±∞ as IEEE 754 and
/// C99 `libm` define (`log(-1)` = NaN, `sqrt(-1)` = NaN, `pow(-2, 0.5)` = NaN,
/// `1/0` = +∞). A NaN or ∞ that reaches the solver's state becomes a typed
/// `nonFiniteState` failure there.
public enum ScalarMath {
    /// `x^y` as C99 `pow`: a negative base with a non-integer exponent is NaN.
    @inlinable @inline(__always)
    public static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

    /// The smaller of `a` and `b`, NaN if either is NaN (Swift's `min` is not
    /// NaN-propagating in its first argument).
    @inlinable @inline(__always)
    public static func minimum(_ a: Double, _ b: Double) -> Double {
        (a <= b || a.isNaN) ? a : b
    }

    /// The larger of `a` and `b`, NaN if either is NaN.
    @inlinable @inline(__always)
    public static func maximum(_ a: Double, _ b: Double) -> Double {
        (a >= b || a.isNaN) ? a : b
    }

    /// `hill(x, v, K, n) = v·xⁿ / (Kⁿ + xⁿ)`, evaluated literally (so `x`
    /// so large that `xⁿ` overflows gives NaN, as the formula does).
    @inlinable @inline(__always)
    public static func hill(_ x: Double, _ v: Double, _ k: Double, _ n: Double) -> Double {
        let xn = power(x, n)
        return v * xn / (power(k, n) + xn)
    }

    /// `hillr(x, v, K, n) = v·Kⁿ / (Kⁿ + xⁿ)` (repression), evaluated literally.
    @inlinable @inline(__always)
    public static func hillr(_ x: Double, _ v: Double, _ k: Double, _ n: Double) -> Double {
        let kn = power(k, n)
        return v * kn / (kn + power(x, n))
    }

    /// `mm(x, v, K) = v·x / (K + x)` (Michaelis–Menten).
    @inlinable @inline(__always)
    public static func michaelisMenten(_ x: Double, _ v: Double, _ k: Double) -> Double {
        v * x / (k + x)
    }

    /// Applies a binary operator.
    @inlinable
    public static func apply(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return power(a, b)
        }
    }

    /// Applies a built-in function to its arguments (as many as
    /// ``Function/accepts(argumentCount:)`` allows, which the checker
    /// guarantees; a wrong count gives NaN, never a trap).
    @inlinable
    public static func apply(_ f: Function, _ args: [Double]) -> Double {
        guard f.accepts(argumentCount: args.count) else { return .nan }
        switch f {
        case .min: return minimum(args[0], args[1])
        case .max: return maximum(args[0], args[1])
        case .pow: return power(args[0], args[1])
        case .hill: return hill(args[0], args[1], args[2], args[3])
        case .hillr: return hillr(args[0], args[1], args[2], args[3])
        case .mm: return michaelisMenten(args[0], args[1], args[2])
        case .piecewise: return piecewise(args)
        case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual, .and, .or, .xor:
            return logic(f, args[0], args[1])
        default: return unary(f, args[0])
        }
    }

    /// A one-argument function (NaN for a function of more arguments).
    @inlinable
    public static func unary(_ f: Function, _ x: Double) -> Double {
        switch f {
        case .exp: return Foundation.exp(x)
        case .log, .ln: return Foundation.log(x)
        case .log10: return Foundation.log10(x)
        case .sqrt: return Foundation.sqrt(x)
        case .abs: return Swift.abs(x)
        case .floor: return Foundation.floor(x)
        case .ceil: return Foundation.ceil(x)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .asin: return Foundation.asin(x)
        case .acos: return Foundation.acos(x)
        case .atan: return Foundation.atan(x)
        case .sinh: return Foundation.sinh(x)
        case .cosh: return Foundation.cosh(x)
        case .tanh: return Foundation.tanh(x)
        case .asinh: return Foundation.asinh(x)
        case .acosh: return Foundation.acosh(x)
        case .atanh: return Foundation.atanh(x)
        case .factorial: return Foundation.tgamma(x + 1)
        case .not: return not(x)
        case .piecewise: return x  // piecewise(w) = w
        default: return .nan
        }
    }
}
