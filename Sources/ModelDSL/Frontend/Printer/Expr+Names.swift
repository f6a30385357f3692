/// Printing resolved expressions with the model's names.
extension CheckedModel {
    /// `expr` in the model language, names restored and parentheses minimal,
    /// e.g. `a0 + a1/(1 + (p3/K)^n) - m1`. Out-of-range indices print as `species#7`.
    public func describe(_ expr: Expr) -> String {
        syntax(expr).canonicalText
    }

    /// The ODE right-hand sides, one line per species: `dm1/dt = a0 + a1/(1 + (p3/K)^n) - m1`.
    public func describeODESystem() -> [String] {
        species.indices.map { i in
            "d\(species[i].name)/dt = \(rates.indices.contains(i) ? describe(rates[i]) : "?")"
        }
    }

    /// A prior as written: `LogUniform(1, 1000)`, `Normal(0, 1) in [-1, 2]`.
    public func describe(_ prior: PriorSpec) -> String {
        var text = "\(prior.kind.rawValue)(\(NumberText.format(prior.first)), \(NumberText.format(prior.second)))"
        if let range = prior.truncation {
            text += " in [\(NumberText.format(range.lowerBound)), \(NumberText.format(range.upperBound))]"
        }
        return text
    }

    /// A noise model as written: `Normal(sigma)`.
    public func describe(_ noise: NoiseModel) -> String {
        switch noise {
        case .normal(let sd): return "Normal(\(describe(sd)))"
        case .logNormal(let sd): return "LogNormal(\(describe(sd)))"
        }
    }

    /// A readable summary of the whole checked model, one item per line:
    /// species with initial values, parameters with priors (and nominal values),
    /// constants, assignment rules, the ODE system, observables and the data path.
    public func summaryLines() -> [String] {
        var lines = ["model \(name)"]
        for s in species { lines.append("species \(s.name)(0) = \(describe(s.initialValue))") }
        for p in parameters {
            let nominal = p.nominal.map { " (value \(NumberText.format($0)))" } ?? ""
            lines.append("parameter \(p.name) ~ \(describe(p.prior))\(nominal)")
        }
        for c in constants { lines.append("constant \(c.name) = \(NumberText.format(c.value))") }
        for a in assignments { lines.append("\(a.name) := \(describe(a.expression))") }
        lines += describeODESystem()
        for o in observables { lines.append("observe \(o.name) = \(describe(o.expression)) ~ \(describe(o.noise))") }
        if let dataPath { lines.append("data \"\(dataPath)\"") }
        return lines
    }

    /// The expression as a syntax tree with names (locations are meaningless).
    func syntax(_ expr: Expr) -> SyntaxExpr {
        let here = SourceLocation(line: 0, column: 0)
        func name<T>(_ table: [T], _ i: Int, _ key: KeyPath<T, String>, _ kind: String) -> SyntaxExpr {
            SyntaxExpr(.name(table.indices.contains(i) ? table[i][keyPath: key] : "\(kind)#\(i)"), at: here)
        }
        switch expr {
        case .number(let value): return SyntaxExpr(.number(value), at: here)
        case .time: return SyntaxExpr(.name("time"), at: here)
        case .species(let i): return name(species, i, \.name, "species")
        case .parameter(let i): return name(parameters, i, \.name, "parameter")
        case .constant(let i): return name(constants, i, \.name, "constant")
        case .assignment(let i): return name(assignments, i, \.name, "assignment")
        case .observable(let i): return name(observables, i, \.name, "observable")
        case .negate(let x): return SyntaxExpr(.negate(syntax(x)), at: here)
        case .binary(let op, let l, let r): return SyntaxExpr(.binary(op, syntax(l), syntax(r)), at: here)
        case .call(let f, let args) where f.isOperator: return SyntaxExpr(.operation(f, args.map(syntax)), at: here)
        case .call(let f, let args): return SyntaxExpr(.call(f.rawValue, args.map(syntax)), at: here)
        }
    }
}
