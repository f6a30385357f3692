/// Phase 2: what each declared name is — species, parameter, constant,
/// assignment rule or observable — and its index in the checked model.
extension CheckerRun {
    mutating func classify() {
        classifySpecies()
        for (k, prior) in priorDeclarations.enumerated() {
            parameters.append(Parameter(name: prior.name, prior: PriorSpec(kind: .uniform, first: 0, second: 1)))
            if case .species(let i) = symbols[prior.name] {
                speciesParameter[i] = k
            } else {
                symbols.define(prior.name, as: .parameter(k))
            }
        }
        let speciesNames = Set(species.map(\.name))
        let parameterNames = Set(parameters.map(\.name))
        for definition in (ast.initialValues + ast.values).sorted(by: { $0.nameLocation < $1.nameLocation })
        where valueDefinitions[definition.name] == definition
            && !speciesNames.contains(definition.name) && !parameterNames.contains(definition.name)
            && symbols[definition.name] == nil {
            symbols.define(definition.name, as: .constant(constants.count))
            constants.append(Constant(name: definition.name, value: .nan))
            constantDefinitions.append(definition)
        }
        orderAssignments()
        for (i, observable) in observableDeclarations.enumerated() {
            symbols.define(observable.name, as: .observable(i))
        }
    }

    /// Species are the names in reactions and rate rules; each needs `x = value`.
    /// Ordered like their initial values in the file.
    private mutating func classifySpecies() {
        let assignmentNames = Set(assignmentDefinitions.map(\.name))
        let observableNames = Set(observableDeclarations.map(\.name))
        var firstUse: [String: SourceLocation] = [:]
        var inReactions: [String: SourceLocation] = [:]
        var candidates: [String] = []
        func consider(_ name: String, at location: SourceLocation) -> Bool {
            let length = name.unicodeScalars.count
            if let reason = ReservedName.reason(name) {
                diagnostics.error("'\(name)' cannot be a species: \(reason)", at: location, length: length)
                return false
            }
            if assignmentNames.contains(name) || observableNames.contains(name) || symbols[name] == .label {
                let what = assignmentNames.contains(name) ? "an assignment rule"
                    : observableNames.contains(name) ? "an observable" : "a reaction label"
                diagnostics.error("'\(name)' is \(what) and cannot be a species", at: location, length: length)
                return false
            }
            return true
        }
        for reaction in ast.reactions {
            for participant in reaction.reactants + reaction.products where inReactions[participant.name] == nil {
                inReactions[participant.name] = participant.location
                guard consider(participant.name, at: participant.location) else { continue }
                firstUse[participant.name] = participant.location
                candidates.append(participant.name)
            }
        }
        var placed: [String: SourceLocation] = [:]
        for declaration in ast.compartments {
            let name = declaration.species
            let length = name.unicodeScalars.count
            if let first = placed[name] {
                diagnostics.error("duplicate compartment for '\(name)' (first at line \(first.line))",
                                  at: declaration.speciesLocation, length: length)
                continue
            }
            placed[name] = declaration.speciesLocation
            if declaration.compartment == name {
                diagnostics.error("'\(name)' cannot be its own compartment", at: declaration.compartmentLocation,
                                  length: length)
                continue
            }
            if rateRuleDefinitions.contains(where: { $0.name == name }) {
                diagnostics.error(
                    "species '\(name)' has a rate rule, which gives d\(name)/dt itself; 'in \(declaration.compartment)' only scales reaction rates, so use one or the other",
                    at: declaration.speciesLocation, length: length)
                continue
            }
            guard consider(name, at: declaration.speciesLocation) else { continue }
            compartmentDeclarations.append(declaration)
            if firstUse[name] == nil {
                firstUse[name] = declaration.speciesLocation
                candidates.append(name)
            }
        }
        var accepted: [Definition] = []
        for rule in rateRuleDefinitions {
            if let reactionLocation = inReactions[rule.name] {
                diagnostics.error(
                    "species '\(rule.name)' is changed by reactions (line \(reactionLocation.line)) and by a rate rule; use one or the other",
                    at: rule.nameLocation, length: rule.name.unicodeScalars.count)
                continue
            }
            guard consider(rule.name, at: rule.nameLocation) else { continue }
            accepted.append(rule)
            firstUse[rule.name] = rule.nameLocation
            candidates.append(rule.name)
        }
        rateRuleDefinitions = accepted
        for name in candidates where valueDefinitions[name] == nil {
            diagnostics.error("species '\(name)' has no initial value; add '\(name) = 0'",
                              at: firstUse[name] ?? ast.nameLocation, length: name.unicodeScalars.count)
        }
        // Species without a value are still registered (the error is out) so their
        // uses do not cascade into "unknown symbol" errors.
        func declaredAt(_ name: String) -> SourceLocation {
            valueDefinitions[name]?.nameLocation ?? firstUse[name] ?? ast.nameLocation
        }
        for name in candidates.sorted(by: { declaredAt($0) < declaredAt($1) }) {
            symbols.define(name, as: .species(species.count))
            species.append(Species(name: name, initialValue: .number(0)))
            speciesLocations.append(declaredAt(name))
            speciesParameter.append(nil)
        }
    }

    /// Assignment rules get indices in dependency order; cycles are reported.
    private mutating func orderAssignments() {
        let index = Dictionary(assignmentDefinitions.enumerated().map { ($1.name, $0) },
                               uniquingKeysWith: { first, _ in first })
        let dependencies = assignmentDefinitions.map { definition in
            var refs: [Int] = []
            definition.expression.forEachName { name, _ in
                if let j = index[name] { refs.append(j) }
            }
            return refs
        }
        let graph = DependencyOrder(dependencies: dependencies)
        for cycle in graph.cycles {
            let names = (cycle + [cycle[0]]).map { assignmentDefinitions[$0].name }
            let first = assignmentDefinitions[cycle[0]]
            diagnostics.error("cyclic assignment rules: \(names.joined(separator: " := "))",
                              at: first.nameLocation, length: first.name.unicodeScalars.count)
        }
        assignmentDefinitions = graph.order.map { assignmentDefinitions[$0] }
        for (i, definition) in assignmentDefinitions.enumerated() {
            symbols.define(definition.name, as: .assignment(i))
            assignments.append(Assignment(name: definition.name, expression: .number(.nan)))
        }
    }
}
