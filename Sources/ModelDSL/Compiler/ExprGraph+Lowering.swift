/// Lowers the `Expr` trees of an ``ExpressionSet`` into an ``ExprGraph``.
///
/// `hill`, `hillr` and `mm` are expanded into their formulas (exactly as
/// ``ScalarMath`` evaluates them), so their powers are shared and lowered too.
struct GraphLowering {
    var graph: ExprGraph
    let set: ExpressionSet
    private var assignmentIds: [Int?]
    private var observableIds: [Int?]

    init(set: ExpressionSet, options: BytecodeOptions) {
        self.set = set
        graph = ExprGraph(options: options)
        assignmentIds = Array(repeating: nil, count: set.assignments.count)
        observableIds = Array(repeating: nil, count: set.observables.count)
    }

    /// The node of `e` (indices were validated by ``ExpressionSet``).
    mutating func lower(_ e: Expr) -> Int {
        switch e {
        case .number(let v): return graph.constant(v)
        case .constant(let i): return graph.constant(set.constants[i])
        case .time: return graph.intern(.time)
        case .species(let i): return graph.intern(.species(i))
        case .parameter(let j): return graph.intern(.parameter(j))
        case .assignment(let a):
            if graph.options.shareSubexpressions, let id = assignmentIds[a] { return id }
            let id = lower(set.assignments[a])
            assignmentIds[a] = id
            return id
        case .observable(let o):
            if graph.options.shareSubexpressions, let id = observableIds[o] { return id }
            let id = lower(set.observables[o])
            observableIds[o] = id
            return id
        case .negate(let x):
            return graph.unary(.negate, lower(x))
        case .binary(let op, let x, let y):
            let a = lower(x), b = lower(y)
            switch op {
            case .add: return graph.binary(.add, a, b)
            case .subtract: return graph.binary(.subtract, a, b)
            case .multiply: return graph.binary(.multiply, a, b)
            case .divide: return graph.binary(.divide, a, b)
            case .power: return graph.power(a, b)
            }
        case .call(let f, let args):
            let a = args.map { lower($0) }
            return call(f, a)
        }
    }

    private mutating func call(_ f: Function, _ a: [Int]) -> Int {
        switch f {
        case .exp: return graph.unary(.exp, a[0])
        case .log, .ln: return graph.unary(.log, a[0])
        case .log10: return graph.unary(.log10, a[0])
        case .sqrt: return graph.unary(.sqrt, a[0])
        case .abs: return graph.unary(.abs, a[0])
        case .min: return graph.binary(.minimum, a[0], a[1])
        case .max: return graph.binary(.maximum, a[0], a[1])
        case .pow: return graph.power(a[0], a[1])
        case .hill:  // v·xⁿ / (Kⁿ + xⁿ)
            let xn = graph.power(a[0], a[3]), kn = graph.power(a[2], a[3])
            return graph.binary(.divide, graph.binary(.multiply, a[1], xn), graph.binary(.add, kn, xn))
        case .hillr:  // v·Kⁿ / (Kⁿ + xⁿ)
            let xn = graph.power(a[0], a[3]), kn = graph.power(a[2], a[3])
            return graph.binary(.divide, graph.binary(.multiply, a[1], kn), graph.binary(.add, kn, xn))
        case .mm:  // v·x / (K + x)
            return graph.binary(.divide, graph.binary(.multiply, a[1], a[0]), graph.binary(.add, a[2], a[0]))
        case .piecewise:  // select(c₁, v₁, select(c₂, v₂, … w))
            var result = a.count % 2 == 1 ? a[a.count - 1] : graph.constant(.nan)
            for k in stride(from: a.count - (a.count % 2 == 1 ? 3 : 2), through: 0, by: -2) {
                result = graph.select(a[k + 1], a[k], result)
            }
            return result
        case .not, .floor, .ceil, .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh,
             .atanh, .factorial:
            return graph.unary(Self.opCode(f), a[0])
        case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual, .and, .or, .xor:
            return graph.binary(Self.opCode(f), a[0], a[1])
        }
    }

    /// The operation computing a one-operand or comparison/logical function.
    private static func opCode(_ f: Function) -> OpCode {
        OpCode.allCases.first { $0.function == f } ?? .copy
    }
}
