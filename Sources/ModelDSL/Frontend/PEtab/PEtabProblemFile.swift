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
/// with a located error: merge the tables). PEtab 2 problems are refused.
struct PEtabProblemFile {
    struct Entry {
        var path: String
        var location: SourceLocation
    }

    var source: ModelSource
    var parameters: Entry
    var model: Entry
    var conditions: Entry
    var measurements: Entry
    var observables: Entry
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
            guard case .scalar(let text, _) = version.value, ["1", "1.0", "1.0.0"].contains(text) else {
                let shown: String
                if case .scalar(let text, _) = version.value { shown = text } else { shown = version.value.kind }
                let hint = shown.hasPrefix("2")
                    ? "PEtab 2 problems (experiments, long condition tables, model_files) are not supported yet; FlowFit reads PEtab 1"
                    : "FlowFit reads PEtab 1 (format_version: 1)"
                diagnostics.error("unsupported format_version \(Echo.quoted(shown)): \(hint)", at: version.value.location,
                                  length: shown.unicodeScalars.count)
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

        /// The one file under `key`: a text or a list of one text.
        mutating func file(in entries: [YAMLEntry], key: String, at location: SourceLocation) -> Entry? {
            guard let entry = entries.first(where: { $0.key == key }) else {
                diagnostics.error("missing '\(key)'", at: location)
                return nil
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
