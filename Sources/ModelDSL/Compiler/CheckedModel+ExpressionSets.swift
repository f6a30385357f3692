/// The three expression sets a model compiles to.
extension CheckedModel {
    /// `d species[i]/dt` for every species: the ODE right-hand side.
    public func rightHandSideSet() throws(CompileError) -> ExpressionSet {
        guard rates.count == species.count else {
            throw .invalidReference("\(rates.count) rates for \(species.count) species")
        }
        return try ExpressionSet(
            outputs: rates, speciesCount: species.count, parameterCount: parameters.count,
            constants: constants.map(\.value), assignments: assignments.map(\.expression))
    }

    /// The species' initial values. They may use other species' initial values
    /// and assignment rules at the start time (`time` is the start time): both
    /// become assignments of the set, ordered so that each follows what it uses.
    /// Inputs are the parameters and `time` only (`speciesCount` is 0).
    ///
    /// - Throws: ``CompileError`` for a cycle through initial values (the
    ///   checker reports those first) or an invalid reference.
    public func initialValueSet() throws(CompileError) -> ExpressionSet {
        let count = species.count
        // Node n: species n's initial value (n < count) or assignment n - count.
        let definitions = species.map(\.initialValue) + assignments.map(\.expression)
        let graph = DependencyOrder(dependencies: definitions.map { Self.initialValueReferences($0, speciesCount: count) })
        guard graph.cycles.isEmpty else {
            throw .invalidReference("initial values that depend on themselves (through species or assignment rules)")
        }
        var position = [Int](repeating: 0, count: definitions.count)
        for (k, n) in graph.order.enumerated() { position[n] = k }
        func rewrite(_ e: Expr) -> Expr {
            switch e {
            case .species(let j): return .assignment(j >= 0 && j < count ? position[j] : definitions.count + j)
            case .assignment(let a): return .assignment(a >= 0 && a < assignments.count ? position[count + a] : definitions.count + a)
            case .number, .time, .parameter, .constant, .observable: return e
            case .negate(let x): return .negate(rewrite(x))
            case .binary(let op, let x, let y): return .binary(op, rewrite(x), rewrite(y))
            case .call(let f, let args): return .call(f, args.map(rewrite))
            }
        }
        return try ExpressionSet(
            outputs: (0..<count).map { .assignment(position[$0]) }, speciesCount: 0,
            parameterCount: parameters.count, constants: constants.map(\.value),
            assignments: graph.order.map { rewrite(definitions[$0]) })
    }

    /// The nodes an initial value or assignment refers to (species `j` is node
    /// `j`, assignment `a` is node `speciesCount + a`).
    static func initialValueReferences(_ e: Expr, speciesCount: Int) -> [Int] {
        var refs: [Int] = []
        func visit(_ e: Expr) {
            switch e {
            case .species(let j): refs.append(j)
            case .assignment(let a): refs.append(speciesCount + a)
            case .negate(let x): visit(x)
            case .binary(_, let x, let y): visit(x); visit(y)
            case .call(_, let args): args.forEach(visit)
            default: break
            }
        }
        visit(e)
        return refs
    }

    /// Outputs `0..<K` are the observables' predictions, `K..<2K` their noise
    /// sds (which may refer to `.observable(i)`, the prediction of observable `i`).
    /// Inputs: the parameters, then ``placeholderCount`` slots for the
    /// placeholder values of the measurement being evaluated.
    public func observableSet() throws(CompileError) -> ExpressionSet {
        let predictions = observables.map(\.expression)
        return try ExpressionSet(
            outputs: predictions + observables.map(\.noise.sd), speciesCount: species.count,
            parameterCount: parameters.count + placeholderCount, constants: constants.map(\.value),
            assignments: assignments.map(\.expression), observables: predictions)
    }
}
