import Foundation

/// The files a PEtab problem (`problem.yaml`, format version 1) names, as
/// paths resolved against the YAML file's directory, with where each was written.
///
/// ```
/// format_version: 1
/// parameter_file: parameters.tsv
/// problems:
/// - sbml_files: [model.xml]
///   condition_files: [conditions.tsv]
///   measurement_files: [measurements.tsv]
///   observable_files: [observables.tsv]
///   visualization_files: [...]          # ignored
/// ```
/// One problem with one file of each kind is supported (several are refused
/// with a located error: merge the tables). PEtab 2 (`format_version: 2.0.0`)
/// names its files at the top level, the model under `model_files`, and may
/// add an experiment table; it is read by ``readVersion2(_:top:)``.
struct PEtabProblemFile {
    struct Entry {
        var path: String
        var location: SourceLocation
    }

    var source: ModelSource
    /// 1 or 2.
    var version: Int = 1
    var parameters: Entry
    var model: Entry
    /// Optional in PEtab 2 (a problem without conditions).
    var conditions: Entry?
    var measurements: Entry
    var observables: Entry
    /// PEtab 2's experiment table, if any.
    var experiments: Entry? = nil
    /// PEtab 2's mapping table, if any (read only to check that it renames nothing).
    var mapping: Entry? = nil
    /// Keys read and ignored (visualization files, extensions), for a warning.
    var ignored: [YAMLEntry]

    static func read(_ source: ModelSource) throws(ModelErrors) -> PEtabProblemFile {
        let (root, bag) = YAMLReader.read(source)
        let diagnostics = bag
        guard let root else {
            try diagnostics.throwIfErrors(source: source)
            throw ModelErrors(file: source.path, message: "cannot read the PEtab problem file")
        }
        var reader = Reader(source: source, diagnostics: diagnostics)
        let problem = reader.problem(root)
        try reader.diagnostics.throwIfErrors(source: source)
        guard let problem else { throw ModelErrors(file: source.path, message: "cannot read the PEtab problem file") }
        return problem
    }

    private struct Reader {
        let source: ModelSource
        var diagnostics: DiagnosticBag

        mutating func problem(_ root: YAMLNode) -> PEtabProblemFile? {
            guard case .mapping(let top, _) = root else {
                diagnostics.error("a PEtab problem file is a mapping (format_version: …, parameter_file: …, problems: …), found \(root.kind)",
                                  at: root.location)
                return nil
            }
            guard let version = top.first(where: { $0.key == "format_version" }) else {
                diagnostics.error("missing 'format_version' (1 for PEtab 1)", at: SourceLocation(line: 1, column: 1))
                return nil
            }
            if case .scalar(let text, _) = version.value, ["2", "2.0", "2.0.0"].contains(text) {
                return readVersion2(root, top: top)
            }
            guard case .scalar(let text, _) = version.value, ["1", "1.0", "1.0.0"].contains(text) else {
                let shown: String
                if case .scalar(let text, _) = version.value { shown = text } else { shown = version.value.kind }
                diagnostics.error("unsupported format_version \(Echo.quoted(shown)): FlowFit reads PEtab 1 and 2 (format_version: 1 or 2.0.0)",
                                  at: version.value.location, length: shown.unicodeScalars.count)
                return nil
            }
            let known = ["format_version", "parameter_file", "problems"]
            var ignored = top.filter { !known.contains($0.key) }
            let parameters = file(in: top, key: "parameter_file", at: root.location)
            guard let problems = top.first(where: { $0.key == "problems" }) else {
                diagnostics.error("missing 'problems' (a list with one problem naming its sbml_files, condition_files, measurement_files and observable_files)",
                                  at: root.location)
                return nil
            }
            guard case .sequence(let list, let listAt) = problems.value, let first = list.first else {
                diagnostics.error("'problems' must be a list of one problem, found \(problems.value.kind)", at: problems.value.location)
                return nil
            }
            if list.count > 1 {
                diagnostics.error("\(list.count) problems in one file; FlowFit reads one problem per file (split them into files)",
                                  at: list[1].location)
            }
            guard case .mapping(let entries, let at2) = first else {
                diagnostics.error("a problem is a mapping (sbml_files: …, condition_files: …), found \(first.kind)", at: listAt)
                return nil
            }
            let problemKeys = ["sbml_files", "model_files", "condition_files", "measurement_files", "observable_files"]
            ignored += entries.filter { !problemKeys.contains($0.key) }
            if entries.contains(where: { $0.key == "model_files" }) && !entries.contains(where: { $0.key == "sbml_files" }) {
                diagnostics.error("'model_files' is PEtab 2; a PEtab 1 problem names its model with 'sbml_files'",
                                  at: entries.first { $0.key == "model_files" }?.keyLocation ?? at2)
                return nil
            }
            let model = file(in: entries, key: "sbml_files", at: at2)
            let conditions = file(in: entries, key: "condition_files", at: at2)
            let measurements = file(in: entries, key: "measurement_files", at: at2)
            let observables = file(in: entries, key: "observable_files", at: at2)
            guard let parameters, let model, let conditions, let measurements, let observables else { return nil }
            return PEtabProblemFile(source: source, parameters: parameters, model: model, conditions: conditions,
                                    measurements: measurements, observables: observables, ignored: ignored)
        }

        /// PEtab 2: `parameter_files`, `observable_files`, `measurement_files`
        /// (one file each), `condition_files` and `experiment_files` (none or
        /// one), `model_files` (one SBML model: `id: {language: sbml,
        /// location: file}`), `mapping_files` (none or one; see
        /// ``PEtabVersion2/checkMapping(_:diagnostics:)``). Extensions, which
        /// would change what a problem means, are refused; other keys are
        /// ignored with a warning.
        mutating func readVersion2(_ root: YAMLNode, top: [YAMLEntry]) -> PEtabProblemFile? {
            let known = ["format_version", "parameter_files", "model_files", "condition_files", "experiment_files",
                         "measurement_files", "observable_files", "mapping_files", "extensions"]
            let ignored = top.filter { !known.contains($0.key) }
            for key in ["extensions"] {
                guard let entry = top.first(where: { $0.key == key }) else { continue }
                let empty: Bool
                switch entry.value {
                case .null: empty = true
                case .sequence(let items, _): empty = items.isEmpty
                case .mapping(let items, _): empty = items.isEmpty
                case .scalar(let text, _): empty = text.isEmpty
                }
                if !empty {
                    diagnostics.error("PEtab extensions are not supported (they change what a problem means)",
                                      at: entry.keyLocation, length: key.unicodeScalars.count)
                }
            }
            let parameters = file(in: top, key: "parameter_files", at: root.location)
            let observables = file(in: top, key: "observable_files", at: root.location)
            let measurements = file(in: top, key: "measurement_files", at: root.location)
            let conditions = file(in: top, key: "condition_files", at: root.location, optional: true)
            let experiments = file(in: top, key: "experiment_files", at: root.location, optional: true)
            let mapping = file(in: top, key: "mapping_files", at: root.location, optional: true)
            let model = sbmlModel(in: top, at: root.location)
            guard let parameters, let observables, let measurements, let model, let conditions, let experiments,
                  let mapping
            else { return nil }
            return PEtabProblemFile(source: source, version: 2, parameters: parameters, model: model,
                                    conditions: conditions.path.isEmpty ? nil : conditions, measurements: measurements,
                                    observables: observables, experiments: experiments.path.isEmpty ? nil : experiments,
                                    mapping: mapping.path.isEmpty ? nil : mapping, ignored: ignored)
        }

        /// PEtab 2's `model_files`: one model, in SBML.
        mutating func sbmlModel(in top: [YAMLEntry], at location: SourceLocation) -> Entry? {
            guard let entry = top.first(where: { $0.key == "model_files" }) else {
                diagnostics.error("missing 'model_files' (model_id: {language: sbml, location: model.xml})", at: location)
                return nil
            }
            guard case .mapping(let models, let at) = entry.value, let first = models.first else {
                diagnostics.error("'model_files' must map a model id to its language and location, found \(entry.value.kind)",
                                  at: entry.value.location)
                return nil
            }
            if models.count > 1 {
                diagnostics.error("\(models.count) models; FlowFit reads one model per problem", at: models[1].keyLocation)
                return nil
            }
            guard case .mapping(let fields, let fieldsAt) = first.value else {
                diagnostics.error("model '\(first.key)' must give its language and location, found \(first.value.kind)",
                                  at: first.value.location)
                return nil
            }
            if let language = fields.first(where: { $0.key == "language" }),
               case .scalar(let text, let languageAt) = language.value, text.lowercased() != "sbml" {
                diagnostics.error("model language \(Echo.quoted(text)) is not supported; FlowFit reads SBML models",
                                  at: languageAt, length: text.unicodeScalars.count)
                return nil
            }
            _ = at
            return file(in: fields, key: "location", at: fieldsAt)
        }

        /// The one file under `key`: a text or a list of one text. With
        /// `optional`, a missing key or an empty list gives an entry with an
        /// empty path (no such table).
        mutating func file(in entries: [YAMLEntry], key: String, at location: SourceLocation,
                           optional: Bool = false) -> Entry? {
            guard let entry = entries.first(where: { $0.key == key }) else {
                if optional { return Entry(path: "", location: location) }
                diagnostics.error("missing '\(key)'", at: location)
                return nil
            }
            if optional {
                switch entry.value {
                case .null: return Entry(path: "", location: entry.keyLocation)
                case .sequence(let items, _) where items.isEmpty: return Entry(path: "", location: entry.keyLocation)
                default: break
                }
            }
            var node = entry.value
            if case .sequence(let items, let at) = node {
                guard items.count == 1 else {
                    diagnostics.error(items.isEmpty ? "'\(key)' lists no file"
                                      : "'\(key)' lists \(items.count) files; FlowFit reads one (merge the tables into one file)",
                                      at: items.count > 1 ? items[1].location : at)
                    return nil
                }
                node = items[0]
            }
            // A plain text where PEtab writes a list of one is accepted: the meaning is unambiguous.
            guard case .scalar(let path, let at) = node, !path.isEmpty else {
                diagnostics.error("'\(key)' must name a file, found \(node.kind)", at: node.location)
                return nil
            }
            return Entry(path: DataReader.resolve(dataPath: path, relativeTo: source.path), location: at)
        }
    }
}
