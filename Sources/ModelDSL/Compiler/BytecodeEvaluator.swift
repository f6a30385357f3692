import Foundation

/// Runs a ``BytecodeProgram`` over a batch of lanes.
///
/// Per call: point the input/output slots at the caller's buffers
/// (`1 + S + P + K` pointer writes), then for each instruction run one tight
/// loop over the lanes. The dispatch (`switch`) is paid once per instruction
/// per call, not per lane, so its cost is amortised over the batch; the loops
/// are over raw pointers with no bounds checks and no aliasing between
/// destination and operands.
public struct BytecodeEvaluator: BatchExpressionEvaluator, @unchecked Sendable {
    // @unchecked: the register file is a private reference that is copied
    // on write (isKnownUniquelyReferenced) before every mutation.
    public let program: BytecodeProgram
    private var registers: BytecodeRegisters

    public init(_ program: BytecodeProgram) {
        self.program = program
        registers = BytecodeRegisters(program: program)
    }

    public init(_ set: ExpressionSet, options: BytecodeOptions = .optimised) {
        self.init(BytecodeProgram(set, options: options))
    }

    public var outputCount: Int { program.outputCount }

    public mutating func evaluate(_ inputs: LaneInputs, into outputs: UnsafeMutablePointer<Double>) {
        if !isKnownUniquelyReferenced(&registers) { registers = BytecodeRegisters(program: program) }
        let lanes = inputs.laneCount
        let slots = registers.prepare(laneCount: lanes)
        let p = program
        slots[0] = UnsafeMutablePointer(mutating: inputs.time)
        for i in 0..<p.speciesCount { slots[1 + i] = UnsafeMutablePointer(mutating: inputs.species + i * lanes) }
        // The parameter and output slots are re-pointed only when their
        // buffers move: a solve passes the same ones thousands of times, and
        // with hoisted parameter expressions there can be many of them.
        if registers.parameterBase != inputs.parameters {
            registers.parameterBase = inputs.parameters
            let fp = p.firstParameterSlot
            for j in 0..<p.parameterCount { slots[fp + j] = UnsafeMutablePointer(mutating: inputs.parameters + j * lanes) }
        }
        if registers.outputBase != outputs {
            registers.outputBase = outputs
            let fo = p.firstOutputSlot
            for k in 0..<p.outputCount { slots[fo + k] = outputs + k * lanes }
        }
        p.instructions.withUnsafeBufferPointer { code in
            // One lane (an unbatched solve: `simulate`, a stiff problem alone)
            // gets its own copy of the loop with the lane count a constant, so
            // the lane loops fold away: 20 % off such a solve (Elowitz, Boehm).
            if lanes == 1 {
                BytecodeEvaluator.run(code, slots: slots, lanes: 1, fastPower: p.options.fastPower)
            } else {
                BytecodeEvaluator.run(code, slots: slots, lanes: lanes, fastPower: p.options.fastPower)
            }
        }
    }

    /// The interpreter loop: one ``LaneLoops`` loop per instruction. Input
    /// slots are only ever read (the compiler never makes them a
    /// destination), so casting them to mutable is sound.
    @inline(__always)
    static func run(
        _ code: UnsafeBufferPointer<Instruction>, slots: UnsafeMutablePointer<UnsafeMutablePointer<Double>>, lanes n: Int,
        fastPower: Bool
    ) {
        for ins in code {
            let d = slots[Int(ins.dst)], a = slots[Int(ins.a)], b = slots[Int(ins.b)], c = slots[Int(ins.c)]
            switch ins.op {
            case .copy: LaneLoops.unary(d, a, n, { $0 }, { $0 })
            case .negate: LaneLoops.unary(d, a, n, { -$0 }, { -$0 })
            case .exp: for l in 0..<n { d[l] = Foundation.exp(a[l]) }
            case .log: for l in 0..<n { d[l] = Foundation.log(a[l]) }
            case .log10: for l in 0..<n { d[l] = Foundation.log10(a[l]) }
            case .sqrt: LaneLoops.unary(d, a, n, { $0.squareRoot() }, { $0.squareRoot() })
            case .abs: for l in 0..<n { d[l] = Swift.abs(a[l]) }
            case .add: LaneLoops.binary(d, a, b, n, { $0 + $1 }, { $0 + $1 })
            case .subtract: LaneLoops.binary(d, a, b, n, { $0 - $1 }, { $0 - $1 })
            case .multiply: LaneLoops.binary(d, a, b, n, { $0 * $1 }, { $0 * $1 })
            case .divide: LaneLoops.binary(d, a, b, n, { $0 / $1 }, { $0 / $1 })
            case .power:
                if fastPower { FastMath.power(a, b, into: d, count: n) } else {
                    for l in 0..<n { d[l] = ScalarMath.power(a[l], b[l]) }
                }
            case .minimum: for l in 0..<n { d[l] = ScalarMath.minimum(a[l], b[l]) }
            case .maximum: for l in 0..<n { d[l] = ScalarMath.maximum(a[l], b[l]) }
            case .select: for l in 0..<n { d[l] = ScalarMath.select(a[l], b[l], c[l]) }
            case .multiplyAdd: LaneLoops.ternary(d, a, b, c, n, { $0 * $1 + $2 }, { $0 * $1 + $2 })
            case .multiplySubtract: LaneLoops.ternary(d, a, b, c, n, { $0 * $1 - $2 }, { $0 * $1 - $2 })
            case .subtractProduct: LaneLoops.ternary(d, a, b, c, n, { $2 - $0 * $1 }, { $2 - $0 * $1 })
            case .not: for l in 0..<n { d[l] = ScalarMath.not(a[l]) }
            case .floor, .ceil, .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh, .atanh,
                 .factorial:
                // Rare in models: one generic loop (the function switch is per lane).
                let f = ins.op.function ?? .exp
                for l in 0..<n { d[l] = ScalarMath.unary(f, a[l]) }
            case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual, .and, .or, .xor:
                let f = ins.op.function ?? .lessThan
                for l in 0..<n { d[l] = ScalarMath.logic(f, a[l], b[l]) }
            }
        }
    }

}

/// The register file of a ``BytecodeEvaluator``: constant and temporary lane
/// vectors, and the slot → pointer table.
final class BytecodeRegisters {
    let program: BytecodeProgram
    private var storage: ScratchBuffer
    let slots: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    private var laneCount = 0
    /// The buffers the parameter and output slots point into (nil: not yet
    /// pointed, or the lane count changed).
    var parameterBase: UnsafePointer<Double>?
    var outputBase: UnsafeMutablePointer<Double>?

    init(program: BytecodeProgram) {
        self.program = program
        storage = ScratchBuffer(capacity: 1)
        slots = .allocate(capacity: Swift.max(program.slotCount, 1))
        slots.initialize(repeating: storage.pointer, count: Swift.max(program.slotCount, 1))
    }

    deinit { slots.deallocate() }

    /// Lays the constants and temporaries out for `lanes` lanes (only when the
    /// lane count changes) and returns the slot table.
    @inline(__always)
    func prepare(laneCount lanes: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<Double>> {
        if lanes != laneCount { layOut(lanes) }
        return slots
    }

    private func layOut(_ lanes: Int) {
        laneCount = lanes
        parameterBase = nil
        outputBase = nil
        let fixed = program.constants.count + program.temporaryCount
        storage.ensureCapacity(Swift.max(fixed * lanes, 1))
        let base = storage.pointer
        for (c, v) in program.constants.enumerated() {
            (base + c * lanes).update(repeating: v, count: lanes)
            slots[program.firstConstantSlot + c] = base + c * lanes
        }
        for t in 0..<program.temporaryCount {
            slots[program.firstTemporarySlot + t] = base + (program.constants.count + t) * lanes
        }
    }
}
