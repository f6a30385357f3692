/// A resolved expression of the model language.
///
/// Every name has been resolved to an index into the owning ``CheckedModel``'s
/// tables, so a compiler never looks a string up. `Expr` is what the
/// front end (lex → parse → resolve) hands to the back end (fold → compile).
///
/// Comparisons, logical operators and `piecewise` are not node kinds of their
/// own: they are ``Function``s in a `.call`, like `exp` (see ``Function``).
public indirect enum Expr: Hashable, Sendable {
    /// A literal.
    case number(Double)
    /// The integration time, `time`.
    case time
    /// The current value of species (state variable) `i` of ``CheckedModel/species``.
    case species(Int)
    /// Free parameter `i` of ``CheckedModel/parameters``.
    case parameter(Int)
    /// Named constant `i` of ``CheckedModel/constants``.
    case constant(Int)
    /// Assignment rule `i` of ``CheckedModel/assignments`` (`name := expr`).
    case assignment(Int)
    /// The model value of observable `i`; only inside a noise model's sd.
    case observable(Int)
    /// `-x`.
    case negate(Expr)
    /// `x op y`.
    case binary(BinaryOperator, Expr, Expr)
    /// `f(args...)`; the argument count has been checked (``Function/accepts(argumentCount:)``).
    case call(Function, [Expr])
}

/// The binary operators, with `^` as power.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
}
