import Foundation

/// The SBML front end: an SBML file → ``SBMLImport`` (a ``ModelAST`` that the
/// usual checker and compiler take from there).
///
/// Phases: XML → element tree (``MarkupReader``, FoundationXML from a stream),
/// tree → ``SBMLModel`` (``SBMLReader``, refusing unsupported SBML), model →
/// syntax tree (``SBMLTranslator``), then stoichiometries given by initial
/// assignments are evaluated at the start (t = 0) and written as numbers. Every
/// problem is reported as `file:line:column: error: …` pointing at the SBML
/// element; all of them, not just the first.
public enum SBMLImporter {
    /// Whether `path` names an SBML file by its extension (`.xml`, `.sbml`).
    public static func isSBMLPath(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "xml" || ext == "sbml"
    }

    /// Whether `text` looks like XML rather than model-language text.
    public static func looksLikeXML(_ text: String) -> Bool {
        text.unicodeScalars.first { !" \t\r\n\u{FEFF}".unicodeScalars.contains($0) } == "<"
    }

    public static func importModel(path: String) throws(ModelErrors) -> SBMLImport {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ModelErrors(file: path, message: "cannot read SBML file '\(path)': \(exists ? "the file cannot be read" : "file not found")")
        }
        let text = String(decoding: data, as: UTF8.self)
        return try importModel(ModelSource(path: path, text: text), bytes: data)
    }

    public static func importModel(source: ModelSource) throws(ModelErrors) -> SBMLImport {
        try importModel(source, bytes: Data(source.text.utf8))
    }

    static func importModel(_ source: ModelSource, bytes: Data) throws(ModelErrors) -> SBMLImport {
        var diagnostics = DiagnosticBag(file: source.path)
        let root: MarkupElement
        do {
            root = try MarkupReader.read(bytes, skipping: ["notes", "annotation"])
        } catch {
            diagnostics.error(error.message, at: error.location)
            try diagnostics.throwIfErrors(source: source)
            throw ModelErrors(file: source.path, message: error.message)
        }
        var reader = SBMLReader(diagnostics: diagnostics)
        let model = reader.read(root)
        diagnostics = reader.diagnostics
        guard let model else {
            try diagnostics.throwIfErrors(source: source)
            throw ModelErrors(file: source.path, message: "no model")
        }
        let stem = ((source.path as NSString).lastPathComponent as NSString).deletingPathExtension
        var translator = SBMLTranslator(model: model, fileStem: stem, diagnostics: diagnostics)
        let translated = translator.translate()
        var ast = translated.0
        diagnostics = translator.diagnostics
        for renaming in translator.names.renamings {
            diagnostics.warning("SBML id '\(renaming.id)' is renamed '\(renaming.name)': \(renaming.reason) in the model language",
                                at: renaming.location, length: renaming.id.unicodeScalars.count)
        }
        try diagnostics.throwIfErrors(source: source)
        if !translator.pendingCoefficients.isEmpty {
            try resolveCoefficients(translator.pendingCoefficients, in: &ast, source: source)
        }
        return SBMLImport(
            ast: ast, source: source, warnings: diagnostics.warnings, quantities: translated.1,
            renamings: translator.names.renamings.map { ($0.id, $0.name) }, level: model.level, version: model.version)
    }

    /// Replaces the placeholder coefficients of participants whose
    /// stoichiometry an initial assignment gives by that value at t = 0
    /// (computed by the checked model itself); a negative value moves the
    /// participant to the other side, zero removes it.
    static func resolveCoefficients(
        _ pending: [(reaction: Int, product: Bool, index: Int, name: String)], in ast: inout ModelAST, source: ModelSource
    ) throws(ModelErrors) {
        let model = try ModelChecker.check(ast, source: source)
        let start: [Double]
        do {
            var evaluator = TreeWalkEvaluator(try model.initialValueSet())
            var out = [Double](repeating: .nan, count: model.species.count)
            let zero = [0.0]
            zero.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    guard let tp = t.baseAddress, let op = o.baseAddress else { return }
                    evaluator.evaluate(LaneInputs(time: tp, species: tp, parameters: tp, laneCount: 1), into: op)
                }
            }
            start = out
        } catch {
            throw ModelErrors(file: source.path, message: "\(error)")
        }
        var diagnostics = DiagnosticBag(file: source.path)
        var removals: [(reaction: Int, product: Bool, index: Int)] = []
        for p in pending {
            let value = model.constants.first { $0.name == p.name }?.value
                ?? model.species.firstIndex { $0.name == p.name }.map { start[$0] }
            let location = p.product ? ast.reactions[p.reaction].products[p.index].location
                : ast.reactions[p.reaction].reactants[p.index].location
            guard let value, value.isFinite else {
                diagnostics.error("the stoichiometry '\(p.name)' is not a finite number at the start", at: location)
                continue
            }
            if p.product {
                ast.reactions[p.reaction].products[p.index].coefficient = Swift.abs(value)
            } else {
                ast.reactions[p.reaction].reactants[p.index].coefficient = Swift.abs(value)
            }
            if value <= 0 { removals.append((p.reaction, p.product, p.index)) }
        }
        try diagnostics.throwIfErrors(source: source)
        // Zero: drop the participant; negative: move it to the other side (descending indices keep them valid).
        for r in removals.sorted(by: { ($0.reaction, $0.index) > ($1.reaction, $1.index) }) {
            let participant = r.product ? ast.reactions[r.reaction].products.remove(at: r.index)
                : ast.reactions[r.reaction].reactants.remove(at: r.index)
            guard participant.coefficient != 0 else { continue }
            if r.product {
                ast.reactions[r.reaction].reactants.append(participant)
            } else {
                ast.reactions[r.reaction].products.append(participant)
            }
        }
        ast.reactions.removeAll { $0.reactants.isEmpty && $0.products.isEmpty }
    }
}
