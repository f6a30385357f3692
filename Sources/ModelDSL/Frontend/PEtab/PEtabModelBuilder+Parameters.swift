import Foundation

/// The parameter table: `parameterId`, `parameterScale` (lin, log, log10),
/// `lowerBound`, `upperBound`, `nominalValue`, `estimate` (0 or 1), and the
/// optional `objectivePriorType` and `objectivePriorParameters`.
///
/// An estimated parameter gets `name = nominal` and a prior in natural units:
///
/// | objectivePriorType | lin | log | log10 |
/// |---|---|---|---|
/// | none, `parameterScaleUniform` | `Uniform(lb, ub)` | `LogUniform(lb, ub)` | `LogUniform(lb, ub)` |
/// | `parameterScaleUniform` a;b | `Uniform(a, b)` | `LogUniform(eᵃ, eᵇ)` | `LogUniform(10ᵃ, 10ᵇ)` |
/// | `uniform` a;b | `Uniform(a, b)` | same | same |
/// | `parameterScaleNormal` μ;σ | `Normal(μ, σ)` | `LogNormal(μ, σ)` | `LogNormal(μ·ln10, σ·ln10)` |
/// | `normal` μ;σ | `Normal(μ, σ)` | same | same |
/// | `logNormal` μ;σ | `LogNormal(μ, σ)` | same | same |
///
/// each truncated to the bounds (`in [lb, ub]`) where they cut it. A uniform
/// density on the log or log10 scale is a LogUniform density in natural
/// units (the same distribution: `1/(x·ln(ub/lb))`), so the evidence is the
/// same as with PEtab's parameter-scale prior; log-priors in natural units
/// differ from parameter-scale densities by the Jacobian `log(x·ln 10)`.
/// Laplace priors are refused. A fixed parameter becomes a constant at its nominal value.
extension PEtabModelBuilder {
    mutating func addParameters(_ table: PEtabTable) {
        var seen: [String: Int] = [:]
        for row in table.rows {
            guard let idField = table.field("parameterId", row) else { continue }
            let at = table.location(row, idField)
            guard Self.isIdentifier(idField.text) else {
                diagnostics.error("parameterId \(Echo.quoted(idField.text)) is not a valid id (letters, digits and '_', not starting with a digit)",
                                  at: at, length: max(1, idField.text.unicodeScalars.count))
                continue
            }
            if let first = seen[idField.text] {
                diagnostics.error("duplicate parameterId '\(idField.text)' (first at line \(first))", at: at,
                                  length: idField.text.unicodeScalars.count)
                continue
            }
            seen[idField.text] = row.line
            addParameter(table, row, id: idField.text, at: at)
        }
    }

    private mutating func addParameter(_ table: PEtabTable, _ row: PEtabTable.Row, id: String, at: SourceLocation) {
        let name = self.name(id)
        let length = id.unicodeScalars.count
        switch kind(of: name) {
        case .species:
            diagnostics.error("parameterId '\(id)' is a species of the model; PEtab sets initial values in the condition table (a column '\(id)' whose cells name parameters)",
                              at: at, length: length)
            return
        case .assignment:
            diagnostics.error("parameterId '\(id)' is given by an assignment rule in the model; it cannot also be a parameter",
                              at: at, length: length)
            return
        case .value, .none:
            break
        }
        guard let estimateField = table.field("estimate", row), let scaleField = table.field("parameterScale", row),
              let nominalField = table.field("nominalValue", row) else { return }
        let estimate: Bool
        switch estimateField.text.lowercased() {
        case "1", "true": estimate = true
        case "0", "false": estimate = false
        default:
            diagnostics.error("estimate \(Echo.quoted(estimateField.text)) must be 0 or 1", at: table.location(row, estimateField),
                              length: max(1, estimateField.text.unicodeScalars.count))
            return
        }
        let scale = scaleField.text
        guard ["lin", "log", "log10"].contains(scale) else {
            diagnostics.error("parameterScale \(Echo.quoted(scale)) must be lin, log or log10", at: table.location(row, scaleField),
                              length: max(1, scale.unicodeScalars.count))
            return
        }
        let nominalAt = table.location(row, nominalField)
        if !estimate || !nominalField.text.isEmpty {
            guard let nominal = number(nominalField, "nominalValue", at: nominalAt) else { return }
            setValue(name, .literal(nominal, at: nominalAt), at: nominalAt)
        }
        guard estimate else { return }
        guard let lowerField = table.field("lowerBound", row), let upperField = table.field("upperBound", row),
              let lower = number(lowerField, "lowerBound", at: table.location(row, lowerField), allowInfinite: true),
              let upper = number(upperField, "upperBound", at: table.location(row, upperField), allowInfinite: true)
        else { return }
        let priorAt = table.field("objectivePriorType", row).flatMap { $0.text.isEmpty ? nil : table.location(row, $0) }
            ?? table.location(row, scaleField)
        guard let (distribution, truncation) = prior(table, row, scale: scale, lower: lower, upper: upper,
                                                     bounds: table.location(row, lowerField), at: priorAt)
        else { return }
        ast.priors.append(PriorDecl(name: name, distribution: distribution, truncation: truncation, nameLocation: at))
    }

    /// The prior of an estimated parameter (see the table above), or nil with an error.
    private mutating func prior(
        _ table: PEtabTable, _ row: PEtabTable.Row, scale: String, lower: Double, upper: Double,
        bounds: SourceLocation, at location: SourceLocation
    ) -> (DistributionCall, PriorDecl.Truncation?)? {
        let typeField = table.field("objectivePriorType", row)
        let type = typeField?.text ?? ""
        let parametersField = table.field("objectivePriorParameters", row)
        func call(_ name: String, _ a: Double, _ b: Double) -> DistributionCall {
            DistributionCall(name: name, arguments: [.literal(a, at: location), .literal(b, at: location)], location: location)
        }
        let boundsGiven = lower.isFinite && upper.isFinite
        let truncation = PriorDecl.Truncation(lower: .literal(lower, at: bounds), upper: .literal(upper, at: bounds))
        if type.isEmpty || (type == "parameterScaleUniform" && (parametersField?.text ?? "").isEmpty) {
            guard boundsGiven else {
                diagnostics.error("estimated parameter with an infinite bound and no objectivePriorType: the default prior, uniform on the parameter scale between the bounds, needs finite bounds",
                                  at: bounds)
                return nil
            }
            guard lower < upper else {
                diagnostics.error("lowerBound \(NumberText.format(lower)) must be less than upperBound \(NumberText.format(upper))", at: bounds)
                return nil
            }
            if scale != "lin" && lower <= 0 {
                diagnostics.error("lowerBound \(NumberText.format(lower)) on a \(scale) scale must be positive", at: bounds)
                return nil
            }
            return (call(scale == "lin" ? "Uniform" : "LogUniform", lower, upper), nil)
        }
        let known = ["parameterScaleUniform", "uniform", "parameterScaleNormal", "normal", "logNormal"]
        guard known.contains(type) else {
            let laplace = type.lowercased().contains("laplace")
            diagnostics.error(
                "objectivePriorType \(Echo.quoted(type)) is not supported"
                    + (laplace ? " (FlowFit has no Laplace prior)" : "")
                    + "; supported: \(known.joined(separator: ", ")) (or none: uniform on the parameter scale)",
                at: location, length: max(1, type.unicodeScalars.count))
            return nil
        }
        let texts = (parametersField?.text ?? "").split(separator: ";", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
        let parametersAt = parametersField.map { table.location(row, $0) } ?? location
        guard texts.count == 2, let a = Double(texts[0]), let b = Double(texts[1]), a.isFinite, b.isFinite else {
            diagnostics.error("objectivePriorParameters \(Echo.quoted(parametersField?.text ?? "")) must be two numbers 'a;b' for \(type)",
                              at: parametersAt)
            return nil
        }
        let ln10 = Foundation.log(10.0)
        let distribution: DistributionCall
        switch (type, scale) {
        case ("parameterScaleUniform", "lin"), ("uniform", _): distribution = call("Uniform", a, b)
        case ("parameterScaleUniform", "log"): distribution = call("LogUniform", Foundation.exp(a), Foundation.exp(b))
        case ("parameterScaleUniform", _): distribution = call("LogUniform", Foundation.pow(10, a), Foundation.pow(10, b))
        case ("parameterScaleNormal", "lin"), ("normal", _): distribution = call("Normal", a, b)
        case ("parameterScaleNormal", "log"), ("logNormal", _): distribution = call("LogNormal", a, b)
        default: distribution = call("LogNormal", a * ln10, b * ln10)  // parameterScaleNormal on log10
        }
        guard boundsGiven else { return (distribution, nil) }
        if distribution.name.hasPrefix("Log") && lower <= 0 {
            diagnostics.error("lowerBound \(NumberText.format(lower)) with a prior of a positive quantity (\(distribution.name)): give a positive lowerBound",
                              at: bounds)
            return nil
        }
        return (distribution, truncation)
    }
}
