/// Moves the subexpressions of a right-hand side that depend on parameters
/// but not on the state or time (`KM^n`, `log(2)/tau`, `60*tps_active`) out of
/// the per-step evaluation: they become extra per-problem parameters, computed
/// once when a problem is bound to a lane.
///
/// Each maximal such subexpression (an operation with at least one parameter
/// among its leaves, no species, no `time`) is replaced by
/// `.parameter(P + k)`, `P` the model's parameter count; identical ones share
/// `k`; an assignment rule made only of parameters is replaced as a whole.
/// Subexpressions of numbers and constants alone are left to the compiler's
/// constant folding. The parameter factors of a state-dependent product are
/// first gathered into one (`X·eff/τ` → `X·(eff/τ)`,
/// ``reassociatedProduct(_:)``), which changes rounding by a few ulp; apart
/// from that, values are unchanged bit for bit: the same operations run on
/// the same numbers, only less often.
///
/// Expression kinds this pass does not know (added later) are treated as
/// depending on the state and left in place, with their operands.
struct ParameterHoisting {
    let parameterCount: Int
    /// The assignment rules `.assignment(i)` refers to (unrewritten).
    let assignments: [Expr]
    /// The hoisted expressions, over parameters, constants and `assignments`.
    private(set) var hoisted: [Expr] = []
    private var index: [Expr: Int] = [:]
    private var assignmentKinds: [Dependence?]

    /// What an expression's value depends on, in increasing order.
    enum Dependence: Comparable { case numbers, parameters, state }

    init(parameterCount: Int, assignments: [Expr]) {
        self.parameterCount = parameterCount
        self.assignments = assignments
        assignmentKinds = Array(repeating: nil, count: assignments.count)
    }

    /// Total parameters after hoisting: `P + hoisted.count`.
    var extendedParameterCount: Int { parameterCount + hoisted.count }

    mutating func dependence(_ e: Expr) -> Dependence {
        switch e {
        case .number, .constant: return .numbers
        case .parameter: return .parameters
        case .time, .species: return .state
        case .assignment(let i):
            guard i >= 0, i < assignments.count else { return .state }
            if let known = assignmentKinds[i] { return known }
            let d = dependence(assignments[i])
            assignmentKinds[i] = d
            return d
        case .negate(let x): return dependence(x)
        case .binary(_, let x, let y): return max(dependence(x), dependence(y))
        case .call(_, let args): return args.map { dependence($0) }.max() ?? .numbers
        default: return .state  // observables, and expression kinds added later
        }
    }

    /// `e` with its parameter-only subexpressions replaced by hoisted parameters.
    mutating func rewrite(_ e: Expr) -> Expr {
        switch dependence(e) {
        case .numbers: return e
        case .parameters:
            switch e {
            case .parameter: return e
            default:
                if let k = index[e] { return .parameter(parameterCount + k) }
                hoisted.append(e)
                index[e] = hoisted.count - 1
                return .parameter(parameterCount + hoisted.count - 1)
            }
        case .state:
            switch e {
            case .negate(let x):
                if case .binary(let op, _, _) = x, op == .multiply || op == .divide,
                   let gathered = reassociatedProduct(x, negated: true) { return gathered }
                return .negate(rewrite(x))
            case .binary(let op, let x, let y):
                if op == .multiply || op == .divide, let gathered = reassociatedProduct(e) { return gathered }
                return .binary(op, rewrite(x), rewrite(y))
            case .call(let f, let args): return .call(f, args.map { rewrite($0) })
            default: return e
            }
        }
    }
}
