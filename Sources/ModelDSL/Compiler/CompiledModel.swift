import ODE

/// A model compiled into a batched ODE right-hand side and its sparse
/// symbolic Jacobian: what the solver runs.
///
/// Lane `l` holds one problem: its parameters are stored structure-of-arrays
/// (parameter `j` of lane `l` at `j * laneCount + l`) and bound by
/// ``load(problem:lane:initialState:)`` from the table set with
/// ``setProblems(_:)``. One instance per thread: copies are independent
/// (scratch memory is copied on write).
public struct CompiledModel: BatchJacobianSystem, ProblemBatchSystem, @unchecked Sendable {
    // @unchecked: `laneParameters` is a private class reference copied on
    // write before mutation; the evaluators are Sendable.
    public let stateCount: Int
    public let parameterCount: Int
    /// The batch width this instance was built for; the solver must use it.
    public let laneCount: Int
    public let kind: EvaluatorKind
    /// The time the initial values hold at (initial values cannot use `time`;
    /// kept for completeness of the evaluator inputs).
    public var startTime: Double = 0
    private var rhs: any BatchExpressionEvaluator
    private var initial: any BatchExpressionEvaluator
    /// The hoisted parameter-only subexpressions (``ParameterHoisting``),
    /// evaluated per problem in `load`; `nil` when there are none.
    private var hoisted: (any BatchExpressionEvaluator)?
    /// Parameters per lane: the model's, then the hoisted ones.
    private let laneParameterCount: Int
    /// Scratch for `load`: the hoisted values, then a (never read) state.
    private var loadScratch: ScratchBuffer
    /// The sparse symbolic Jacobian (``CompiledModel+Jacobian``).
    let jacobianStructure: SymbolicJacobian
    var jacobianEvaluator: any BatchExpressionEvaluator
    /// The right-hand side and the Jacobian's entries in one program (outputs:
    /// the `n` derivatives, then the Jacobian's), so that what they share
    /// (a Hill term's `x^n`) is computed once at the start of a stiff step.
    var rhsAndJacobianEvaluator: any BatchExpressionEvaluator
    /// Scratch of the Jacobian evaluation (copied on write like the parameters).
    var jacobianScratch: ScratchBuffer
    private var laneParameters: ScratchBuffer
    /// Row-major `problemCount × parameterCount` parameter table.
    private var problems: [Double] = []

    /// Compiles `model` for `laneCount` lanes with the evaluator `kind`.
    /// - Throws: ``CompileError`` if the model's references are inconsistent.
    public init(
        model: CheckedModel, kind: EvaluatorKind = .bytecode, laneCount: Int, bytecodeOptions: BytecodeOptions = .optimised
    ) throws(CompileError) {
        let lanes = Swift.max(laneCount, 1)
        stateCount = model.species.count
        parameterCount = model.parameters.count
        self.laneCount = lanes
        self.kind = kind
        let rhsSet = try model.rightHandSideSet()
        let jacobianStructure = try SymbolicJacobian(model: model)
        let jacobianSet = jacobianStructure.expressions
        // The Jacobian's assignment rules extend the right-hand side's, so one
        // hoisting serves both.
        var hoisting = ParameterHoisting(parameterCount: rhsSet.parameterCount, assignments: jacobianSet.assignments)
        let rhsOutputs = rhsSet.outputs.map { hoisting.rewrite($0) }
        let rhsAssignments = rhsSet.assignments.map { hoisting.rewrite($0) }
        let jacobianOutputs = jacobianSet.outputs.map { hoisting.rewrite($0) }
        let jacobianAssignments = jacobianSet.assignments.map { hoisting.rewrite($0) }
        let extended = hoisting.extendedParameterCount
        rhs = kind.makeEvaluator(try ExpressionSet(
            outputs: rhsOutputs, speciesCount: rhsSet.speciesCount, parameterCount: extended,
            constants: rhsSet.constants, assignments: rhsAssignments), bytecodeOptions: bytecodeOptions)
        jacobianEvaluator = kind.makeEvaluator(try ExpressionSet(
            outputs: jacobianOutputs, speciesCount: jacobianSet.speciesCount, parameterCount: extended,
            constants: jacobianSet.constants, assignments: jacobianAssignments), bytecodeOptions: bytecodeOptions)
        rhsAndJacobianEvaluator = kind.makeEvaluator(try ExpressionSet(
            outputs: rhsOutputs + jacobianOutputs, speciesCount: jacobianSet.speciesCount, parameterCount: extended,
            constants: jacobianSet.constants, assignments: jacobianAssignments), bytecodeOptions: bytecodeOptions)
        hoisted = hoisting.hoisted.isEmpty ? nil : kind.makeEvaluator(try ExpressionSet(
            outputs: hoisting.hoisted, speciesCount: rhsSet.speciesCount, parameterCount: rhsSet.parameterCount,
            constants: rhsSet.constants, assignments: jacobianSet.assignments), bytecodeOptions: bytecodeOptions)
        self.jacobianStructure = jacobianStructure
        initial = kind.makeEvaluator(try model.initialValueSet(), bytecodeOptions: bytecodeOptions)
        jacobianScratch = ScratchBuffer(capacity: 1)
        laneParameterCount = extended
        loadScratch = ScratchBuffer(capacity: extended - parameterCount + stateCount)
        laneParameters = ScratchBuffer(capacity: Swift.max(extended * lanes, 1))
    }

    /// Problems `0..<parameters.count / parameterCount` of the next solve take
    /// their parameters from the row-major table `parameters` (natural units).
    /// Copies the table (reusing this instance's storage).
    public mutating func setProblems(_ parameters: UnsafeBufferPointer<Double>) {
        problems.removeAll(keepingCapacity: true)
        problems.append(contentsOf: parameters)
    }

    /// Number of problems in the bound table.
    public var problemCount: Int { parameterCount == 0 ? 0 : problems.count / parameterCount }

    public mutating func load(problem: Int, lane: Int, initialState: UnsafeMutablePointer<Double>) {
        if !isKnownUniquelyReferenced(&laneParameters) { laneParameters = laneParameters.copy() }
        let lp = laneParameters.pointer
        let p = parameterCount, lanes = laneCount, t0 = startTime
        problems.withUnsafeBufferPointer { table in
            let row = problem * p
            guard problem >= 0, row + p <= table.count else {
                initialState.update(repeating: .nan, count: stateCount)  // no such problem: fails as non-finite
                return
            }
            withUnsafePointer(to: t0) { t in
                let parameters = table.baseAddress.map { $0 + row } ?? t  // p == 0: never read
                for j in 0..<p { lp[j * lanes + lane] = parameters[j] }
                let inputs = LaneInputs(time: t, species: t, parameters: parameters, laneCount: 1)
                initial.evaluate(inputs, into: initialState)
                if hoisted != nil {
                    if !isKnownUniquelyReferenced(&loadScratch) { loadScratch = loadScratch.copy() }
                    let k = laneParameterCount - p, values = loadScratch.pointer
                    // The hoisted expressions read no state; a zero one stands in.
                    (values + k).update(repeating: 0, count: stateCount)
                    let hoistedInputs = LaneInputs(time: t, species: values + k, parameters: parameters, laneCount: 1)
                    hoisted!.evaluate(hoistedInputs, into: values)
                    for j in 0..<k { lp[(p + j) * lanes + lane] = values[j] }
                }
            }
        }
    }

    public mutating func evaluate(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>, laneCount: Int
    ) {
        precondition(laneCount == self.laneCount, "CompiledModel built for \(self.laneCount) lanes, solved with \(laneCount)")
        rhs.evaluate(inputs(t: t, y: y), into: dydt)
    }

    /// The evaluator inputs of the bound lanes at `(t, y)`.
    func inputs(t: UnsafePointer<Double>, y: UnsafePointer<Double>) -> LaneInputs {
        LaneInputs(time: t, species: y, parameters: laneParameters.pointer, laneCount: laneCount)
    }
}
