/// A compiled ``ExpressionSet``: straight-line register code over lane vectors.
///
/// Slot layout (each slot is a vector of `laneCount` doubles):
/// `0` time · `1…S` species · then `P` parameters · then `K` outputs · then
/// the constants · then the temporaries. Input and output slots point into
/// the caller's buffers (no copying); constants and temporaries live in the
/// evaluator's register file. Immutable and `Sendable`; run it with
/// ``BytecodeEvaluator``.
public struct BytecodeProgram: Sendable, Hashable {
    public let instructions: [Instruction]
    public let speciesCount: Int
    public let parameterCount: Int
    public let outputCount: Int
    /// Values of the constant slots, in slot order.
    public let constants: [Double]
    /// Number of temporary registers after reuse.
    public let temporaryCount: Int
    public let options: BytecodeOptions

    var firstParameterSlot: Int { 1 + speciesCount }
    var firstOutputSlot: Int { firstParameterSlot + parameterCount }
    var firstConstantSlot: Int { firstOutputSlot + outputCount }
    var firstTemporarySlot: Int { firstConstantSlot + constants.count }
    /// Total number of slots.
    public var slotCount: Int { firstTemporarySlot + temporaryCount }

    /// What slot `s` holds.
    public func kind(ofSlot s: Int) -> SlotKind {
        if s == 0 { return .time }
        if s < firstParameterSlot { return .species(s - 1) }
        if s < firstOutputSlot { return .parameter(s - firstParameterSlot) }
        if s < firstConstantSlot { return .output(s - firstOutputSlot) }
        if s < firstTemporarySlot { return .constant(constants[s - firstConstantSlot]) }
        return .temporary
    }

    /// Compiles `set`.
    ///
    /// Cost: linear in the size of the trees (hash-consing is a dictionary
    /// lookup per node). Only nodes reachable from the outputs are emitted,
    /// in topological order; each temporary register is freed after its last
    /// reader and reused (never as the destination of an instruction that
    /// reads it, so every loop is free of aliasing).
    public init(_ set: ExpressionSet, options: BytecodeOptions = .optimised) {
        var lowering = GraphLowering(set: set, options: options)
        let roots = set.outputs.map { lowering.lower($0) }
        let nodes = lowering.graph.nodes
        self.options = options
        speciesCount = set.speciesCount
        parameterCount = set.parameterCount
        outputCount = roots.count

        // Reachability.
        var reachable = [Bool](repeating: false, count: nodes.count)
        for r in roots { reachable[r] = true }
        for id in stride(from: nodes.count - 1, through: 0, by: -1) where reachable[id] {
            if case .operation(let op, let operands) = nodes[id] {
                for operand in operands.prefix(op.operandCount) { reachable[operand] = true }
            }
        }
        // The operation each node's instruction performs, after fusing products
        // into their only reader (`nil`: a leaf, or a product fused away).
        var operations: [(op: OpCode, operands: ArraySlice<Int>)?] = nodes.map {
            if case .operation(let op, let operands) = $0 { return (op, operands.prefix(op.operandCount)) }
            return nil
        }
        if options.fuseProducts {
            Self.fuseProducts(&operations, reachable: reachable, roots: roots)
        }
        // Last use (in node order = instruction order).
        var lastUse = [Int](repeating: -1, count: nodes.count)
        for id in stride(from: nodes.count - 1, through: 0, by: -1) where reachable[id] {
            for operand in operations[id]?.operands ?? [] { lastUse[operand] = Swift.max(lastUse[operand], id) }
        }

        // Fixed slots: inputs, outputs, constants.
        let firstParameter = 1 + set.speciesCount
        let firstOutput = firstParameter + set.parameterCount
        let firstConstant = firstOutput + roots.count
        var slot = [Int](repeating: -1, count: nodes.count)
        var constantValues: [Double] = []
        for (id, node) in nodes.enumerated() where reachable[id] {
            switch node {
            case .time: slot[id] = 0
            case .species(let i): slot[id] = 1 + i
            case .parameter(let j): slot[id] = firstParameter + j
            case .constant(let bits):
                slot[id] = firstConstant + constantValues.count
                constantValues.append(Double(bitPattern: bits))
            case .operation: break
            }
        }
        // An operation that is an output root is computed straight into the
        // output; a root already placed (shared, input, constant) is copied.
        var copies: [(Int, Int)] = []
        for (k, r) in roots.enumerated() {
            if case .operation = nodes[r], slot[r] < 0 { slot[r] = firstOutput + k } else { copies.append((k, r)) }
        }
        let firstTemporary = firstConstant + constantValues.count

        // Linear scan over the operations with a free list of temporaries.
        var code: [Instruction] = []
        var free: [Int] = []
        var temporaries = 0
        for id in nodes.indices where reachable[id] {
            guard let (op, operands) = operations[id] else { continue }
            if slot[id] < 0 {
                if let s = free.popLast() { slot[id] = s } else { slot[id] = firstTemporary + temporaries; temporaries += 1 }
            }
            let used = Array(operands)
            let a = used[0], b = used.count > 1 ? used[1] : a, c = used.count > 2 ? used[2] : a
            code.append(Instruction(op: op, dst: Int32(slot[id]), a: Int32(slot[a]), b: Int32(slot[b]), c: Int32(slot[c])))
            var released: [Int] = []
            for operand in used where lastUse[operand] == id && !released.contains(operand) {
                released.append(operand)
                if slot[operand] >= firstTemporary { free.append(slot[operand]) }
            }
        }
        for (k, r) in copies {
            code.append(Instruction(op: .copy, dst: Int32(firstOutput + k), a: Int32(slot[r]), b: Int32(slot[r])))
        }
        instructions = code
        constants = constantValues
        temporaryCount = temporaries
    }

    /// Fuses every product that is read exactly once, by a sum or difference,
    /// and is not itself an output, into that reader (``OpCode/multiplyAdd``,
    /// ``OpCode/multiplySubtract``, ``OpCode/subtractProduct``), marking the
    /// product `nil`. Operands stay in reading order, so with IEEE addition
    /// commutative the values are the unfused program's bit for bit.
    static func fuseProducts(
        _ operations: inout [(op: OpCode, operands: ArraySlice<Int>)?], reachable: [Bool], roots: [Int]
    ) {
        var readers = [Int](repeating: 0, count: operations.count)
        for r in roots { readers[r] += 2 }  // an output is never fused away
        for id in operations.indices where reachable[id] {
            for operand in operations[id]?.operands ?? [] { readers[operand] += 1 }
        }
        func fusable(_ id: Int) -> ArraySlice<Int>? {
            guard readers[id] == 1, let (op, operands) = operations[id], op == .multiply else { return nil }
            return operands
        }
        for id in operations.indices where reachable[id] {
            guard let (op, operands) = operations[id], op == .add || op == .subtract else { continue }
            let x = operands[operands.startIndex], y = operands[operands.startIndex + 1]
            let fused: (OpCode, Int, ArraySlice<Int>, Int)?
            if op == .add, let product = fusable(x) {
                fused = (.multiplyAdd, x, product, y)  // x·… + y
            } else if op == .add, let product = fusable(y) {
                fused = (.multiplyAdd, y, product, x)  // x + y·… = y·… + x
            } else if op == .subtract, let product = fusable(y) {
                fused = (.subtractProduct, y, product, x)  // x − y·…
            } else if op == .subtract, let product = fusable(x) {
                fused = (.multiplySubtract, x, product, y)  // x·… − y
            } else {
                fused = nil
            }
            guard let (fusedOp, product, factors, other) = fused else { continue }
            operations[id] = (fusedOp, [factors[factors.startIndex], factors[factors.startIndex + 1], other])
            operations[product] = nil
        }
    }
}
