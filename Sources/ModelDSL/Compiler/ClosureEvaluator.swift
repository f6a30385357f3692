import Foundation

/// The inputs one closure sees: one lane of the batch.
struct ClosureFrame {
    let time: UnsafePointer<Double>
    let species: UnsafePointer<Double>
    let parameters: UnsafePointer<Double>
    /// This lane's assignment values (computed once per lane per call).
    let slots: UnsafePointer<Double>
    let lane: Int
    let lanes: Int
}

/// A compiled expression: its value in one lane.
typealias LaneKernel = (ClosureFrame) -> Double

/// Expressions compiled to nested Swift closures ("closure compilation"),
/// run one lane at a time.
///
/// Compile time: constants substituted and constant subexpressions folded,
/// small integer powers specialised (`x^2` → `v*v`, …), assignments computed
/// once per lane per call into slots (only those reachable from the outputs),
/// observables inlined. No common-subexpression sharing. Cost per lane ≈ one
/// indirect call per tree node.
public struct ClosureEvaluator: BatchExpressionEvaluator, @unchecked Sendable {
    // @unchecked: the closures capture only immutable values and other such
    // closures; the scratch buffer is copied on write before any mutation.
    private let outputs: [LaneKernel]
    /// (slot, kernel) for the reachable assignments, in dependency order.
    private let assignments: [(Int, LaneKernel)]
    private let assignmentCount: Int
    private var scratch: ScratchBuffer

    public var outputCount: Int { outputs.count }

    public init(_ set: ExpressionSet) {
        let folded = set.assignments.map { $0.foldingConstants(set.constants) }
        let observables = set.observables.map { $0.foldingConstants(set.constants) }
        var reachable = Set<Int>()
        func mark(_ e: Expr) {
            switch e {
            case .assignment(let a): if reachable.insert(a).inserted { mark(folded[a]) }
            case .observable(let o): mark(observables[o])
            case .negate(let x): mark(x)
            case .binary(_, let x, let y): mark(x); mark(y)
            case .call(_, let args): args.forEach(mark)
            default: break
            }
        }
        let outs = set.outputs.map { $0.foldingConstants(set.constants) }
        outs.forEach(mark)
        let compiler = ClosureCompiler(observables: observables)
        outputs = outs.map { compiler.compile($0) }
        assignments = reachable.sorted().map { ($0, compiler.compile(folded[$0])) }
        assignmentCount = set.assignments.count
        scratch = ScratchBuffer(capacity: Swift.max(set.assignments.count, 1))
    }

    public mutating func evaluate(_ inputs: LaneInputs, into out: UnsafeMutablePointer<Double>) {
        if !isKnownUniquelyReferenced(&scratch) { scratch = scratch.copy() }
        let slots = scratch.pointer
        let lanes = inputs.laneCount
        for lane in 0..<lanes {
            let frame = ClosureFrame(
                time: inputs.time, species: inputs.species, parameters: inputs.parameters,
                slots: slots, lane: lane, lanes: lanes)
            for (slot, kernel) in assignments { slots[slot] = kernel(frame) }
            for (k, kernel) in outputs.enumerated() { out[k * lanes + lane] = kernel(frame) }
        }
    }
}

/// Turns a folded `Expr` into a ``LaneKernel``.
private struct ClosureCompiler {
    let observables: [Expr]

    func compile(_ e: Expr) -> LaneKernel {
        switch e {
        case .number(let v): return { _ in v }
        case .constant: return { _ in .nan }  // folded away before; unreachable
        case .time: return { f in f.time[f.lane] }
        case .species(let i): return { f in f.species[i * f.lanes + f.lane] }
        case .parameter(let j): return { f in f.parameters[j * f.lanes + f.lane] }
        case .assignment(let a): return { f in f.slots[a] }
        case .observable(let o): return compile(observables[o])
        case .negate(let x):
            let cx = compile(x)
            return { f in -cx(f) }
        case .binary(let op, let x, let y):
            return binary(op, x, y)
        case .call(let fn, let args):
            return call(fn, args.map(compile))
        }
    }

    private func binary(_ op: BinaryOperator, _ x: Expr, _ y: Expr) -> LaneKernel {
        let cx = compile(x)
        if op == .power, let n = y.numberValue.flatMap(loweredIntegerExponent) {
            switch n {
            case 0: return { _ in 1 }
            case 1: return cx
            case 2: return { f in let v = cx(f); return v * v }
            case 3: return { f in let v = cx(f); return v * v * v }
            case 4: return { f in let v = cx(f); let v2 = v * v; return v2 * v2 }
            case -1: return { f in 1 / cx(f) }
            case -2: return { f in let v = cx(f); return 1 / (v * v) }
            default: break
            }
        }
        let cy = compile(y)
        switch op {
        case .add: return { f in cx(f) + cy(f) }
        case .subtract: return { f in cx(f) - cy(f) }
        case .multiply: return { f in cx(f) * cy(f) }
        case .divide: return { f in cx(f) / cy(f) }
        case .power: return { f in ScalarMath.power(cx(f), cy(f)) }
        }
    }

    private func call(_ fn: Function, _ a: [LaneKernel]) -> LaneKernel {
        switch fn {
        case .exp: let x = a[0]; return { f in Foundation.exp(x(f)) }
        case .log, .ln: let x = a[0]; return { f in Foundation.log(x(f)) }
        case .log10: let x = a[0]; return { f in Foundation.log10(x(f)) }
        case .sqrt: let x = a[0]; return { f in Foundation.sqrt(x(f)) }
        case .abs: let x = a[0]; return { f in Swift.abs(x(f)) }
        case .min: let x = a[0], y = a[1]; return { f in ScalarMath.minimum(x(f), y(f)) }
        case .max: let x = a[0], y = a[1]; return { f in ScalarMath.maximum(x(f), y(f)) }
        case .pow: let x = a[0], y = a[1]; return { f in ScalarMath.power(x(f), y(f)) }
        case .hill:
            let x = a[0], v = a[1], k = a[2], n = a[3]
            return { f in ScalarMath.hill(x(f), v(f), k(f), n(f)) }
        case .hillr:
            let x = a[0], v = a[1], k = a[2], n = a[3]
            return { f in ScalarMath.hillr(x(f), v(f), k(f), n(f)) }
        case .mm:
            let x = a[0], v = a[1], k = a[2]
            return { f in ScalarMath.michaelisMenten(x(f), v(f), k(f)) }
        case .piecewise:
            return piecewise(a)
        case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual, .and, .or, .xor:
            let x = a[0], y = a[1]
            return { f in ScalarMath.logic(fn, x(f), y(f)) }
        default:
            let x = a[0]
            return { f in ScalarMath.unary(fn, x(f)) }
        }
    }

    /// Conditions in order, evaluating only the value chosen (same result as
    /// ``ScalarMath/piecewise(_:)``, which evaluates every argument).
    private func piecewise(_ a: [LaneKernel]) -> LaneKernel {
        let pairs = stride(from: 0, to: a.count - 1, by: 2).map { (value: a[$0], condition: a[$0 + 1]) }
        let otherwise: LaneKernel? = a.count % 2 == 1 ? a[a.count - 1] : nil
        return { f in
            for pair in pairs {
                let c = pair.condition(f)
                if c.isNaN { return .nan }
                if c != 0 { return pair.value(f) }
            }
            return otherwise?(f) ?? .nan
        }
    }
}
