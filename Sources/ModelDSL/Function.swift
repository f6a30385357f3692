/// The built-in functions of the language, including the comparison and
/// logical operators (written `a < b`, `a && b`, `!a`; their raw value is that
/// spelling) and `piecewise`.
///
/// | name | arity | value |
/// |---|---|---|
/// | `exp(x)` | 1 | eˣ |
/// | `log(x)`, `ln(x)` | 1 | natural logarithm |
/// | `log10(x)` | 1 | base-10 logarithm |
/// | `sqrt(x)` | 1 | √x |
/// | `abs(x)` | 1 | \|x\| |
/// | `min(x, y)`, `max(x, y)` | 2 | smaller / larger |
/// | `pow(x, y)` | 2 | xʸ (same as `x^y`) |
/// | `hill(x, v, K, n)` | 4 | v·xⁿ / (Kⁿ + xⁿ) |
/// | `hillr(x, v, K, n)` | 4 | v·Kⁿ / (Kⁿ + xⁿ) (repression) |
/// | `mm(x, v, K)` | 3 | v·x / (K + x) (Michaelis–Menten) |
/// | `floor(x)`, `ceil(x)` | 1 | rounding down / up |
/// | `sin`, `cos`, `tan`, `asin`, `acos`, `atan` | 1 | trigonometric functions and inverses (radians) |
/// | `sinh`, `cosh`, `tanh`, `asinh`, `acosh`, `atanh` | 1 | hyperbolic functions and inverses |
/// | `factorial(x)` | 1 | Γ(x + 1) (x! for whole x) |
/// | `piecewise(v₁, c₁, …, vₙ, cₙ[, w])` | ≥ 1 | the first vₖ whose cₖ ≠ 0, else w (NaN without w) |
/// | `a < b`, `<=`, `>`, `>=`, `==`, `!=` | 2 | 1 if the comparison holds, else 0 |
/// | `a && b`, `a \|\| b`, `xor(a, b)` | 2 | 1 or 0; an operand is true when ≠ 0 |
/// | `!a` | 1 | 1 if a = 0, else 0 |
///
/// Truth values are the numbers 1 and 0. NaN propagates: a comparison or
/// logical operation with a NaN operand is NaN, and so is a `piecewise` whose
/// deciding condition is NaN (a condition after the chosen one is not looked at).
///
/// Derivatives: the comparisons and logical functions are piecewise constant
/// (derivative 0 where defined); `piecewise` differentiates value by value under
/// the same conditions; `floor`, `ceil` are piecewise constant; `factorial`'s
/// derivative is Γ(x+1)·ψ(x+1).
public enum Function: String, Hashable, Sendable, CaseIterable {
    case exp, log, ln, log10, sqrt, abs, min, max, pow, hill, hillr, mm
    case floor, ceil
    case sin, cos, tan, asin, acos, atan
    case sinh, cosh, tanh, asinh, acosh, atanh
    case factorial
    case piecewise
    case lessThan = "<"
    case lessOrEqual = "<="
    case greaterThan = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case and = "&&"
    case or = "||"
    case not = "!"
    case xor

    /// The number of arguments; for the variadic `piecewise`, its minimum (1).
    public var arity: Int {
        switch self {
        case .min, .max, .pow, .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual,
             .and, .or, .xor:
            return 2
        case .mm: return 3
        case .hill, .hillr: return 4
        default: return 1
        }
    }

    /// Whether a call with `count` arguments is well formed.
    public func accepts(argumentCount count: Int) -> Bool {
        self == .piecewise ? count >= 1 : count == arity
    }

    /// Whether the function is written as an operator (`<`, `&&`, `!`, …)
    /// rather than called by name.
    public var isOperator: Bool {
        !(rawValue.first?.isLetter ?? false)
    }

    /// The functions called by name, `f(…)`.
    public static let named: [Function] = allCases.filter { !$0.isOperator }

    /// The function called `name(…)`, if there is one (operators are not found by name).
    public init?(named name: String) {
        guard let function = Function(rawValue: name), !function.isOperator else { return nil }
        self = function
    }
}

/// Named numbers of the language: `pi` and `avogadro` (SBML's value,
/// 6.02214179·10²³ mol⁻¹). They are reserved names, resolved to numbers.
public enum BuiltinConstant: String, Hashable, Sendable, CaseIterable {
    case pi
    case avogadro

    public var value: Double {
        switch self {
        case .pi: return Double.pi
        case .avogadro: return 6.02214179e23
        }
    }
}
