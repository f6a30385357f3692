/// A list of expressions evaluated together, with the tables their references
/// resolve against: the unit every evaluator compiles.
///
/// A model gives three of these: the right-hand side (`rates`), the initial
/// values, and the observables (predictions followed by noise sds). Inputs
/// are `time`, species and parameters; `.constant`, `.assignment` and
/// `.observable` are resolved here at compile time.
public struct ExpressionSet: Hashable, Sendable {
    /// The values to compute, in output order.
    public var outputs: [Expr]
    public var speciesCount: Int
    public var parameterCount: Int
    /// Values of `.constant(i)`.
    public var constants: [Double]
    /// Definitions of `.assignment(i)`; `i` may only refer to assignments `< i`.
    public var assignments: [Expr]
    /// Definitions of `.observable(i)` (the observables' predictions); they may
    /// not themselves refer to observables.
    public var observables: [Expr]

    /// Validates every reference, so that evaluators can index without checks.
    ///
    /// - Throws: ``CompileError`` for an index out of range, an assignment that
    ///   refers to itself or a later assignment, or an observable prediction that
    ///   refers to an observable.
    public init(
        outputs: [Expr], speciesCount: Int, parameterCount: Int, constants: [Double],
        assignments: [Expr] = [], observables: [Expr] = []
    ) throws(CompileError) {
        self.outputs = outputs
        self.speciesCount = speciesCount
        self.parameterCount = parameterCount
        self.constants = constants
        self.assignments = assignments
        self.observables = observables
        for (i, a) in assignments.enumerated() {
            try validate(a, context: "assignment \(i)", assignmentLimit: i, observablesAllowed: false)
        }
        for (i, o) in observables.enumerated() {
            try validate(o, context: "observable \(i)", assignmentLimit: assignments.count, observablesAllowed: false)
        }
        for (i, o) in outputs.enumerated() {
            try validate(o, context: "output \(i)", assignmentLimit: assignments.count, observablesAllowed: true)
        }
    }

    private func validate(
        _ e: Expr, context: String, assignmentLimit: Int, observablesAllowed: Bool
    ) throws(CompileError) {
        switch e {
        case .number, .time:
            return
        case .species(let i):
            guard i >= 0 && i < speciesCount else { throw .invalidReference("species \(i) in \(context)") }
        case .parameter(let i):
            guard i >= 0 && i < parameterCount else { throw .invalidReference("parameter \(i) in \(context)") }
        case .constant(let i):
            guard i >= 0 && i < constants.count else { throw .invalidReference("constant \(i) in \(context)") }
        case .assignment(let i):
            guard i >= 0 && i < assignmentLimit else {
                throw .invalidReference("assignment \(i) in \(context) (assignments must be topologically ordered)")
            }
        case .observable(let i):
            guard observablesAllowed, i >= 0 && i < observables.count else {
                throw .invalidReference("observable \(i) in \(context)")
            }
        case .negate(let x):
            try validate(x, context: context, assignmentLimit: assignmentLimit, observablesAllowed: observablesAllowed)
        case .binary(_, let x, let y):
            try validate(x, context: context, assignmentLimit: assignmentLimit, observablesAllowed: observablesAllowed)
            try validate(y, context: context, assignmentLimit: assignmentLimit, observablesAllowed: observablesAllowed)
        case .call(let f, let args):
            guard f.accepts(argumentCount: args.count) else {
                throw .invalidReference("\(f.rawValue) with \(args.count) arguments in \(context)")
            }
            for a in args {
                try validate(a, context: context, assignmentLimit: assignmentLimit, observablesAllowed: observablesAllowed)
            }
        }
    }
}

/// Why a model or expression set could not be compiled. The checker rules
/// these out for parsed models; a hand-built ``CheckedModel`` can still hit them.
public enum CompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An index that does not exist in its table, or a reference the language forbids there.
    case invalidReference(String)

    public var description: String {
        switch self {
        case .invalidReference(let what): return "invalid reference: \(what)"
        }
    }
}
