/// A model lowered for simulation under conditions: every value that differs
/// between the problems of one batched solve becomes an *input* — a trailing
/// "parameter" of the lowered model — so that one compiled right-hand side
/// serves every condition, and the solver can put problems of different
/// conditions (and pre-equilibrations) side by side in its lanes.
///
/// Row of one problem (width ``rowWidth``; `P` free parameters, `V` varying
/// constants, `S` species some condition sets, `n` species):
/// ```
/// [θ (P)] [varying constants (V)] [set initial values (S)] [their flags (S)] [carry flag, carried state (1 + n)]
/// ```
/// The last block exists only when some experiment pre-equilibrates. A
/// varying constant is one a condition sets, or one whose definition uses
/// one (it is recomputed per condition). The lowered initial value of species
/// `s` is `piecewise(value_s, flag_s, carried_s, carry, initial_s)`: the
/// condition's value when it sets `s`, else the carried (steady) state after
/// pre-equilibration, else the model's own initial value — evaluated, like
/// everything else, with the condition's constants.
///
/// Observable evaluation appends the placeholder slots (``CheckedModel/placeholderCount``)
/// after the row: inside observables `.parameter(P + k)` becomes `.parameter(W + k)`.
///
/// A model without conditions and pre-equilibration lowers to itself (rows
/// are the parameter vectors), so its arithmetic is unchanged.
struct SimulationLayout: Sendable {
    let model: CheckedModel
    /// The model with inputs as parameters (``rowWidth`` of them).
    let lowered: CheckedModel
    /// `P`: the free parameters, the first entries of a row.
    let parameterCount: Int
    /// Constants that vary between conditions (indices, ascending).
    let varying: [Int]
    /// Species whose initial value some condition sets (indices, ascending).
    let setSpecies: [Int]
    /// Whether rows carry a pre-equilibrated state.
    let carries: Bool
    let rowWidth: Int
    /// Per condition (index `conditions.count`: the model's own values), the
    /// condition's inputs `[varying constants, set initial values, flags]`
    /// from the free parameters.
    let inputSets: [ExpressionSet]

    /// Number of condition inputs written after θ.
    var conditionInputCount: Int { varying.count + 2 * setSpecies.count }
    var carryOffset: Int { parameterCount + conditionInputCount }
    var isIdentity: Bool { rowWidth == parameterCount }

    /// - Throws: ``CompileError`` for references out of range or a cycle
    ///   through a condition's values (the checker rules both out).
    init(model: CheckedModel, preequilibrates: Bool) throws(CompileError) {
        self.model = model
        let p = model.parameters.count
        parameterCount = p
        var setConstants = Set<Int>()
        var species = Set<Int>()
        for condition in model.conditions {
            for setting in condition.settings {
                switch setting.target {
                case .constant(let i): setConstants.insert(i)
                case .initialValue(let s): species.insert(s)
                }
            }
        }
        // Constants computed from a varying one vary too (fixpoint over the definitions).
        var varyingSet = setConstants
        var changed = true
        while changed {
            changed = false
            for (i, c) in model.constants.enumerated() where !varyingSet.contains(i) {
                if let d = c.definition, CheckerRun.constantReferences(d).contains(where: varyingSet.contains) {
                    varyingSet.insert(i)
                    changed = true
                }
            }
        }
        varying = varyingSet.sorted()
        setSpecies = species.sorted()
        carries = preequilibrates
        let n = model.species.count
        let width = p + varying.count + 2 * setSpecies.count + (carries ? 1 + n : 0)
        rowWidth = width
        var sets: [ExpressionSet] = []
        for c in 0...model.conditions.count {
            sets.append(try Self.inputSet(model: model, condition: c < model.conditions.count ? model.conditions[c] : nil,
                                          varying: varying, setSpecies: setSpecies))
        }
        inputSets = sets
        lowered = Self.lower(model, varying: varying, setSpecies: setSpecies, carries: carries, width: width)
    }

    /// Condition `c`'s index into ``inputSets`` (nil: the model's own values).
    func inputIndex(_ condition: Int?) -> Int { condition ?? model.conditions.count }

    // MARK: Lowering

    private static func lower(_ model: CheckedModel, varying: [Int], setSpecies: [Int], carries: Bool, width: Int) -> CheckedModel {
        let p = model.parameters.count
        let n = model.species.count
        if width == p { return model }
        var slot = [Int: Int]()
        for (k, i) in varying.enumerated() { slot[i] = p + k }
        func rewrite(_ e: Expr) -> Expr {
            switch e {
            case .constant(let i): return slot[i].map { .parameter($0) } ?? e
            case .parameter(let k) where k >= p: return .parameter(width + k - p)  // a placeholder
            case .number, .time, .species, .parameter, .assignment, .observable: return e
            case .negate(let x): return .negate(rewrite(x))
            case .binary(let op, let x, let y): return .binary(op, rewrite(x), rewrite(y))
            case .call(let f, let args): return .call(f, args.map(rewrite))
            }
        }
        var lowered = model
        var inputs: [Parameter] = []
        let dummy = PriorSpec(kind: .uniform, first: 0, second: 1)
        for i in varying { inputs.append(Parameter(name: model.constants[i].name, prior: dummy)) }
        for s in setSpecies { inputs.append(Parameter(name: "\(model.species[s].name)@condition", prior: dummy)) }
        for s in setSpecies { inputs.append(Parameter(name: "\(model.species[s].name)@set", prior: dummy)) }
        if carries {
            inputs.append(Parameter(name: "@carry", prior: dummy))
            for s in model.species { inputs.append(Parameter(name: "\(s.name)@steady", prior: dummy)) }
        }
        lowered.parameters += inputs
        let carry = p + varying.count + 2 * setSpecies.count
        for s in 0..<n {
            var cases: [Expr] = []
            if let j = setSpecies.firstIndex(of: s) {
                cases += [.parameter(p + varying.count + j), .parameter(p + varying.count + setSpecies.count + j)]
            }
            if carries { cases += [.parameter(carry + 1 + s), .parameter(carry)] }
            let base = rewrite(model.species[s].initialValue)
            lowered.species[s].initialValue = cases.isEmpty ? base : .call(.piecewise, cases + [base])
            lowered.species[s].compartment = model.species[s].compartment.map(rewrite)
        }
        lowered.assignments = model.assignments.map { Assignment(name: $0.name, expression: rewrite($0.expression)) }
        lowered.rates = model.rates.map(rewrite)
        lowered.observables = model.observables.map { o in
            var lowered = o
            lowered.expression = rewrite(o.expression)
            switch o.noise {
            case .normal(let sd): lowered.noise = .normal(sd: rewrite(sd))
            case .logNormal(let sd): lowered.noise = .logNormal(sd: rewrite(sd))
            case .laplace(let b): lowered.noise = .laplace(scale: rewrite(b))
            case .logLaplace(let b): lowered.noise = .logLaplace(scale: rewrite(b))
            }
            return lowered
        }
        lowered.conditions = []
        return lowered
    }

    /// The inputs of one condition, `[varying constants, set initial values,
    /// flags]`, over the free parameters: each varying constant is the
    /// condition's value if it sets it, else its definition, with varying
    /// constants it uses computed first (assignments of the set, in order).
    private static func inputSet(
        model: CheckedModel, condition: Condition?, varying: [Int], setSpecies: [Int]
    ) throws(CompileError) -> ExpressionSet {
        var definitions: [Expr] = varying.map { i in
            model.constants[i].definition ?? .number(model.constants[i].value)
        }
        var initial = [Expr?](repeating: nil, count: setSpecies.count)
        for setting in condition?.settings ?? [] {
            switch setting.target {
            case .constant(let i):
                if let k = varying.firstIndex(of: i) { definitions[k] = setting.value }
            case .initialValue(let s):
                if let j = setSpecies.firstIndex(of: s) { initial[j] = setting.value }
            }
        }
        let position = Dictionary(varying.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let graph = DependencyOrder(dependencies: definitions.map { CheckerRun.constantReferences($0).compactMap { position[$0] } })
        guard graph.cycles.isEmpty else {
            throw .invalidReference("a cycle through the values of condition '\(condition?.name ?? "")'")
        }
        var order = [Int](repeating: 0, count: varying.count)
        for (k, node) in graph.order.enumerated() { order[node] = k }
        func rewrite(_ e: Expr) -> Expr {
            switch e {
            case .constant(let i): return position[i].map { .assignment(order[$0]) } ?? e
            case .number, .time, .species, .parameter, .assignment, .observable: return e
            case .negate(let x): return .negate(rewrite(x))
            case .binary(let op, let x, let y): return .binary(op, rewrite(x), rewrite(y))
            case .call(let f, let args): return .call(f, args.map(rewrite))
            }
        }
        let outputs: [Expr] = varying.indices.map { .assignment(order[$0]) }
            + initial.map { $0.map(rewrite) ?? .number(0) }
            + initial.map { .number($0 == nil ? 0 : 1) }
        return try ExpressionSet(
            outputs: outputs, speciesCount: 0, parameterCount: model.parameters.count,
            constants: model.constants.map(\.value), assignments: graph.order.map { rewrite(definitions[$0]) })
    }
}
