import Foundation
import ModelDSL

/// Writes `report.html` into a run directory (or a compare directory of runs):
/// one self-contained page with the run header, corner plot, annealing
/// schedule, evidence convergence, posterior-predictive bands (when
/// `modelPath` is given) and parameter table.
///
/// - Parameters:
///   - runDirectory: a directory with `summary.json` (+ `samples.csv`,
///     `trace.csv`), or one whose subdirectories are such runs.
///   - truths: true parameter values to mark (`--truth name=value`).
///   - modelPath: the model file, for log axes from its priors and for the
///     predictive bands; its data are the run's `data_file` when that file
///     exists, else the model's own `data "…"`.
/// - Returns: the path of the written `report.html`.
/// - Throws: ``ReportError`` for a missing or malformed run directory, an
///   unknown or non-finite truth, a model that cannot be loaded, invalid
///   options, or a failed write.
func writeReport(runDirectory: String, truths: [String: Double], modelPath: String?,
                 options: ReportOptions) throws -> String {
    try ReportBuilder.validate(options)
    return try writeReport(ReportInput.load(directory: runDirectory), truths: truths, modelPath: modelPath, options: options)
}

/// Writes `report.html` of runs already loaded (or still in memory: `fit --report`)
/// into `input.directory`; returns its path.
func writeReport(_ input: ReportInput, truths: [String: Double], modelPath: String?,
                 options: ReportOptions) throws -> String {
    let html = try ReportBuilder.html(input, truths: truths, modelPath: modelPath, options: options)
    let directory = input.directory
    let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/report.html"
    do { try AtomicFile.write(html, to: path) } catch {
        throw ReportError.write(path: path, reason: UserMessage.describe(error))
    }
    return path
}

/// Assembles the page (no file is written here).
enum ReportBuilder {
    static func html(runDirectory: String, truths: [String: Double], modelPath: String?,
                     options: ReportOptions) throws(ReportError) -> String {
        try validate(options)
        return try html(ReportInput.load(directory: runDirectory), truths: truths, modelPath: modelPath, options: options)
    }

    static func html(_ input: ReportInput, truths: [String: Double], modelPath: String?,
                     options: ReportOptions) throws(ReportError) -> String {
        try validate(options)
        var loaded: LoadedModel?
        if let modelPath {
            let dataFile = input.runs.first?.summary.dataFile.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            do { loaded = try LoadedModel.load(path: modelPath, dataPath: dataFile) } catch {
                throw .model(path: modelPath, message: error.description)
            }
        }
        let known = Set(input.runs.flatMap(\.parameterNames) + (loaded?.model.parameters.map(\.name) ?? []))
        for (name, value) in truths.sorted(by: { $0.key < $1.key }) {
            guard known.contains(name) else { throw .unknownTruth(name: name, known: known.sorted()) }
            guard value.isFinite else { throw .invalidTruth(name: name, value: value) }
        }
        let styles = Palette.styles(families: input.runs.map(\.family))
        let axes = ParameterAxes.make(runs: input.runs, model: loaded?.model, truths: truths)
        let modelName = input.runs.first?.summary.model ?? loaded?.model.name ?? "run"
        var page = ReportPage(title: options.title ?? "FlowFit report — \(modelName)" + (input.isCompare ? " (comparison)" : ""))
        var header = HeaderSection.html(input, styles: styles)
        let notes = input.runs.flatMap(\.notes) + (input.comparisonNote.map { [$0] } ?? [])
        if !notes.isEmpty {
            header = header.replacingOccurrences(of: "\n</section>\n", with: notes.map(ReportPage.note).joined() + "\n</section>\n")
        }
        page.add(header)
        page.add(CornerSection.html(input, axes: axes, styles: styles, truths: truths, options: options))
        page.add(TraceSections.schedule(input.runs, styles: styles, width: options.width))
        page.add(TraceSections.evidence(input.runs, styles: styles, width: options.width))
        let modelNote = modelPath == nil
            ? "No model given, so no predictive bands" + (input.runs.first.map { " (the run's model file is \($0.summary.modelFile))" } ?? "") + "."
            : nil
        page.add(PredictiveSection.html(input.runs, styles: styles, loaded: loaded, modelNote: modelNote, options: options))
        page.add(ParameterTable.html(input.runs, names: axes.names, styles: styles, truths: truths))
        return page.html
    }

    static func validate(_ o: ReportOptions) throws(ReportError) {
        guard o.predictiveDraws >= 0, o.predictiveDraws <= 100_000 else {
            throw .invalidOption("predictive draws must lie in 0...100000 (got \(o.predictiveDraws))")
        }
        guard o.predictiveGridPoints >= 2, o.predictiveGridPoints <= 100_000 else {
            throw .invalidOption("predictive grid points must lie in 2...100000 (got \(o.predictiveGridPoints))")
        }
        if let b = o.histogramBins, !(2...1000).contains(b) { throw .invalidOption("histogram bins must lie in 2...1000 (got \(b))") }
        if let b = o.densityBins, !(2...400).contains(b) { throw .invalidOption("density bins must lie in 2...400 (got \(b))") }
        guard o.densitySmoothing.isFinite, o.densitySmoothing >= 0, o.densitySmoothing <= 20 else {
            throw .invalidOption("density smoothing must lie in [0, 20] bins (got \(o.densitySmoothing))")
        }
        guard o.width.isFinite, o.width >= 400, o.width <= 10_000 else {
            throw .invalidOption("page width must lie in 400...10000 px (got \(o.width))")
        }
    }
}
