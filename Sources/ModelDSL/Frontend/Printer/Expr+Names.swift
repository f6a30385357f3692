/// Printing resolved expressions with the model's names.
extension CheckedModel {
    /// `expr` in the model language, names restored and parentheses minimal,
    /// e.g. `a0 + a1/(1 + (p3/K)^n) - m1`. Out-of-range indices print as `species#7`.
    public func describe(_ expr: Expr) -> String {
        syntax(expr).canonicalText
    }

    /// An expression of observable `observable` (its prediction or sd), whose
    /// placeholders print by name.
    public func describe(_ expr: Expr, in observable: Observable) -> String {
        syntax(expr, placeholders: observable.placeholders).canonicalText
    }

    /// `name(p; n) = expression ~ Noise(sd)` for an observable.
    public func describe(_ observable: Observable) -> String {
        var head = observable.name
        if !observable.placeholders.isEmpty {
            head += "(" + observable.observableParameters.joined(separator: ", ")
            if !observable.noiseParameters.isEmpty {
                head += "; " + observable.noiseParameters.joined(separator: ", ")
            }
            head += ")"
        }
        return "\(head) = \(describe(observable.expression, in: observable)) ~ \(describe(observable.noise, placeholders: observable.placeholders))"
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

    /// A noise model as written: `Normal(sigma)` (PEtab's log10 kinds show as
    /// the log kinds with the scale times ln 10, which is what they are).
    public func describe(_ noise: NoiseModel, placeholders: [String] = []) -> String {
        let spread = syntax(noise.sd, placeholders: placeholders).canonicalText
        switch noise {
        case .normal: return "Normal(\(spread))"
        case .logNormal: return "LogNormal(\(spread))"
        case .laplace: return "Laplace(\(spread))"
        case .logLaplace: return "LogLaplace(\(spread))"
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
        for o in observables { lines.append("observe \(describe(o))") }
        for c in conditions { lines.append(describe(c)) }
        if let dataPath { lines.append("data \"\(dataPath)\"") }
        return lines
    }

    /// `condition c1 { k = 2; S = 0 }`.
    public func describe(_ condition: Condition) -> String {
        let settings = condition.settings.map { setting -> String in
            let name: String
            switch setting.target {
            case .constant(let i): name = constants.indices.contains(i) ? constants[i].name : "constant#\(i)"
            case .initialValue(let i): name = species.indices.contains(i) ? species[i].name : "species#\(i)"
            }
            return "\(name) = \(describe(setting.value))"
        }
        return settings.isEmpty ? "condition \(condition.name) {}" : "condition \(condition.name) { \(settings.joined(separator: "; ")) }"
    }

    /// The expression as a syntax tree with names (locations are meaningless);
    /// `.parameter(P + k)` is `placeholders[k]` (an observable's placeholders).
    func syntax(_ expr: Expr, placeholders: [String] = []) -> SyntaxExpr {
        let here = SourceLocation(line: 0, column: 0)
        func name<T>(_ table: [T], _ i: Int, _ key: KeyPath<T, String>, _ kind: String) -> SyntaxExpr {
            SyntaxExpr(.name(table.indices.contains(i) ? table[i][keyPath: key] : "\(kind)#\(i)"), at: here)
        }
        switch expr {
        case .number(let value): return SyntaxExpr(.number(value), at: here)
        case .time: return SyntaxExpr(.name("time"), at: here)
        case .species(let i): return name(species, i, \.name, "species")
        case .parameter(let i) where i >= parameters.count && i - parameters.count < placeholders.count:
            return SyntaxExpr(.name(placeholders[i - parameters.count]), at: here)
        case .parameter(let i): return name(parameters, i, \.name, "parameter")
        case .constant(let i): return name(constants, i, \.name, "constant")
        case .assignment(let i): return name(assignments, i, \.name, "assignment")
        case .observable(let i): return name(observables, i, \.name, "observable")
        case .negate(let x): return SyntaxExpr(.negate(syntax(x, placeholders: placeholders)), at: here)
        case .binary(let op, let l, let r):
            return SyntaxExpr(.binary(op, syntax(l, placeholders: placeholders), syntax(r, placeholders: placeholders)), at: here)
        case .call(let f, let args) where f.isOperator:
            return SyntaxExpr(.operation(f, args.map { syntax($0, placeholders: placeholders) }), at: here)
        case .call(let f, let args): return SyntaxExpr(.call(f.rawValue, args.map { syntax($0, placeholders: placeholders) }), at: here)
        }
    }
}
