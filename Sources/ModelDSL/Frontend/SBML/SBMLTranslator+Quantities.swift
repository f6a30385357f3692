/// Compartments, species and parameters: what each becomes in the language.
extension SBMLTranslator {
    /// How an SBML quantity changes in time.
    enum Dynamics {
        case assignmentRule(SBMLMathElement)
        case rateRule(SBMLMathElement)
        /// Fixed unless it is a species that reactions change (decided by the caller).
        case none
    }

    func dynamics(of id: String) -> Dynamics {
        if let rule = assignmentRules[id] { return .assignmentRule(rule) }
        if let rule = rateRules[id] { return .rateRule(rule) }
        return .none
    }

    /// The initial assignment of `id` translated, or nil (nil also after an error).
    mutating func initialAssignment(of id: String) -> SyntaxExpr? {
        guard let assignment = initialAssignments[id] else { return nil }
        return translate(assignment.math, MathScope(owner: "the initialAssignment of '\(id)'", location: assignment.location))
    }

    /// Emits `name := rule`, or `name = initial; name' = rate`, or records an
    /// invariant; `initial` is nil when nothing gives a starting value.
    mutating func define(_ name: String, id: String, what: String, dynamics: Dynamics, initial: SyntaxExpr?,
                         location: SourceLocation) {
        switch dynamics {
        case .assignmentRule(let rule):
            if let value = translate(rule.math, MathScope(owner: "the assignmentRule for '\(id)'", location: rule.location)) {
                assignments.append(Definition(name: name, expression: value, nameLocation: rule.location))
            }
        case .rateRule(let rule):
            guard let initial else {
                error("\(what) '\(id)' has a rateRule but no initial value; give it one (or an initialAssignment)", at: location)
                return
            }
            values.append(Definition(name: name, expression: initial, nameLocation: location))
            if let rate = translate(rule.math, MathScope(owner: "the rateRule for '\(id)'", location: rule.location)) {
                rateRuleDefinitions.append(Definition(name: name, expression: rate, nameLocation: rule.location))
            }
        case .none:
            guard let initial else { return }
            invariants.append(Definition(name: name, expression: initial, nameLocation: location))
        }
    }

    mutating func defineCompartments() {
        for c in model.compartments {
            let name = names.name(of: c.id, at: c.location)
            let sized = c.size != nil || initialAssignments[c.id] != nil || assignmentRules[c.id] != nil
            if !sized {
                undefined[c.id] = c.spatialDimensions == 0
                    ? "compartment '\(c.id)', which has 0 dimensions and so no size"
                    : "compartment '\(c.id)', which has no size (give it size=\"…\" or an initialAssignment)"
                continue
            }
            let initial = initialAssignment(of: c.id) ?? c.size.map { number($0, c.location) }
            define(name, id: c.id, what: "compartment", dynamics: dynamics(of: c.id), initial: initial, location: c.location)
            quantities.append(SBMLQuantity(id: c.id, kind: .compartment, value: self.name(name, c.location)))
        }
    }

    /// Species that reactions change: reactants or products that are neither
    /// boundary nor constant species and have no rule.
    var speciesChangedByReactions: Set<String> {
        var changed = Set<String>()
        for r in model.reactions {
            for ref in r.reactants + r.products { changed.insert(ref.species) }
        }
        return changed.filter { id in
            guard case .species(let i)? = symbols[id] else { return false }
            let s = model.species[i]
            return !s.boundaryCondition && !s.constant && assignmentRules[id] == nil && rateRules[id] == nil
        }
    }

    mutating func defineSpecies() {
        let changed = speciesChangedByReactions
        let varyingRules = timeVaryingAssignmentRules()
        for s in model.species {
            let name = names.name(of: s.id, at: s.location)
            guard case .compartment(let ci)? = symbols[s.compartment] else {
                error("species '\(s.id)' is in compartment '\(s.compartment)', which does not exist", at: s.location)
                continue
            }
            let compartment = model.compartments[ci]
            let amounts = s.hasOnlySubstanceUnits || compartment.spatialDimensions == 0
            let sizeKnown = undefined[compartment.id] == nil
            let size = self.name(names.name(of: compartment.id, at: compartment.location), s.location)
            var initial = initialAssignment(of: s.id)
            if initial == nil, initialAssignments[s.id] == nil {
                if let concentration = s.initialConcentration {
                    if amounts && !sizeKnown {
                        error("species '\(s.id)' has an initialConcentration, but its compartment '\(compartment.id)' has no size to turn it into an amount",
                              at: s.location)
                        continue
                    }
                    initial = amounts && concentration != 0 ? binary(.multiply, number(concentration, s.location), size, s.location)
                        : number(concentration, s.location)
                } else if let amount = s.initialAmount {
                    initial = amounts || amount == 0 ? number(amount, s.location)
                        : binary(.divide, number(amount, s.location), size, s.location)
                }
            }
            if !amounts && !sizeKnown {
                error("species '\(s.id)' is a concentration in compartment '\(compartment.id)', which has no size; give the compartment a size (or set hasOnlySubstanceUnits=\"true\")",
                      at: s.location)
                continue
            }
            if initial == nil && assignmentRules[s.id] == nil && initialAssignments[s.id] == nil {
                error("species '\(s.id)' has no initialAmount, initialConcentration or initialAssignment", at: s.location)
                continue
            }
            let compartmentChanges = assignmentRules[compartment.id] != nil || rateRules[compartment.id] != nil
            let dynamics = dynamics(of: s.id)
            // In a compartment that changes, a species no reaction or rule changes keeps its
            // amount (SBML test cases 01117, 01118: also a constant one), so its concentration follows.
            if case .none = dynamics, !amounts, varyingRules.contains(compartment.id) {
                // In a compartment an assignment rule changes: the amount is the state, the
                // concentration a rule (the product rule would need the rule's derivative).
                guard let initial else { continue }
                let amountName = names.fresh("\(name)_amount")
                let startAmount: SyntaxExpr = initialAssignments[s.id] == nil && s.initialAmount != nil
                    ? number(s.initialAmount ?? 0, s.location) : binary(.multiply, initial, size, s.location)
                let amount = Definition(name: amountName, expression: startAmount, nameLocation: s.location)
                if changed.contains(s.id) {
                    values.append(amount)
                    participantNames[s.id] = amountName
                } else {
                    invariants.append(amount)
                }
                let amountValue = self.name(amountName, s.location)
                assignments.append(Definition(name: name, expression: binary(.divide, amountValue, size, s.location),
                                              nameLocation: s.location))
                quantities.append(SBMLQuantity(id: s.id, kind: .species, value: self.name(name, s.location),
                                               amount: amountValue, concentration: self.name(name, s.location)))
                continue
            }
            if case .none = dynamics, changed.contains(s.id) || (!amounts && compartmentChanges) {
                guard let initial else { continue }  // its initial assignment failed (reported)
                values.append(Definition(name: name, expression: initial, nameLocation: s.location))
                if !amounts {
                    compartmentDeclarations.append(CompartmentDecl(
                        species: name, compartment: size.canonicalText, speciesLocation: s.location,
                        compartmentLocation: s.compartmentLocation))
                }
            } else {
                define(name, id: s.id, what: "species", dynamics: dynamics, initial: initial, location: s.location)
            }
            let value = self.name(name, s.location)
            quantities.append(SBMLQuantity(
                id: s.id, kind: .species, value: value,
                amount: amounts ? value : binary(.multiply, value, size, s.location),
                concentration: amounts ? (compartment.spatialDimensions == 0 ? nil : binary(.divide, value, size, s.location)) : value))
        }
    }

    mutating func defineParameters() {
        for p in model.parameters {
            let name = names.name(of: p.id, at: p.location)
            let defined = p.value != nil || initialAssignments[p.id] != nil || assignmentRules[p.id] != nil
            guard defined else {
                undefined[p.id] = "parameter '\(p.id)', which has no value (give it value=\"…\" or an initialAssignment)"
                continue
            }
            let initial = initialAssignment(of: p.id) ?? p.value.map { number($0, p.location) }
            define(name, id: p.id, what: "parameter", dynamics: dynamics(of: p.id), initial: initial, location: p.location)
            quantities.append(SBMLQuantity(id: p.id, kind: .parameter, value: self.name(name, p.location)))
        }
    }

    /// Sorts the invariants into constants (`x = expr` over numbers and other
    /// constants) and values fixed at their initial value (`x = expr; x' = 0`)
    /// when the expression uses something that changes in time.
    mutating func classifyInvariants() {
        var constant = Set(invariants.map(\.name))
        let builtins = Set(BuiltinConstant.allCases.map(\.rawValue))
        var changed = true
        while changed {
            changed = false
            for definition in invariants where constant.contains(definition.name) {
                var fixed = true
                definition.expression.forEachName { name, _ in
                    if !constant.contains(name) && !builtins.contains(name) { fixed = false }
                }
                if !fixed {
                    constant.remove(definition.name)
                    changed = true
                }
            }
        }
        for (name, rule) in stoichiometryRules.sorted(by: { $0.key < $1.key }) where !constant.contains(name) {
            error("the assignmentRule for stoichiometry '\(rule.variable)' changes in time, which is not supported (a stoichiometry is constant)",
                  at: rule.location)
        }
        for definition in invariants {
            values.append(definition)
            if !constant.contains(definition.name) {
                rateRuleDefinitions.append(Definition(name: definition.name, expression: number(0, definition.nameLocation),
                                                      nameLocation: definition.nameLocation))
            }
        }
    }
}
