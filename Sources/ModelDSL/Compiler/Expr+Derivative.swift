import Foundation

/// What an expression is differentiated by: a species (state variable) or time.
public enum DifferentiationVariable: Hashable, Sendable {
    case species(Int)
    case time
}

/// Symbolic derivatives of ``Expr`` trees, for the Jacobian of a compiled
/// right-hand side.
///
/// Rules: sum, product and quotient rules (`(u/v)′ = u′/v − (u/v)·(v′/v)`,
/// which reuses `u/v` and never squares `v`); `(u^w)′ = w·u^(w−1)·u′ +
/// u^w·ln(u)·w′` with each term only when its factor `u′` or `w′` is non-zero
/// (so `x^2` gives `2·x`, and a negative base with a constant exponent is
/// fine); `exp`, `log`/`ln`, `log10`, `sqrt`, `pow`, the trigonometric and
/// hyperbolic functions and their inverses; `hill`, `hillr` and `mm` through
/// their defining formulas; `piecewise` value by value under the same
/// conditions, and `abs`, `min`, `max` as such piecewise derivatives
/// (`abs′(u) = u′·sign u`, 0 at u = 0; `min(a, b)′ = a′` where `a ≤ b`, else `b′`);
/// the comparisons, logical operators, `floor` and `ceil` are piecewise
/// constant (derivative 0). Results are simplified as built
/// (``Expr`` `+Simplification`), so an expression that does not depend on the
/// variable has derivative exactly `0`, which makes the Jacobian's sparsity
/// pattern fall out of the derivatives themselves.
///
/// A node without a rule gives `nil`: `factorial` (its derivative needs the
/// digamma function), and any expression kind, operator or function added to
/// the language later until a rule is written for it here. The caller then
/// differentiates that column numerically, so a model never fails for want of
/// a derivative. Adding a rule is one `case` in ``derivative(by:assignment:)``
/// or ``Function/derivative(arguments:derivatives:)`` (and, for a new
/// expression kind with operands, one in `DerivedAssignments.prepare`).
extension Expr {
    /// `∂self/∂variable`, or `nil` if some node has no rule.
    ///
    /// - Parameter assignment: the derivative of assignment rule `i` by the
    ///   same variable (an expression, typically a reference to a derived
    ///   assignment), or `nil` if it has none.
    public func derivative(by variable: DifferentiationVariable, assignment: (Int) -> Expr?) -> Expr? {
        switch self {
        case .number, .parameter, .constant:
            return .zero
        case .time:
            return variable == .time ? .one : .zero
        case .species(let i):
            return variable == .species(i) ? .one : .zero
        case .assignment(let i):
            return assignment(i)
        case .negate(let x):
            return x.derivative(by: variable, assignment: assignment).map(Expr.negation)
        case .binary(let op, let u, let w):
            guard let du = u.derivative(by: variable, assignment: assignment),
                  let dw = w.derivative(by: variable, assignment: assignment) else { return nil }
            return op.derivative(u, w, du, dw)
        case .call(let f, let args):
            var derivatives: [Expr] = []
            for (k, a) in args.enumerated() {
                // piecewise's conditions (odd positions) are not differentiated.
                if f == .piecewise && k % 2 == 1 {
                    derivatives.append(.zero)
                    continue
                }
                guard let d = a.derivative(by: variable, assignment: assignment) else { return nil }
                derivatives.append(d)
            }
            if derivatives.allSatisfy(\.isZero) { return .zero }
            if let expanded = f.expansion(args) {
                return expanded.derivative(by: variable, assignment: assignment)
            }
            return f.derivative(arguments: args, derivatives: derivatives)
        default:
            // Observables (never in a rate) and expression kinds without a rule yet.
            return nil
        }
    }
}

extension BinaryOperator {
    /// `∂(u op w)` from `u`, `w` and their derivatives, or `nil` without a rule.
    func derivative(_ u: Expr, _ w: Expr, _ du: Expr, _ dw: Expr) -> Expr? {
        switch self {
        case .add:
            return .sum(du, dw)
        case .subtract:
            return .difference(du, dw)
        case .multiply:
            return .sum(.product(du, w), .product(u, dw))
        case .divide:
            if dw.isZero { return .quotient(du, w) }
            return .difference(.quotient(du, w), .product(.quotient(u, w), .quotient(dw, w)))
        default:
            // `^`, and operators added later (nil: a numerical column).
            return self == .power ? Self.powerDerivative(u, w, du, dw) : nil
        }
    }

    /// `(u^w)′ = w·u^(w−1)·u′ + u^w·ln(u)·w′`, each term only if needed.
    static func powerDerivative(_ u: Expr, _ w: Expr, _ du: Expr, _ dw: Expr) -> Expr {
        var result = Expr.zero
        if !du.isZero {
            result = .product(.product(w, .power(u, .difference(w, .one))), du)
        }
        if !dw.isZero {
            result = .sum(result, .product(.product(.power(u, w), .call(.log, [u])), dw))
        }
        return result
    }
}

extension Function {
    /// The defining formula of a function that is shorthand for one
    /// (`hill`, `hillr`, `mm`), exactly as the compiler lowers it; `nil` for the others.
    func expansion(_ a: [Expr]) -> Expr? {
        guard a.count == arity else { return nil }
        switch self {
        case .hill:  // v·xⁿ / (Kⁿ + xⁿ)
            let xn = Expr.binary(.power, a[0], a[3]), kn = Expr.binary(.power, a[2], a[3])
            return .binary(.divide, .binary(.multiply, a[1], xn), .binary(.add, kn, xn))
        case .hillr:  // v·Kⁿ / (Kⁿ + xⁿ)
            let xn = Expr.binary(.power, a[0], a[3]), kn = Expr.binary(.power, a[2], a[3])
            return .binary(.divide, .binary(.multiply, a[1], kn), .binary(.add, kn, xn))
        case .mm:  // v·x / (K + x)
            return .binary(.divide, .binary(.multiply, a[1], a[0]), .binary(.add, a[2], a[0]))
        default:
            return nil
        }
    }

    /// `∂f(a…)` by the chain rule, or `nil` without a rule (`abs`, `min`,
    /// `max`, and functions added later).
    func derivative(arguments a: [Expr], derivatives d: [Expr]) -> Expr? {
        guard accepts(argumentCount: a.count), d.count == a.count else { return nil }
        func call(_ f: Function, _ x: Expr) -> Expr { .call(f, [x]) }
        func square(_ x: Expr) -> Expr { .product(x, x) }
        switch self {
        case .exp:
            return .product(.call(.exp, [a[0]]), d[0])
        case .log, .ln:
            return .quotient(d[0], a[0])
        case .log10:
            return .quotient(d[0], .product(a[0], .number(M_LN10)))
        case .sqrt:
            return .quotient(.product(.number(0.5), d[0]), .call(.sqrt, [a[0]]))
        case .pow:
            return BinaryOperator.powerDerivative(a[0], a[1], d[0], d[1])
        case .sin: return .product(call(.cos, a[0]), d[0])
        case .cos: return .negation(.product(call(.sin, a[0]), d[0]))
        case .tan: return .quotient(d[0], square(call(.cos, a[0])))
        case .asin: return .quotient(d[0], call(.sqrt, .difference(.one, square(a[0]))))
        case .acos: return .negation(.quotient(d[0], call(.sqrt, .difference(.one, square(a[0])))))
        case .atan: return .quotient(d[0], .sum(.one, square(a[0])))
        case .sinh: return .product(call(.cosh, a[0]), d[0])
        case .cosh: return .product(call(.sinh, a[0]), d[0])
        case .tanh: return .product(.difference(.one, square(call(.tanh, a[0]))), d[0])
        case .asinh: return .quotient(d[0], call(.sqrt, .sum(square(a[0]), .one)))
        case .acosh: return .quotient(d[0], call(.sqrt, .difference(square(a[0]), .one)))
        case .atanh: return .quotient(d[0], .difference(.one, square(a[0])))
        case .floor, .ceil, .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual,
             .and, .or, .not, .xor:
            return .zero
        case .abs:  // u′ where u > 0, −u′ where u < 0, 0 at 0 (NaN for NaN u)
            return .call(.piecewise, [d[0], .call(.greaterThan, [a[0], .zero]),
                                      .negation(d[0]), .call(.lessThan, [a[0], .zero]), .zero])
        case .min:  // as ScalarMath.minimum: a where a ≤ b
            return .call(.piecewise, [d[0], .call(.lessOrEqual, [a[0], a[1]]), d[1]])
        case .max:
            return .call(.piecewise, [d[0], .call(.greaterOrEqual, [a[0], a[1]]), d[1]])
        case .piecewise:  // values differentiated, conditions kept
            var parts: [Expr] = []
            for (k, x) in a.enumerated() { parts.append(k % 2 == 0 ? d[k] : x) }
            return .call(.piecewise, parts)
        default:
            return nil
        }
    }
}
