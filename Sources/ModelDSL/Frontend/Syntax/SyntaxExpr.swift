/// An expression as written: names are still strings, with source locations.
///
/// The resolver turns it into an ``Expr``. Parentheses are not recorded — the
/// tree shape says everything — and locations take no part in equality.
public struct SyntaxExpr: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        /// A literal (the parser only produces finite, non-negative values).
        case number(Double)
        /// A symbol or `time`.
        case name(String)
        /// `-x`.
        case negate(SyntaxExpr)
        /// `x op y`.
        case binary(BinaryOperator, SyntaxExpr, SyntaxExpr)
        /// `f(args...)`; the function name is not checked yet.
        case call(String, [SyntaxExpr])
        /// An operator whose meaning is a built-in function (``Function/isOperator``):
        /// `a < b`, `a <= b`, `a > b`, `a >= b`, `a == b`, `a != b`, `a && b`,
        /// `a || b` (two operands) and `!a` (one).
        case operation(Function, [SyntaxExpr])
    }

    public var kind: Kind
    /// Where the expression starts (for names and calls: the name; for binary
    /// operators: the operator).
    @NotCompared public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Calls `visit` on every name used as a value (not function names), in
    /// reading order, with its location.
    func forEachName(_ visit: (String, SourceLocation) -> Void) {
        switch kind {
        case .number: break
        case .name(let name): visit(name, location)
        case .negate(let x): x.forEachName(visit)
        case .binary(_, let l, let r):
            l.forEachName(visit)
            r.forEachName(visit)
        case .call(_, let args), .operation(_, let args): for arg in args { arg.forEachName(visit) }
        }
    }
}
