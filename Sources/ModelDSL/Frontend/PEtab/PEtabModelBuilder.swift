/// Adds a PEtab problem's tables to the syntax tree of its SBML model (the
/// state of one ``PEtabImporter`` run). Diagnostics point into the tables
/// (files 1–3 of the locations).
struct PEtabModelBuilder {
    var ast: ModelAST
    var diagnostics: DiagnosticBag
    /// SBML id → the model language name it was given (reserved words get `_`).
    private let renaming: [String: String]
    /// Names the PEtab tables introduced for ids the language reserves.
    private(set) var introduced: [String: String] = [:]

    init(ast: ModelAST, renamings: [(id: String, name: String)], diagnostics: DiagnosticBag) {
        self.ast = ast
        self.diagnostics = diagnostics
        renaming = Dictionary(renamings.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The language name of a PEtab id: the SBML import's name for a model
    /// id; an id of the tables that the language reserves (`time` excepted:
    /// it is the time in formulas) gets `_` appended.
    mutating func name(_ id: String) -> String {
        if let renamed = renaming[id] { return renamed }
        if let introduced = introduced[id] { return introduced }
        guard ReservedName.reason(id) != nil, id != "time", BuiltinConstant(rawValue: id) == nil else { return id }
        var candidate = id + "_"
        while ReservedName.reason(candidate) != nil { candidate += "_" }
        introduced[id] = candidate
        return candidate
    }

    /// Whether `text` is an identifier of the language.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ModelLexer.isIdentifierStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(ModelLexer.isIdentifierPart)
    }

    /// A number field (decimal; `inf`, `-inf` when `allowInfinite`), or nil
    /// with an error naming the column.
    mutating func number(_ field: DelimitedLine.Field, _ column: String, at location: SourceLocation,
                         allowInfinite: Bool = false) -> Double? {
        switch DecimalNumber.read(field.text) {
        case .value(let v): return v
        case .nonFiniteSpelling where allowInfinite:
            let lower = field.text.lowercased()
            if lower == "inf" || lower == "+inf" || lower == "infinity" { return .infinity }
            if lower == "-inf" || lower == "-infinity" { return -.infinity }
        default: break
        }
        let problem = field.text.isEmpty ? "empty \(column); a number is needed" : "\(column) \(Echo.quoted(field.text)) is not a number"
        diagnostics.error(problem, at: location, length: field.text.unicodeScalars.count)
        return nil
    }

    /// A formula of a table cell, names renamed to the model's, located in the table.
    mutating func formula(_ field: DelimitedLine.Field, row: PEtabTable.Row, table: PEtabTable) -> SyntaxExpr? {
        let parsed = ModelParser.parseExpression(field.text, line: row.line, column: field.column, file: table.fileIndex,
                                                 diagnostics: &diagnostics)
        return parsed?.renamed { self.renamingOnly($0) }
    }

    /// ``name(_:)`` without recording new names (for names in formulas).
    func renamingOnly(_ id: String) -> String {
        renaming[id] ?? introduced[id] ?? id
    }

    // MARK: Where a name is defined in the model

    enum Kind {
        case species, value, assignment, none
    }

    func kind(of name: String) -> Kind {
        if ast.speciesNames.contains(name) { return .species }
        if ast.assignments.contains(where: { $0.name == name }) { return .assignment }
        if ast.values.contains(where: { $0.name == name }) { return .value }
        return .none
    }

    /// Sets the value statement `name = expression` (replacing the model's own, if any).
    mutating func setValue(_ name: String, _ expression: SyntaxExpr, at location: SourceLocation) {
        let definition = Definition(name: name, expression: expression, nameLocation: location)
        if let i = ast.values.firstIndex(where: { $0.name == name }) {
            ast.values[i] = definition
        } else {
            ast.values.append(definition)
        }
    }

    /// Values (`x = …`, not species) that use an estimated parameter become
    /// assignment rules (`x := …`): a constant cannot depend on a parameter.
    /// E.g. an SBML initial assignment `c = 2*k` when PEtab estimates `k`.
    mutating func ruleValuesOfEstimatedParameters() {
        var dynamic = Set(ast.priors.map(\.name))
        var changed = true
        while changed {
            changed = false
            for (i, definition) in ast.values.enumerated().reversed() where !dynamic.contains(definition.name) {
                var uses = false
                definition.expression.forEachName { name, _ in if dynamic.contains(name) { uses = true } }
                guard uses else { continue }
                dynamic.insert(definition.name)
                ast.assignments.append(ast.values.remove(at: i))
                changed = true
            }
        }
    }
}
