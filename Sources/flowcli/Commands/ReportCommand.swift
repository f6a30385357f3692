import Foundation

/// `flowcli report DIR …`: writes the self-contained `report.html` of a run
/// directory (from `fit`) or a compare directory (from `compare`).
struct ReportCommand: Command {
    let name = "report"
    let summary = "write a self-contained HTML report (corner plot, schedule, evidence, predictive bands) of a run or compare directory"
    let usage = "flowcli report DIR [--truth NAME=VALUE ...] [--model MODEL] [--seed N] [--predictive-draws N] [--layout overlaid|separate]"
    var details: String {
        let d = ReportOptions()
        return """
        Reads DIR (summary.json, samples.csv, trace.csv of a fit, or one such directory per
        subdirectory, as compare writes) and writes DIR/report.html: one page with inline CSS and
        SVG and no external resources. Sections: the run (or one row per run), a weighted corner
        plot, the annealing schedule, log Ẑ against likelihood evaluations, posterior-predictive
        bands (with --model) and a parameter table. Prints the path of the page. See docs/report.md.

        arguments:
          DIR                     a run directory or a compare directory

        options:
          --truth NAME=VALUE      a true parameter value to mark (natural units; repeatable); a name
                                  that is no parameter of the runs is an error
          --model MODEL           the model file: log axes from its priors, and posterior-predictive
                                  bands against its data (the run's data file if it exists, else the
                                  model's data "…") (default: none, so no predictive bands)
          --seed N                seed of the weighted resampling for the predictive draws (default \(d.seed))
          --predictive-draws N    posterior draws simulated for the bands, 0…100000; 0 skips the
                                  section (default \(d.predictiveDraws))
          --layout overlaid|separate
                                  corner plots of a compare directory: all runs overlaid (plus each
                                  run's own, folded) or one per run (default \(d.cornerLayout.rawValue))
          -h, --help              show this help

        examples:
          flowcli report runs/repressilator --model models/repressilator.model
          flowcli report runs/linear_gaussian --truth k=1.2
        """
    }
    let spec = Arguments.Spec(valued: ["model", "seed", "predictive-draws", "layout"], switches: [], repeatable: ["truth"])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let directory = try arguments.singlePositional("run directory")
        var truths: [String: Double] = [:]
        for (name, value) in try arguments.assignments("truth") {
            guard truths[name] == nil else { throw UsageError("--truth \(name) given more than once") }
            truths[name] = value
        }
        var options = ReportOptions()
        options.seed = try arguments.seed("seed") ?? options.seed
        options.predictiveDraws = try arguments.int("predictive-draws", default: options.predictiveDraws, range: 0...100_000)
        if let layout = arguments.string("layout") {
            let known = ReportOptions.CornerLayout.allCases.map(\.rawValue)
            guard let value = ReportOptions.CornerLayout(rawValue: layout) else {
                let hint = Suggest.closest(to: layout, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("--layout: unknown layout '\(layout)'\(hint); expected \(known.joined(separator: " or "))")
            }
            options.cornerLayout = value
        }
        let path: String
        do {
            path = try writeReport(runDirectory: directory, truths: truths, modelPath: arguments.string("model"), options: options)
        } catch let error as ReportError {
            switch error {
            case .unknownTruth, .invalidTruth, .invalidOption: throw UsageError(error.description)
            default: throw CLIError(error.description)
            }
        }
        writeOut(path + "\n")
        return .success
    }
}

/// `--report` of `fit` and `compare`: writes `report.html` into the run (or
/// compare) directory after the run, with the model so that the
/// posterior-predictive bands are drawn, and says where it went.
enum ReportStep {
    static let help = "write report.html into the output directory after the run (see flowcli report)"

    /// - Throws: ``CLIError`` when the report cannot be written (the run files are already on disk).
    static func write(directory: String, modelPath: String, quiet: Bool) throws -> String {
        if !quiet { printError("writing the report …") }
        do {
            return try writeReport(runDirectory: directory, truths: [:], modelPath: modelPath, options: ReportOptions())
        } catch {
            throw CLIError("the run was written to \(directory), but its report failed: \(UserMessage.describe(error))")
        }
    }

    /// The report of runs still in memory (`fit --report`: nothing is read back from the files just written).
    static func write(_ input: ReportInput, modelPath: String, quiet: Bool) throws -> String {
        if !quiet { printError("writing the report …") }
        do {
            return try writeReport(input, truths: [:], modelPath: modelPath, options: ReportOptions())
        } catch {
            throw CLIError("the run was written to \(input.directory), but its report failed: \(UserMessage.describe(error))")
        }
    }
}
