/// Products and quotients: the parameter factors of a state-dependent term
/// are gathered into one hoisted factor.
///
/// A rate law such as `X * eff / tau` parses as `(X * eff) / tau`: neither
/// `X * eff` nor the whole is parameter-only, so plain hoisting leaves one
/// multiplication and one division per evaluation. Read as the product
/// `Π nᵢ / Π dⱼ` of its factors (through every `*` and `/`, a factor in a
/// denominator's denominator counting as a numerator), the term is
/// reassociated as
///
///     (Π state numerators · H) / Π state denominators,
///     H = Π other numerators / Π other denominators      (hoisted)
///
/// whenever the non-state factors include a parameter and either more than
/// one factor or a denominator: `X * eff / tau` becomes `X * H` with
/// `H = eff / tau`, one multiplication. A negated product takes its sign into
/// `H` as well (`-(X * k)` → `X * H`, `H = -k`), which saves the negation.
/// Divisions are the interpreter's slowest arithmetic (latency ~15 cycles
/// against ~4 for a multiplication), and rate laws are full of `k/τ`, `ln 2/τ`
/// and `V_max/V`.
///
/// The value is the same real number; its rounding is not: the product runs
/// in a different order, a few ulp at most for the short products of rate
/// laws (a division `x/τ` becomes `x·(1/τ)`, two roundings instead of one).
/// Intermediate results differ too, so near the ends of the double range one
/// order can overflow or underflow where the other does not (`k/τ` with
/// `k = 1e300`, `τ = 1e-10` is ∞ although `X·k/τ` with `X = 1e-100` is not).
extension ParameterHoisting {
    /// One factor of a product: the expression and whether it divides.
    struct Factor {
        var expression: Expr
        var divides: Bool
    }

    /// The factors of `e` through `*` and `/`, in reading order.
    static func factors(of e: Expr, dividing: Bool = false, into result: inout [Factor]) {
        switch e {
        case .binary(.multiply, let x, let y):
            factors(of: x, dividing: dividing, into: &result)
            factors(of: y, dividing: dividing, into: &result)
        case .binary(.divide, let x, let y):
            factors(of: x, dividing: dividing, into: &result)
            factors(of: y, dividing: !dividing, into: &result)
        default:
            result.append(Factor(expression: e, divides: dividing))
        }
    }

    /// `e` (a state-dependent `*` or `/`), or its negation when `negated`,
    /// with its non-state factors (and the sign) gathered into one hoisted
    /// factor, or `nil` when that saves nothing.
    mutating func reassociatedProduct(_ e: Expr, negated: Bool = false) -> Expr? {
        var all: [Factor] = []
        Self.factors(of: e, into: &all)
        var state: [Factor] = [], other: [Factor] = []
        var otherHasParameter = false
        for f in all {
            switch dependence(f.expression) {
            case .state: state.append(f)
            case .parameters: other.append(f); otherHasParameter = true
            case .numbers: other.append(f)
            }
        }
        guard otherHasParameter, negated || other.count > 1 || other.contains(where: \.divides) else { return nil }

        func product(_ factors: [Expr]) -> Expr? {
            factors.dropFirst().reduce(factors.first) { partial, next in partial.map { .binary(.multiply, $0, next) } }
        }
        let otherNumerator = product(other.filter { !$0.divides }.map(\.expression)) ?? .number(1)
        let gathered = product(other.filter(\.divides).map(\.expression)).map { .binary(.divide, otherNumerator, $0) }
            ?? otherNumerator
        let hoisted = rewrite(negated ? .negate(gathered) : gathered)
        let numerator = product(state.filter { !$0.divides }.map { rewrite($0.expression) } + [hoisted])!
        guard let denominator = product(state.filter(\.divides).map { rewrite($0.expression) }) else { return numerator }
        return .binary(.divide, numerator, denominator)
    }
}
