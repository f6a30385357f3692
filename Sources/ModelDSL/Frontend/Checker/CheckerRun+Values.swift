/// Phase 3: values known before any simulation — constants (folded in
/// dependency order), parameters' nominal values, species' initial values.
extension CheckerRun {
    mutating func evaluateConstants() {
        let index = Dictionary(constantDefinitions.enumerated().map { ($1.name, $0) },
                               uniquingKeysWith: { first, _ in first })
        let dependencies = constantDefinitions.map { definition in
            var refs: [Int] = []
            definition.expression.forEachName { name, _ in
                if let j = index[name] { refs.append(j) }
            }
            return refs
        }
        let graph = DependencyOrder(dependencies: dependencies)
        var onCycle = Set<Int>()
        for cycle in graph.cycles {
            onCycle.formUnion(cycle)
            let names = (cycle + [cycle[0]]).map { constantDefinitions[$0].name }
            let first = constantDefinitions[cycle[0]]
            diagnostics.error("cyclic definitions: \(names.joined(separator: " = "))",
                              at: first.nameLocation, length: first.name.unicodeScalars.count)
        }
        constantValues = [Double?](repeating: nil, count: constantDefinitions.count)
        for i in graph.order where !onCycle.contains(i) {
            let definition = constantDefinitions[i]
            guard let expr = resolve(definition.expression, .constant(definition.name)) else { continue }
            constants[i].definition = expr
            if let value = foldResolved(expr, definition.expression, what: "value of '\(definition.name)'") {
                constantValues[i] = value
                constants[i].value = value
            }
        }
    }

    mutating func evaluateNominalValues() {
        for (k, parameter) in parameters.enumerated() {
            guard let definition = valueDefinitions[parameter.name] else { continue }
            parameters[k].nominal = fold(definition.expression, .nominal(parameter.name),
                                         what: "value of parameter '\(parameter.name)'")
        }
    }

    mutating func resolveInitialValues() {
        for i in species.indices {
            if let k = speciesParameter[i] {
                species[i].initialValue = .parameter(k)
            } else if let definition = valueDefinitions[species[i].name],
                      let value = resolve(definition.expression, .initialValue(species[i].name)) {
                species[i].initialValue = value
            }
        }
    }

    /// Initial values may use other species' initial values and assignment
    /// rules at the start time; a cycle through them (`x = r`, `r := 2*x`) has no
    /// solution and is reported once per cycle, at a species on it.
    mutating func checkInitialValueCycles() {
        let count = species.count
        let dependencies = (species.map(\.initialValue) + assignments.map(\.expression)).map {
            CheckedModel.initialValueReferences($0, speciesCount: count)
        }
        let graph = DependencyOrder(dependencies: dependencies)
        for cycle in graph.cycles {
            guard let first = cycle.firstIndex(where: { $0 < count }) else { continue }  // rules only: reported already
            let rotated = Array(cycle[first...] + cycle[..<first])
            let names = (rotated + [rotated[0]]).map { $0 < count ? species[$0].name : assignments[$0 - count].name }
            let name = species[rotated[0]].name
            diagnostics.error(
                "the initial value of '\(name)' depends on itself: \(names.joined(separator: " → "))",
                at: valueDefinitions[name]?.nameLocation ?? speciesLocations[rotated[0]], length: name.unicodeScalars.count)
        }
    }

    /// The value of a constant expression, or nil (with an error) if it refers to
    /// anything but numbers and constants or is not finite.
    mutating func fold(_ syntax: SyntaxExpr, _ context: Context, what: String) -> Double? {
        guard let expr = resolve(syntax, context) else { return nil }
        return foldResolved(expr, syntax, what: what)
    }

    /// `fold` for an expression already resolved from `syntax`.
    mutating func foldResolved(_ expr: Expr, _ syntax: SyntaxExpr, what: String) -> Double? {
        guard let value = ConstantFolder.evaluate(expr, constants: constantValues) else {
            return nil  // only on a constant that has its own error (cycle, bad value)
        }
        guard value.isFinite else {
            diagnostics.error("\(what) is not a finite number (it evaluates to \(value.isNaN ? "nan" : "\(value)"))",
                              at: syntax.location)
            return nil
        }
        return value
    }
}
