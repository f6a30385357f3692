import Foundation

/// Phase 6: observables and their noise models, the data statement, and the
/// whole-model checks and warnings.
extension CheckerRun {
    mutating func resolveObservables() {
        for declaration in observableDeclarations {
            guard let scope = placeholderScope(declaration) else { continue }
            placeholderScope = scope
            defer { placeholderScope = [:] }
            let expression = resolve(declaration.expression, .dynamic)
            let noise = noiseModel(declaration)
            if let expression, let noise {
                observables.append(Observable(
                    name: declaration.name, expression: expression, noise: noise,
                    observableParameters: declaration.observableParameters.map(\.name),
                    noiseParameters: declaration.noiseParameters.map(\.name)))
            }
        }
        checkNoiseUsesOfPlaceholders()
    }

    /// The observable's placeholders, or nil (with errors) when one is
    /// reserved, repeated or the name of something in the model.
    private mutating func placeholderScope(_ declaration: ObservableDecl) -> [String: (index: Int, noise: Bool)]? {
        var scope: [String: (index: Int, noise: Bool)] = [:]
        var valid = true
        let all = declaration.observableParameters.map { ($0, false) } + declaration.noiseParameters.map { ($0, true) }
        for (index, (placeholder, noise)) in all.enumerated() {
            let name = placeholder.name
            let length = name.unicodeScalars.count
            if let reason = ReservedName.reason(name) {
                diagnostics.error("cannot use '\(name)' as a placeholder: \(reason)", at: placeholder.location, length: length)
                valid = false
            } else if scope[name] != nil {
                diagnostics.error("placeholder '\(name)' appears twice in observable '\(declaration.name)'",
                                  at: placeholder.location, length: length)
                valid = false
            } else if let symbol = symbols[name] {
                diagnostics.error("placeholder '\(name)' of observable '\(declaration.name)' has the name of \(symbol.noun) '\(name)'; give it another name",
                                  at: placeholder.location, length: length)
                valid = false
            }
            scope[name] = (index, noise)
        }
        return valid ? scope : nil
    }

    private mutating func noiseModel(_ declaration: ObservableDecl) -> NoiseModel? {
        let call = declaration.noise
        let kinds = ["Normal", "LogNormal", "Log10Normal", "Laplace", "LogLaplace", "Log10Laplace"]
        guard kinds.contains(call.name) else {
            diagnostics.unknown("noise model", call.name, at: call.location, candidates: kinds)
            return nil
        }
        let what = call.name.hasSuffix("Laplace") ? "scale" : "sd"
        guard call.arguments.count == 1 else {
            diagnostics.error("'\(call.name)' takes 1 argument (\(what)), found \(call.arguments.count)",
                              at: call.location, length: call.name.unicodeScalars.count)
            return nil
        }
        let argument = call.arguments[0]
        guard let sd = resolve(argument, .noise) else { return nil }
        if let value = ConstantFolder.evaluate(sd, constants: constantValues), !(value > 0 && value.isFinite) {
            let shown = what == "sd" ? "standard deviation" : "scale"
            diagnostics.error("the noise \(shown) must be positive and finite, found \(NumberText.format(value))",
                              at: argument.location)
            return nil
        }
        // log10 y ~ N(log10 μ, σ) has the density of ln y ~ N(ln μ, σ·ln 10) (likewise for Laplace).
        let ln10 = Expr.binary(.multiply, .number(Foundation.log(10)), sd)
        switch call.name {
        case "Normal": return .normal(sd: sd)
        case "LogNormal": return .logNormal(sd: sd)
        case "Log10Normal": return .logNormal(sd: ln10)
        case "Laplace": return .laplace(scale: sd)
        case "LogLaplace": return .logLaplace(scale: sd)
        default: return .logLaplace(scale: ln10)
        }
    }

    /// A noise sd may use another observable's prediction only when that
    /// observable has no placeholders (their values belong to its own measurements).
    private mutating func checkNoiseUsesOfPlaceholders() {
        for (o, observable) in observables.enumerated() {
            var others: [Int] = []
            func visit(_ e: Expr) {
                switch e {
                case .observable(let j) where j != o && j < observables.count && !observables[j].placeholders.isEmpty:
                    others.append(j)
                case .negate(let x): visit(x)
                case .binary(_, let x, let y): visit(x); visit(y)
                case .call(_, let args): args.forEach(visit)
                default: break
                }
            }
            visit(observable.noise.sd)
            guard let j = others.first, let declaration = observableDeclarations.first(where: { $0.name == observable.name })
            else { continue }
            diagnostics.error("the noise model of '\(observable.name)' uses observable '\(observables[j].name)', which has placeholders; only an observable without placeholders can be used in another's noise model",
                              at: declaration.noise.location, length: declaration.noise.name.unicodeScalars.count)
        }
    }

    /// The single `data` path, if any.
    mutating func dataPath() -> String? {
        for extra in ast.data.dropFirst() {
            diagnostics.error("'data' given twice (first at line \(ast.data[0].location.line))", at: extra.location,
                              length: extra.path.unicodeScalars.count + 2)
        }
        for declaration in ast.data where declaration.path.isEmpty {
            diagnostics.error("empty data path", at: declaration.location)
        }
        return ast.data.first?.path
    }

    mutating func finalChecks() {
        if species.isEmpty && !diagnostics.hasErrors {
            diagnostics.warning("model '\(ast.name)' has no species, so nothing is integrated (its rules are functions of time); add a reaction or a rate rule (e.g. x' = -k*x) for dynamics",
                              at: ast.nameLocation, length: max(1, ast.name.unicodeScalars.count))
        }
        for (i, constant) in constants.enumerated() where warnUnused && !used.contains(constant.name) {
            let location = constantDefinitions[i].nameLocation
            let warning = diagnostics.warning("constant '\(constant.name)' is never used", at: location,
                                              length: constant.name.unicodeScalars.count)
            unused.append((constant.name, warning))
        }
        let estimatedInitialValues = Set(speciesParameter.compactMap { $0 })
        for (k, parameter) in parameters.enumerated() {
            let location = priorDeclarations[k].nameLocation
            let length = parameter.name.unicodeScalars.count
            if warnUnused, !estimatedInitialValues.contains(k), !used.contains(parameter.name) {
                let warning = diagnostics.warning("parameter '\(parameter.name)' is never used; only its prior constrains it",
                                                  at: location, length: length)
                unused.append((parameter.name, warning))
            }
            if let nominal = parameter.nominal, !Self.supports(parameter.prior, nominal) {
                diagnostics.warning("value \(NumberText.format(nominal)) of '\(parameter.name)' lies outside the support of its prior",
                                    at: valueDefinitions[parameter.name]?.nameLocation ?? location, length: length)
            }
        }
    }
}
