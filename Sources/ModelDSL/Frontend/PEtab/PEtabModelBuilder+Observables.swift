import Foundation

/// The observable table: `observableId`, `observableFormula`, `noiseFormula`,
/// and the optional `observableTransformation` (lin, log, log10) and
/// `noiseDistribution` (normal, laplace) → `observe id(p…; n…) = formula ~ Noise(noiseFormula)`.
///
/// The placeholders `observableParameterN_id` (in either formula) and
/// `noiseParameterN_id` (in the noise formula) are declared in the order of
/// N, which must run 1, 2, … without gaps; each measurement gives their values.
/// Noise: normal → Normal, LogNormal, Log10Normal; laplace → Laplace,
/// LogLaplace, Log10Laplace (for lin, log, log10).
extension PEtabModelBuilder {
    mutating func addObservables(_ table: PEtabTable) {
        var seen: [String: Int] = [:]
        for row in table.rows {
            guard let idField = table.field("observableId", row), let formulaField = table.field("observableFormula", row),
                  let noiseField = table.field("noiseFormula", row) else { continue }
            let at = table.location(row, idField)
            guard Self.isIdentifier(idField.text) else {
                diagnostics.error("observableId \(Echo.quoted(idField.text)) is not a valid id (letters, digits and '_', not starting with a digit)",
                                  at: at, length: max(1, idField.text.unicodeScalars.count))
                continue
            }
            if let first = seen[idField.text] {
                diagnostics.error("duplicate observableId '\(idField.text)' (first at line \(first))", at: at,
                                  length: idField.text.unicodeScalars.count)
                continue
            }
            seen[idField.text] = row.line
            let id = idField.text
            for (field, column) in [(formulaField, "observableFormula"), (noiseField, "noiseFormula")] where field.text.isEmpty {
                diagnostics.error("empty \(column) of observable '\(id)'", at: table.location(row, field))
            }
            guard !formulaField.text.isEmpty, !noiseField.text.isEmpty else { continue }
            let formula = self.formula(formulaField, row: row, table: table)
            let noiseFormula = self.formula(noiseField, row: row, table: table)
            guard let noiseName = noiseModel(table, row, id: id) else { continue }
            guard let formula, let noiseFormula else { continue }
            let explicit = table.column("observablePlaceholders") != nil || table.column("noisePlaceholders") != nil
            let observableParameters = explicit
                ? listedPlaceholders("observablePlaceholders", table, row, id: id)
                : placeholders("observableParameter", of: id, in: [formula, noiseFormula])
            let noiseParameters = explicit
                ? listedPlaceholders("noisePlaceholders", table, row, id: id)
                : placeholders("noiseParameter", of: id, in: [noiseFormula])
            guard let observableParameters, let noiseParameters else { continue }
            var stray: SyntaxExpr?
            let noiseNames = Set(noiseParameters.map(\.name))
            formula.forEachName { name, location in
                let isNoise = explicit ? noiseNames.contains(name) : name.hasPrefix("noiseParameter") && name.hasSuffix("_" + id)
                if isNoise, stray == nil {
                    stray = SyntaxExpr(.name(name), at: location)
                }
            }
            if let stray, case .name(let name) = stray.kind {
                diagnostics.error("noise parameter '\(name)' in the observableFormula of '\(id)'; noise parameters belong in its noiseFormula",
                                  at: stray.location, length: name.unicodeScalars.count)
                continue
            }
            let noise = DistributionCall(name: noiseName, arguments: [noiseFormula], location: table.location(row, noiseField))
            ast.observables.append(ObservableDecl(
                name: name(id), expression: formula, noise: noise, nameLocation: at,
                observableParameters: observableParameters, noiseParameters: noiseParameters))
        }
    }

    /// The noise model's name for the row's distribution and transformation.
    private mutating func noiseModel(_ table: PEtabTable, _ row: PEtabTable.Row, id: String) -> String? {
        let transformation = table.field("observableTransformation", row)
        let distribution = table.field("noiseDistribution", row)
        let scale = transformation?.text.isEmpty == false ? transformation!.text : "lin"
        let kind = distribution?.text.isEmpty == false ? distribution!.text : "normal"
        var valid = true
        if !["lin", "log", "log10"].contains(scale), let transformation {
            diagnostics.error("observableTransformation \(Echo.quoted(scale)) must be lin, log or log10",
                              at: table.location(row, transformation), length: scale.unicodeScalars.count)
            valid = false
        }
        if !["normal", "laplace"].contains(kind), let distribution {
            diagnostics.error("noiseDistribution \(Echo.quoted(kind)) must be normal or laplace",
                              at: table.location(row, distribution), length: kind.unicodeScalars.count)
            valid = false
        }
        guard valid else { return nil }
        let base = kind == "normal" ? "Normal" : "Laplace"
        switch scale {
        case "log": return "Log" + base
        case "log10": return "Log10" + base
        default: return base
        }
    }

    /// PEtab 2's placeholders: the `;`-separated names of `column`, in order
    /// (an empty cell: none), or nil after an error.
    private mutating func listedPlaceholders(_ column: String, _ table: PEtabTable, _ row: PEtabTable.Row,
                                             id: String) -> [PlaceholderDecl]? {
        guard let field = table.field(column, row), !field.text.isEmpty else { return [] }
        var result: [PlaceholderDecl] = []
        var offset = 0
        for part in field.text.split(separator: ";", omittingEmptySubsequences: false) {
            let leading = part.prefix { $0 == " " }.count
            let name = part.trimmingCharacters(in: .whitespaces)
            let at = SourceLocation(line: row.line, column: field.column + offset + leading, file: table.fileIndex)
            offset += part.unicodeScalars.count + 1
            guard Self.isIdentifier(name) else {
                diagnostics.error("\(column) of '\(id)': \(Echo.quoted(name)) is not a valid id", at: at,
                                  length: max(1, name.unicodeScalars.count))
                return nil
            }
            let renamed = renamingOnly(name)
            guard !result.contains(where: { $0.name == renamed }) else {
                diagnostics.error("\(column) of '\(id)' lists '\(name)' twice", at: at, length: name.unicodeScalars.count)
                return nil
            }
            result.append(PlaceholderDecl(name: renamed, location: at))
        }
        return result
    }

    /// The placeholders `<prefix>N_<id>` used in `formulas`, ordered by N, or
    /// nil (with an error) when N does not run 1, 2, … without gaps.
    private mutating func placeholders(_ prefix: String, of id: String, in formulas: [SyntaxExpr]) -> [PlaceholderDecl]? {
        var found: [Int: PlaceholderDecl] = [:]
        let suffix = "_" + id
        for formula in formulas {
            formula.forEachName { name, location in
                guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return }
                let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
                guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 1 else { return }
                if found[n] == nil { found[n] = PlaceholderDecl(name: name, location: location) }
            }
        }
        let numbers = found.keys.sorted()
        if let gap = numbers.enumerated().first(where: { $0.offset + 1 != $0.element }) {
            let placeholder = found[gap.element]!
            diagnostics.error("placeholder '\(placeholder.name)' of observable '\(id)': \(prefix)s must be numbered 1, 2, … without gaps (\(prefix)\(gap.offset + 1)\(suffix) is missing)",
                              at: placeholder.location, length: placeholder.name.unicodeScalars.count)
            return nil
        }
        return numbers.map { found[$0]! }
    }
}
