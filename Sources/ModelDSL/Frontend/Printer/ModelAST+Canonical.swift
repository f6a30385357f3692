/// The canonical form of a model: one statement per line, normalised spacing,
/// groups in a fixed order separated by blank lines — `model`, species initial
/// values, species compartments (`S in C`), other values, assignment rules, reactions, rate rules, priors,
/// observables, conditions (one line each: `condition c1 { k = 2; S = 0 }`), data, `end`.
/// Comments are not kept.
///
/// Guarantees `ModelParser.parse(ast.canonicalText) == ast` for any AST the
/// parser produced (numbers print in shortest round-trip form).
extension ModelAST {
    public var canonicalText: String {
        var groups: [[String]] = [["model \(name)"]]
        groups.append(initialValues.map { "\($0.name) = \($0.expression.canonicalText)" })
        groups.append(compartments.map { "\($0.species) in \($0.compartment)" })
        groups.append(values.map { "\($0.name) = \($0.expression.canonicalText)" })
        groups.append(assignments.map { "\($0.name) := \($0.expression.canonicalText)" })
        groups.append(reactions.map(\.canonicalText))
        groups.append(rateRules.map { "\($0.name)' = \($0.expression.canonicalText)" })
        groups.append(priors.map(\.canonicalText))
        groups.append(observables.map(\.canonicalText))
        groups.append(conditions.map(\.canonicalText))
        groups.append(data.map { "data \"\($0.path)\"" })
        let body = groups.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }
        return body.joined(separator: "\n\n") + "\nend\n"
    }
}

extension ReactionDecl {
    /// `label: 2 A + B -> C; rate` (`-> m1; …` and `m1 -> ; …` for empty sides).
    public var canonicalText: String {
        func side(_ terms: [Participant]) -> String {
            terms.map { term in
                term.coefficient == 1 ? term.name : "\(NumberText.format(term.coefficient)) \(term.name)"
            }.joined(separator: " + ")
        }
        var text = label.map { "\($0): " } ?? ""
        if !reactants.isEmpty { text += side(reactants) + " " }
        text += products.isEmpty ? "-> ;" : "-> \(side(products));"
        return text + " " + rate.canonicalText
    }
}

extension PriorDecl {
    /// `prior name ~ Dist(a, b) in [lo, hi]`.
    public var canonicalText: String {
        var text = "prior \(name) ~ \(distribution.canonicalText)"
        if let truncation {
            text += " in [\(truncation.lower.canonicalText), \(truncation.upper.canonicalText)]"
        }
        return text
    }
}

extension ObservableDecl {
    /// `observe name = expr ~ Noise(sd)`, with `(p1, p2; n1)` after the name
    /// when it declares placeholders (`(p1)` without noise parameters, `(; n1)`
    /// without observable parameters).
    public var canonicalText: String {
        var head = name
        if !observableParameters.isEmpty || !noiseParameters.isEmpty {
            head += "(" + observableParameters.map(\.name).joined(separator: ", ")
            if !noiseParameters.isEmpty {
                head += "; " + noiseParameters.map(\.name).joined(separator: ", ")
            }
            head += ")"
        }
        return "observe \(head) = \(expression.canonicalText) ~ \(noise.canonicalText)"
    }
}

extension ConditionDecl {
    /// `condition name { k = 2; S = 0 }` (`condition name {}` when empty).
    public var canonicalText: String {
        guard !values.isEmpty else { return "condition \(name) {}" }
        return "condition \(name) { " + values.map { "\($0.name) = \($0.expression.canonicalText)" }.joined(separator: "; ") + " }"
    }
}

extension DistributionCall {
    public var canonicalText: String {
        "\(name)(\(arguments.map(\.canonicalText).joined(separator: ", ")))"
    }
}
