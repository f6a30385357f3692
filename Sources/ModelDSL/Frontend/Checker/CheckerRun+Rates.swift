/// Phase 5: assignment rules, reactions and rate rules → `rates`.
///
/// d species/dt = Σ over reactions of (product coefficient − reactant
/// coefficient) · rate law, or the rate rule. The sum is built to read well and
/// cost little: unit coefficients are not multiplied, `a - r` rather than
/// `a + (-1)*r`, zero net stoichiometry (catalysts) is skipped, and sums of more
/// than 8 terms are balanced so the tree stays shallow.
extension CheckerRun {
    /// One term of a rate sum: `coefficient · rate`.
    struct RateTerm {
        var coefficient: Double
        var rate: Expr
    }

    mutating func resolveAssignments() {
        for (i, definition) in assignmentDefinitions.enumerated() {
            if let expression = resolve(definition.expression, .dynamic) {
                assignments[i].expression = expression
            }
        }
    }

    /// The `rates` array of the checked model (`.number(0)` for a species whose
    /// reactions all cancel, or where errors were reported). A species in a
    /// compartment `C` gets `Σ/C`, or `(Σ − S·dC/dt)/C` when `C` is a state variable.
    mutating func buildRates(compartments: [CompartmentSize?]) -> [Expr] {
        var terms = [[RateTerm]](repeating: [], count: species.count)
        for reaction in ast.reactions {
            let rate = resolve(reaction.rate, .dynamic)
            if reaction.reactants.isEmpty && reaction.products.isEmpty {
                diagnostics.error("reaction has neither reactants nor products", at: reaction.location)
            }
            var net: [(species: Int, coefficient: Double)] = []
            for (participant, sign) in reaction.reactants.map({ ($0, -1.0) }) + reaction.products.map({ ($0, 1.0) }) {
                guard participant.coefficient > 0 else {
                    diagnostics.error(
                        "stoichiometric coefficient of '\(participant.name)' must be positive, found \(NumberText.format(participant.coefficient))",
                        at: participant.location)
                    continue
                }
                guard case .species(let i) = symbols[participant.name] else { continue }
                if let j = net.firstIndex(where: { $0.species == i }) {
                    net[j].coefficient += sign * participant.coefficient
                } else {
                    net.append((i, sign * participant.coefficient))
                }
            }
            guard let rate else { continue }
            for (i, coefficient) in net where coefficient != 0 {
                terms[i].append(RateTerm(coefficient: coefficient, rate: rate))
            }
        }
        var rates = terms.map { Self.sum($0) }
        for rule in rateRuleDefinitions {
            let resolved = resolve(rule.expression, .dynamic)
            if case .species(let i) = symbols[rule.name], let resolved { rates[i] = resolved }
        }
        let unscaled = rates
        for (i, size) in compartments.enumerated() {
            switch size {
            case nil:
                break
            case .fixed(let volume)?:
                if rates[i] != .number(0) { rates[i] = .binary(.divide, rates[i], volume) }
            case .changing(let volume, let j)?:
                // d(S·C)/dt = Σ ν·rate  ⇒  dS/dt = (Σ ν·rate − S·dC/dt)/C.
                let dilution = Expr.binary(.multiply, .species(i), unscaled[j])
                let numerator: Expr = rates[i] == .number(0) ? .negate(dilution) : .binary(.subtract, rates[i], dilution)
                rates[i] = .binary(.divide, numerator, volume)
            }
        }
        return rates
    }

    /// `Σ coefficient·rate`, readable for few terms and balanced for many.
    static func sum(_ terms: [RateTerm]) -> Expr {
        guard let first = terms.first else { return .number(0) }
        if terms.count > 8 {
            let (positive, expr) = balanced(terms[...])
            return positive ? expr : .negate(expr)
        }
        var result = first.coefficient > 0 ? magnitude(first) : .negate(magnitude(first))
        for term in terms.dropFirst() {
            result = .binary(term.coefficient > 0 ? .add : .subtract, result, magnitude(term))
        }
        return result
    }

    /// `|coefficient|·rate`, without a factor 1.
    private static func magnitude(_ term: RateTerm) -> Expr {
        let size = Swift.abs(term.coefficient)
        return size == 1 ? term.rate : .binary(.multiply, .number(size), term.rate)
    }

    /// A sum as (sign, |expr|) by halving: depth O(log n).
    private static func balanced(_ terms: ArraySlice<RateTerm>) -> (positive: Bool, expr: Expr) {
        if terms.count == 1, let term = terms.first {
            return (term.coefficient > 0, magnitude(term))
        }
        let middle = terms.startIndex + terms.count / 2
        let (p, a) = balanced(terms[..<middle])
        let (q, b) = balanced(terms[middle...])
        switch (p, q) {
        case (true, true): return (true, .binary(.add, a, b))
        case (true, false): return (true, .binary(.subtract, a, b))
        case (false, true): return (true, .binary(.subtract, b, a))
        case (false, false): return (false, .binary(.add, a, b))
        }
    }
}
