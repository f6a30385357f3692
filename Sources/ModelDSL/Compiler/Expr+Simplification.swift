/// Building expressions with the trivial simplifications symbolic
/// differentiation needs: zeros and ones vanish (`0 + x = x`, `0·x = 0`,
/// `1·x = x`, `x/1 = x`, `x^1 = x`, `x^0 = 1`, `−(−x) = x`) and operations on
/// two numbers are folded with ``ScalarMath``, exactly as at run time.
///
/// `0·x = 0` is taken symbolically even though `0·∞` is NaN in IEEE
/// arithmetic: a derivative term that is structurally zero stays zero.
extension Expr {
    static let zero = Expr.number(0)
    static let one = Expr.number(1)

    var isZero: Bool { numberValue == 0 }
    var isOne: Bool { numberValue == 1 }

    static func sum(_ a: Expr, _ b: Expr) -> Expr {
        if a.isZero { return b }
        if b.isZero { return a }
        if let x = a.numberValue, let y = b.numberValue { return .number(x + y) }
        return .binary(.add, a, b)
    }

    static func difference(_ a: Expr, _ b: Expr) -> Expr {
        if b.isZero { return a }
        if a.isZero { return negation(b) }
        if let x = a.numberValue, let y = b.numberValue { return .number(x - y) }
        return .binary(.subtract, a, b)
    }

    static func product(_ a: Expr, _ b: Expr) -> Expr {
        if a.isZero || b.isZero { return .zero }
        if a.isOne { return b }
        if b.isOne { return a }
        if let x = a.numberValue, let y = b.numberValue { return .number(x * y) }
        return .binary(.multiply, a, b)
    }

    static func quotient(_ a: Expr, _ b: Expr) -> Expr {
        if a.isZero { return .zero }
        if b.isOne { return a }
        if let x = a.numberValue, let y = b.numberValue { return .number(x / y) }
        return .binary(.divide, a, b)
    }

    static func power(_ a: Expr, _ b: Expr) -> Expr {
        if b.isOne { return a }
        if b.isZero { return .one }
        if let x = a.numberValue, let y = b.numberValue { return .number(ScalarMath.power(x, y)) }
        return .binary(.power, a, b)
    }

    static func negation(_ a: Expr) -> Expr {
        if let x = a.numberValue { return .number(-x) }
        if case .negate(let inner) = a { return inner }
        return .negate(a)
    }
}
