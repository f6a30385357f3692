/// Which assignment rules change in time, decided on the SBML math (before
/// translation), conservatively: a rule changes when it uses `time`, a species,
/// a rate-rule variable, or a rule that changes. A rule wrongly taken to change
/// only costs a less direct (still exact) representation of the species in its
/// compartment.
extension SBMLTranslator {
    func timeVaryingAssignmentRules() -> Set<String> {
        var varying = Set<String>()
        let dynamic = Set(model.species.map(\.id)).union(rateRules.keys)
        var changed = true
        while changed {
            changed = false
            for (id, rule) in assignmentRules where !varying.contains(id) {
                let (names, usesTime) = references(rule.math, depth: 0)
                if usesTime || names.contains(where: { dynamic.contains($0) || varying.contains($0) }) {
                    varying.insert(id)
                    changed = true
                }
            }
        }
        return varying
    }

    /// The identifiers `node` uses and whether it uses `time` (function bodies
    /// are searched for `time`; their identifiers are their arguments).
    private func references(_ node: MathNode, depth: Int) -> (Set<String>, Bool) {
        switch node {
        case .identifier(let id): return ([id], false)
        case .time: return ([], true)
        case .number, .boolean, .avogadro, .pi, .exponentiale: return ([], false)
        case .apply(_, let args, let qualifier):
            return merge(args + (qualifier.map { [$0] } ?? []), depth: depth)
        case .call(let f, let args):
            var (names, usesTime) = merge(args, depth: depth)
            if depth < 50, case .function(let i)? = symbols[f] {
                usesTime = usesTime || references(model.functions[i].body, depth: depth + 1).1
            } else if depth >= 50 {
                usesTime = true  // recursion (reported elsewhere): assume the worst
            }
            names.remove(f)
            return (names, usesTime)
        case .piecewise(let pieces, let otherwise):
            return merge(pieces.flatMap { [$0.value, $0.condition] } + (otherwise.map { [$0] } ?? []), depth: depth)
        }
    }

    private func merge(_ nodes: [MathNode], depth: Int) -> (Set<String>, Bool) {
        var names = Set<String>()
        var usesTime = false
        for node in nodes {
            let (n, t) = references(node, depth: depth)
            names.formUnion(n)
            usesTime = usesTime || t
        }
        return (names, usesTime)
    }
}
