/// Phase 6: observables and their noise models, the data statement, and the
/// whole-model checks and warnings.
extension CheckerRun {
    mutating func resolveObservables() {
        for declaration in observableDeclarations {
            let expression = resolve(declaration.expression, .dynamic)
            let noise = noiseModel(declaration)
            if let expression, let noise {
                observables.append(Observable(name: declaration.name, expression: expression, noise: noise))
            }
        }
    }

    private mutating func noiseModel(_ declaration: ObservableDecl) -> NoiseModel? {
        let call = declaration.noise
        let kinds = ["Normal", "LogNormal"]
        guard kinds.contains(call.name) else {
            diagnostics.unknown("noise model", call.name, at: call.location, candidates: kinds)
            return nil
        }
        guard call.arguments.count == 1 else {
            diagnostics.error("'\(call.name)' takes 1 argument (sd), found \(call.arguments.count)",
                              at: call.location, length: call.name.unicodeScalars.count)
            return nil
        }
        let argument = call.arguments[0]
        guard let sd = resolve(argument, .noise) else { return nil }
        if let value = ConstantFolder.evaluate(sd, constants: constantValues), !(value > 0 && value.isFinite) {
            diagnostics.error("the noise standard deviation must be positive and finite, found \(NumberText.format(value))",
                              at: argument.location)
            return nil
        }
        return call.name == "Normal" ? .normal(sd: sd) : .logNormal(sd: sd)
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
            diagnostics.warning("constant '\(constant.name)' is never used", at: location,
                                length: constant.name.unicodeScalars.count)
        }
        let estimatedInitialValues = Set(speciesParameter.compactMap { $0 })
        for (k, parameter) in parameters.enumerated() {
            let location = priorDeclarations[k].nameLocation
            let length = parameter.name.unicodeScalars.count
            if warnUnused, !estimatedInitialValues.contains(k), !used.contains(parameter.name) {
                diagnostics.warning("parameter '\(parameter.name)' is never used; only its prior constrains it",
                                    at: location, length: length)
            }
            if let nominal = parameter.nominal, !Self.supports(parameter.prior, nominal) {
                diagnostics.warning("value \(NumberText.format(nominal)) of '\(parameter.name)' lies outside the support of its prior",
                                    at: valueDefinitions[parameter.name]?.nameLocation ?? location, length: length)
            }
        }
    }
}
