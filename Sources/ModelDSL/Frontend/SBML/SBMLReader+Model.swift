/// The components of `<model>`.
extension SBMLReader {
    mutating func model(_ element: MarkupElement, core: String) -> SBMLModel? {
        var model = SBMLModel(level: level, version: version, id: element.attribute("id"), location: element.location(of: "id"))
        if element.attribute("conversionFactor") != nil {
            refuse("the model's conversionFactor is not supported; scale the species' rates in the kinetic laws instead", element)
        }
        let known: Set<String> = [
            "listOfFunctionDefinitions", "listOfUnitDefinitions", "listOfCompartmentTypes", "listOfSpeciesTypes",
            "listOfCompartments", "listOfSpecies", "listOfParameters", "listOfInitialAssignments", "listOfRules",
            "listOfConstraints", "listOfReactions", "listOfEvents",
        ]
        for child in element.children {
            if child.namespace != core && !child.namespace.isEmpty {
                skipPackageElement(child)
            } else if !known.contains(child.name) {
                diagnostics.warning("<\(child.name)> is not part of SBML core and is ignored", at: child.location,
                                    length: child.name.unicodeScalars.count + 1)
            }
        }
        for f in items(element.child(named: "listOfFunctionDefinitions"), named: "functionDefinition", core: core) {
            guard let id = id(f), let math = f.child(named: "math") else { continue }
            var reader = mathReader("functionDefinition '\(id)'")
            let lambda = reader.read(lambda: math)
            diagnostics = reader.diagnostics
            if let lambda {
                model.functions.append(SBMLFunction(id: id, parameters: lambda.parameters, body: lambda.body, location: f.location(of: "id")))
            }
        }
        for c in items(element.child(named: "listOfCompartments"), named: "compartment", core: core) {
            guard let id = id(c) else { continue }
            model.compartments.append(SBMLCompartment(
                id: id, size: number(c, "size") ?? number(c, "volume"),
                spatialDimensions: number(c, "spatialDimensions") ?? 3,
                constant: flag(c, "constant", default: true), location: c.location(of: "id")))
        }
        for s in items(element.child(named: "listOfSpecies"), named: "species", core: core) {
            guard let id = id(s) else { continue }
            if s.attribute("conversionFactor") != nil {
                refuse("the conversionFactor of species '\(id)' is not supported; scale its rates in the kinetic laws instead", s)
            }
            model.species.append(SBMLSpecies(
                id: id, compartment: s.attribute("compartment") ?? "",
                initialAmount: number(s, "initialAmount"), initialConcentration: number(s, "initialConcentration"),
                hasOnlySubstanceUnits: flag(s, "hasOnlySubstanceUnits", default: false),
                boundaryCondition: flag(s, "boundaryCondition", default: false),
                constant: flag(s, "constant", default: false), location: s.location(of: "id"),
                compartmentLocation: s.location(of: "compartment")))
        }
        for p in items(element.child(named: "listOfParameters"), named: "parameter", core: core) {
            guard let id = id(p) else { continue }
            model.parameters.append(SBMLParameter(id: id, value: number(p, "value"),
                                                  constant: flag(p, "constant", default: true), location: p.location(of: "id")))
        }
        for a in items(element.child(named: "listOfInitialAssignments"), named: "initialAssignment", core: core) {
            let symbol = a.attribute("symbol") ?? ""
            if let math = math(a, owner: "the initialAssignment of '\(symbol)'") {
                model.initialAssignments.append(SBMLMathElement(element: "initialAssignment", variable: symbol, math: math,
                                                                location: a.location(of: "symbol")))
            }
        }
        readRules(element.child(named: "listOfRules"), into: &model, core: core)
        if let constraints = element.child(named: "listOfConstraints"), !constraints.children.isEmpty {
            diagnostics.warning("constraints are not checked: they do not change the simulation", at: constraints.location,
                                length: 18)
        }
        if let events = element.child(named: "listOfEvents"), let event = events.children.first {
            refuse("events are not supported (discontinuous state changes): \(events.children.count) <event>s, the first '\(event.attribute("id") ?? "")'", event)
        }
        for r in items(element.child(named: "listOfReactions"), named: "reaction", core: core) {
            if let reaction = reaction(r, core: core) { model.reactions.append(reaction) }
        }
        return model
    }

    private mutating func readRules(_ list: MarkupElement?, into model: inout SBMLModel, core: String) {
        guard let list else { return }
        for rule in list.children {
            if rule.namespace != core && !rule.namespace.isEmpty {
                skipPackageElement(rule)
                continue
            }
            // Level 2 Version 1 also names them speciesConcentrationRule etc. (Level 1 names): not read.
            let variable = rule.attribute("variable") ?? ""
            switch rule.name {
            case "assignmentRule", "rateRule":
                if let math = math(rule, owner: "the \(rule.name) for '\(variable)'") {
                    let item = SBMLMathElement(element: rule.name, variable: variable, math: math, location: rule.location(of: "variable"))
                    if rule.name == "rateRule" { model.rateRules.append(item) } else { model.assignmentRules.append(item) }
                }
            case "algebraicRule":
                refuse("algebraic rules are not supported (they make a differential-algebraic system); rewrite it as an assignment rule", rule)
            default:
                refuse("<\(rule.name)> is not a rule this importer reads", rule)
            }
        }
    }

    private mutating func reaction(_ element: MarkupElement, core: String) -> SBMLReaction? {
        guard let id = id(element) else { return nil }
        var ok = true
        if flag(element, "fast", default: false) {
            refuse("fast reaction '\(id)' is not supported (it assumes a rapid equilibrium); remove fast=\"true\" to simulate it at its kinetic rate", element)
            ok = false
        }
        func references(_ list: String) -> [SBMLSpeciesReference] {
            items(element.child(named: list), named: "speciesReference", core: core).compactMap { ref in
                if let math = ref.child(named: "stoichiometryMath") {
                    refuse("stoichiometryMath in reaction '\(id)' is not supported; give a constant stoichiometry", math)
                    ok = false
                }
                let species = ref.attribute("species") ?? ""
                var stoichiometry = number(ref, "stoichiometry")
                if level == 2 && stoichiometry == nil { stoichiometry = 1 }  // Level 2's default
                return SBMLSpeciesReference(id: ref.attribute("id"), species: species, stoichiometry: stoichiometry,
                                            location: ref.location(of: "species"))
            }
        }
        let reactants = references("listOfReactants")
        let products = references("listOfProducts")
        guard let law = element.child(named: "kineticLaw") else {
            refuse("reaction '\(id)' has no kineticLaw, so its rate is unknown; add one", element)
            return nil
        }
        var locals: [SBMLParameter] = []
        for list in ["listOfLocalParameters", "listOfParameters"] {
            for name in ["localParameter", "parameter"] {
                for p in items(law.child(named: list), named: name, core: core) {
                    guard let pid = self.id(p) else { continue }
                    locals.append(SBMLParameter(id: pid, value: number(p, "value"), constant: true, location: p.location(of: "id")))
                }
            }
        }
        guard let math = math(law, owner: "the kineticLaw of reaction '\(id)'"), ok else { return nil }
        return SBMLReaction(id: id, reactants: reactants, products: products, kineticLaw: math, localParameters: locals,
                            location: element.location(of: "id"), kineticLawLocation: law.location)
    }
}
