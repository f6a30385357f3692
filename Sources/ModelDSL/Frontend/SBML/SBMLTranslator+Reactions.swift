/// Reactions: local parameters, kinetic law, participants and stoichiometries.
extension SBMLTranslator {
    mutating func defineReactions() {
        let changed = speciesChangedByReactions
        for r in model.reactions {
            let label = names.name(of: r.id, at: r.location)
            let owner = "the kineticLaw of reaction '\(r.id)'"
            var scope = MathScope(owner: owner, location: r.kineticLawLocation)
            for p in r.localParameters {
                guard let value = p.value else {
                    error("local parameter '\(p.id)' of reaction '\(r.id)' has no value", at: p.location)
                    continue
                }
                let local = names.fresh("\(label)_\(p.id)")
                invariants.append(Definition(name: local, expression: number(value, p.location), nameLocation: p.location))
                scope.locals[p.id] = name(local, r.kineticLawLocation)
            }
            guard let law = translate(r.kineticLaw, scope) else { continue }
            var rate = law
            let referenced = referencedReactions.contains(r.id)
            if referenced {
                assignments.append(Definition(name: label, expression: law, nameLocation: r.location))
                rate = name(label, r.kineticLawLocation)
            }
            quantities.append(SBMLQuantity(id: r.id, kind: .reaction, value: rate))

            var sides: [[Participant]] = [[], []]
            var pending: [(product: Bool, index: Int, name: String)] = []
            for (product, references) in [(false, r.reactants), (true, r.products)] {
                for ref in references {
                    guard case .species? = symbols[ref.species] else {
                        error("reaction '\(r.id)' refers to species '\(ref.species)', which does not exist", at: ref.location)
                        continue
                    }
                    var coefficient = ref.stoichiometry
                    var symbolic: String?
                    if let id = ref.id {
                        let valueName = names.name(of: id, at: ref.location)
                        if let rule = assignmentRules[id] {
                            let scope = MathScope(owner: "the assignmentRule for '\(id)'", location: rule.location)
                            guard let value = translate(rule.math, scope) else { continue }
                            invariants.append(Definition(name: valueName, expression: value, nameLocation: ref.location))
                            stoichiometryRules[valueName] = rule
                            symbolic = valueName
                        } else if initialAssignments[id] != nil {
                            guard let value = initialAssignment(of: id) else { continue }
                            invariants.append(Definition(name: valueName, expression: value, nameLocation: ref.location))
                            symbolic = valueName
                        } else if let c = ref.stoichiometry {
                            invariants.append(Definition(name: valueName, expression: number(c, ref.location), nameLocation: ref.location))
                        } else {
                            undefined[id] = "stoichiometry '\(id)', which has no value"
                        }
                        if symbolic != nil || ref.stoichiometry != nil {
                            quantities.append(SBMLQuantity(id: id, kind: .stoichiometry, value: name(valueName, ref.location)))
                        }
                    }
                    guard coefficient != nil || symbolic != nil else {
                        if let id = ref.id, ruledStoichiometries.contains(id) { continue }  // refused already
                        error("the stoichiometry of '\(ref.species)' in reaction '\(r.id)' is not given (stoichiometry=\"…\" or an initialAssignment)",
                              at: ref.location)
                        continue
                    }
                    guard changed.contains(ref.species) else { continue }  // boundary, constant or ruled: unchanged
                    let species = participantNames[ref.species] ?? names.name(of: ref.species, at: ref.location)
                    if let symbolic {
                        pending.append((product, sides[product ? 1 : 0].count, symbolic))
                        coefficient = 1  // replaced by its value at the start (SBMLImporter)
                    }
                    guard let c = coefficient, c != 0 else { continue }
                    let side = (c > 0) == product ? 1 : 0
                    sides[side].append(Participant(coefficient: Swift.abs(c), name: species, location: ref.location))
                }
            }
            guard !sides[0].isEmpty || !sides[1].isEmpty else { continue }  // changes nothing
            reactions.append(ReactionDecl(label: referenced ? nil : label, reactants: sides[0], products: sides[1], rate: rate,
                                          location: r.location))
            for p in pending {
                pendingCoefficients.append((reactions.count - 1, p.product, p.index, p.name))
            }
        }
    }
}
