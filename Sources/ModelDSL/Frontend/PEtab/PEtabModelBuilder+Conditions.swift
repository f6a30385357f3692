/// The condition table: `conditionId`, optional `conditionName` (ignored),
/// and one column per model quantity it sets (parameters, compartments,
/// species' initial values) → `condition id { column = cell; … }`. A cell is
/// a number, a parameter id or a formula; an empty or `NaN` cell sets nothing
/// (the model's value, or after pre-equilibration the steady state).
extension PEtabModelBuilder {
    mutating func addConditions(_ table: PEtabTable) {
        var targets: [(column: Int, name: String)] = []
        for (c, field) in table.header.enumerated() where field.text != "conditionId" && field.text != "conditionName" {
            guard Self.isIdentifier(field.text) else {
                diagnostics.error("condition column \(Echo.quoted(field.text)) is not a model id", at: table.headerLocation(c),
                                  length: max(1, field.text.unicodeScalars.count))
                continue
            }
            targets.append((c, name(field.text)))
        }
        var seen: [String: Int] = [:]
        for row in table.rows {
            guard let idField = table.field("conditionId", row) else { continue }
            let at = table.location(row, idField)
            guard Self.isIdentifier(idField.text) else {
                diagnostics.error("conditionId \(Echo.quoted(idField.text)) is not a valid id (letters, digits and '_', not starting with a digit)",
                                  at: at, length: max(1, idField.text.unicodeScalars.count))
                continue
            }
            if let first = seen[idField.text] {
                diagnostics.error("duplicate conditionId '\(idField.text)' (first at line \(first))", at: at,
                                  length: idField.text.unicodeScalars.count)
                continue
            }
            seen[idField.text] = row.line
            var values: [Definition] = []
            for target in targets {
                let cell = row.fields[target.column]
                if cell.text.isEmpty || cell.text.lowercased() == "nan" { continue }
                guard let value = formula(cell, row: row, table: table) else { continue }
                values.append(Definition(name: target.name, expression: value, nameLocation: table.headerLocation(target.column)))
            }
            ast.conditions.append(ConditionDecl(name: idField.text, values: values, nameLocation: at))
        }
    }
}
