/// The Jacobian `∂f/∂y` and the time derivative `∂f/∂t` of a model's
/// right-hand side, differentiated symbolically and kept sparse: one
/// expression per structurally non-zero entry, compiled like the right-hand
/// side itself (same evaluators, same optimisations).
///
/// Assignment rules are differentiated once per variable they depend on,
/// as new assignments appended after the originals (`d a/d y_j` may refer to
/// the originals and to the derivatives of earlier rules), so a chain of rules
/// never expands into copies of trees and the compiler shares every
/// subexpression between the entries.
///
/// A column `j` (or the time derivative) whose derivative needs a node
/// without a rule (``Expr/derivative(by:assignment:)``) is listed in
/// ``finiteDifferenceColumns`` (``finiteDifferenceTime``) instead and
/// computed numerically at run time.
public struct SymbolicJacobian: Sendable {
    /// Non-zero entries `(row i, column j)` = `∂f_i/∂y_j`, in row-major order;
    /// output `k` of ``expressions`` is entry `k`.
    public let entries: [(row: Int, column: Int)]
    /// Rows `i` with a non-zero `∂f_i/∂t`; output `entries.count + k` is row `timeRows[k]`.
    public let timeRows: [Int]
    /// Columns computed by finite differences (every entry in them).
    public let finiteDifferenceColumns: [Int]
    /// Whether `∂f/∂t` is computed by finite differences.
    public let finiteDifferenceTime: Bool
    /// The derivative expressions, over the model's inputs.
    public let expressions: ExpressionSet

    /// Differentiates the right-hand side of `model`.
    /// - Throws: ``CompileError`` if the model's references are inconsistent.
    public init(model: CheckedModel) throws(CompileError) {
        let rhs = try model.rightHandSideSet()
        let n = rhs.speciesCount
        var derived = DerivedAssignments(originals: rhs.assignments)
        var entries: [(row: Int, column: Int)] = []
        var outputs: [Expr] = []
        var fdColumns: [Int] = []
        var columns = Array(repeating: [Expr](repeating: .zero, count: n), count: n)
        for j in 0..<n {
            var column: [Expr] = []
            for i in 0..<n {
                guard let d = derived.derivative(of: rhs.outputs[i], by: .species(j)) else { break }
                column.append(d)
            }
            if column.count < n { fdColumns.append(j) } else { columns[j] = column }
        }
        for i in 0..<n {
            for j in 0..<n where !fdColumns.contains(j) && !columns[j][i].isZero {
                entries.append((i, j))
                outputs.append(columns[j][i])
            }
        }
        var timeRows: [Int] = []
        var timeOutputs: [Expr] = []
        var fdTime = false
        for i in 0..<n {
            guard let d = derived.derivative(of: rhs.outputs[i], by: .time) else {
                fdTime = true
                break
            }
            if !d.isZero {
                timeRows.append(i)
                timeOutputs.append(d)
            }
        }
        if fdTime {
            timeRows = []
            timeOutputs = []
        }
        self.entries = entries
        self.timeRows = timeRows
        finiteDifferenceColumns = fdColumns
        finiteDifferenceTime = fdTime
        expressions = try ExpressionSet(
            outputs: outputs + timeOutputs, speciesCount: n, parameterCount: rhs.parameterCount,
            constants: rhs.constants, assignments: rhs.assignments + derived.appended)
    }

    /// Structurally non-zero entries, including the whole of every
    /// finite-difference column.
    public var nonZeroCount: Int {
        let n = expressions.speciesCount
        return entries.count + finiteDifferenceColumns.count * n
    }
}

/// The derivatives of assignment rules, created on demand and memoised per
/// (rule, variable), appended after the original rules.
struct DerivedAssignments {
    let originals: [Expr]
    private(set) var appended: [Expr] = []
    private enum Known { case expression(Expr), none }
    private var memo: [Key: Known] = [:]
    private struct Key: Hashable {
        var assignment: Int
        var variable: DifferentiationVariable
    }

    init(originals: [Expr]) { self.originals = originals }

    /// `∂e/∂variable`, or `nil` without a rule.
    mutating func derivative(of e: Expr, by variable: DifferentiationVariable) -> Expr? {
        // Assignment derivatives are resolved (and appended) before `e` is
        // differentiated, since the closure given to `derivative` cannot mutate.
        prepare(e, variable)
        return e.derivative(by: variable) { i in
            if case .expression(let d)? = memo[Key(assignment: i, variable: variable)] { return d }
            return nil
        }
    }

    /// Differentiates every assignment `e` refers to (transitively), in
    /// dependency order, so each derived rule only refers to earlier ones.
    private mutating func prepare(_ e: Expr, _ variable: DifferentiationVariable) {
        switch e {
        case .assignment(let i):
            let key = Key(assignment: i, variable: variable)
            if memo[key] != nil { return }
            prepare(originals[i], variable)
            let d = originals[i].derivative(by: variable) { j in
                if case .expression(let x)? = memo[Key(assignment: j, variable: variable)] { return x }
                return nil
            }
            guard let d else {
                memo[key] = Known.none
                return
            }
            if d.numberValue != nil {
                memo[key] = .expression(d)
            } else if case .assignment = d {
                memo[key] = .expression(d)
            } else {
                appended.append(d)
                memo[key] = .expression(.assignment(originals.count + appended.count - 1))
            }
        case .negate(let x):
            prepare(x, variable)
        case .binary(_, let x, let y):
            prepare(x, variable)
            prepare(y, variable)
        case .call(_, let args):
            for a in args { prepare(a, variable) }
        default:
            return
        }
    }
}
