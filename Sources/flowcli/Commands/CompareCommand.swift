import Foundation
import Inference

/// `flowcli compare MODEL …`: runs several backends, each R times, on the same
/// posterior, and tabulates their evidence, its spread over repeats, its
/// calibration, the cost until it settled, and the posterior means.
struct CompareCommand: Command {
    static let defaultBackends = ["flow", "ensemble", "smc"]

    let name = "compare"
    let summary = "run several samplers (repeatedly) on one posterior; compare log Z, error calibration, cost and posteriors"
    let usage = "flowcli compare MODEL [--backends LIST] [--repeats R] [--seed N] [--threads N] [--max-evals N] [--max-seconds S] [--output DIR] [--report] [--quiet] [OPTIONS]"
    var details: String {
        """
        Builds the posterior once and runs each backend of LIST R times on it. Run k (k = 1…R) of
        every backend uses seed N+k−1, so all backends see the same seeds. Each run is written like a
        fit run (summary.json, samples.csv, samples_equal.csv, trace.csv) to DIR/<backend> (R = 1)
        or DIR/<backend>-r<k>, and after every run DIR/compare.json and DIR/compare.csv are
        rewritten. The table on stdout gives per run log Ẑ ± stated error, its distance from
        --reference, the evaluations and seconds used, and the evaluations and seconds after which
        the running log Ẑ (trace.csv) stayed within \(formatNumber(EvidenceConvergence.defaultTolerance)) nats of the run's
        final value; with R ≥ 2 per backend the mean ± sd of log Ẑ over runs and the calibration
        ratio sd(log Ẑ) / mean(stated error) (≈ 1 honest error bars, > 1 overconfident); and each
        parameter's posterior mean ± sd per backend (run 1). A run whose estimate failed a
        reliability rule is marked "(unreliable: RULE, …)" with the rules it failed.
        Exit status 3 if some run never reached the posterior (its files are still written), else 4 if
        some run ended "not converged" (its own convergence diagnostics failed).

        Budgets: --max-evals and --max-seconds cap every run separately. How much work a backend
        does within them is set by its own fit flags, which compare accepts for the backends in
        LIST (e.g. --steps and --walkers for ensemble, --particles for smc, --samples-per-stage for
        flow; see flowcli fit --help); a flag of a backend not in LIST is an error.

        options:
          --backends LIST         comma-separated backends (default \(Self.defaultBackends.joined(separator: ",")));
                                  known: \(BackendFactory.names.joined(separator: ", "))
          --repeats R             runs per backend, 1…1000 (default 1)
          --seed N                seed of the first repeat (default 1)
          --threads N             threads for likelihoods and training (default: all cores, here \(Defaults.threads))
          --max-evals N           per run: stop after about N likelihood evaluations (default: no limit)
          --max-seconds S         per run: stop after about S seconds of wall time (default: no limit)
          --reference LOGZ        a known log-evidence; adds the distance column (default: none)
          --output DIR            compare directory (default runs/<model name>-compare); it must not
                                  hold run directories other than the planned ones
          --report                \(ReportStep.help)
          --quiet                 no progress on stderr
          --data FILE             measurement file replacing the model's data "…"
          --guess nominal|NAME=VALUE  as for fit: a start for the flow backend's first mode search
        \(SolverFlags.help(width: 24))
          -h, --help              show this help

        examples:
          flowcli compare models/linear_gaussian.model --backends ensemble,smc --repeats 5 --reference -1.0619008583
          flowcli compare models/repressilator.model --steps 4000 --particles 2000 --reference -107.970 --report
        """
    }
    var spec: Arguments.Spec {
        Arguments.Spec(valued: FitSetup.valuedFlags.union(["backends", "repeats", "reference"]).union(BackendFactory.allFlags),
                       switches: ["quiet", "report"], repeatable: FitSetup.repeatableFlags)
    }

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("model file")
        let choices = try Self.backends(arguments)
        let repeats = try arguments.int("repeats", default: 1, range: 1...1000)
        let reference = try arguments.optionalDouble("reference", range: -1e300...1e300)
        let setup = try FitSetup.load(path: path, arguments: arguments)
        let dimension = setup.model.parameters.count
        var backends: [any InferenceBackend] = []
        for choice in choices { backends.append(try choice.make(arguments, dimension)) }
        let plan = ComparePlan(
            modelName: setup.model.name, modelFile: path, dataFile: setup.data.source, backends: choices.map(\.name),
            repeats: repeats, firstSeed: setup.seed, threads: setup.threads, maxEvaluations: setup.budget.maxEvaluations,
            maxSeconds: setup.budget.maxSeconds, tolerance: EvidenceConvergence.defaultTolerance, reference: reference,
            output: arguments.string("output") ?? "runs/\(setup.model.name)-compare")
        try Self.prepare(plan)

        let quiet = arguments.has("quiet")
        var runs: [CompareRun] = []
        let total = choices.count * repeats
        for (choice, backend) in zip(choices, backends) {
            for k in 1...repeats {
                let label = plan.label(backend: choice.name, repeat: k)
                let seed = plan.seed(repeat: k)
                if !quiet { printError("run \(runs.count + 1)/\(total) (\(label)): " + setup.announcement(backend: backend.name, seed: seed)) }
                let result = try setup.run(backend, seed: seed, progress: ProgressLine(quiet: quiet, label: label, budget: setup.budget))
                let directory = plan.output + "/" + label
                let document = RunDocument(result, context: setup.context)
                try RunWriter.write(document, result: result, to: directory)
                let run = CompareRun(document, trace: result.trace, backend: choice.name, repeatIndex: k,
                                     directory: directory, tolerance: plan.tolerance, reference: plan.reference)
                runs.append(run)
                try CompareFiles.write(plan: plan, runs: runs)
                if !quiet {
                    printError("\(label): log Z = \(CompareTable.pm(run.logEvidence, run.logEvidenceError)) (\(run.status.state.rawValue)), \(run.likelihoodEvaluations) evaluations, \(CompareTable.fixed(run.wallSeconds, 1)) s")
                }
            }
        }
        var text = CompareTable.text(plan: plan, runs: runs)
        text += "\n\nwrote \(plan.output)/compare.json, \(plan.output)/compare.csv and \(runs.count) run director\(runs.count == 1 ? "y" : "ies")"
        if arguments.has("report") {
            text += "\nwrote " + (try ReportStep.write(directory: plan.output, modelPath: path, quiet: quiet))
        }
        writeOut(text + "\n")
        return ExitStatus.of(runs.map(\.status))
    }

    /// The backends of `--backends`, each known and named once.
    static func backends(_ arguments: Arguments) throws(UsageError) -> [BackendChoice] {
        let names = arguments.string("backends").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingCharacters(in: " ")) }
        } ?? defaultBackends
        var choices: [BackendChoice] = []
        for name in names {
            guard !name.isEmpty else { throw UsageError("--backends: empty backend name in '\(arguments.string("backends") ?? "")'") }
            let choice: BackendChoice
            do { choice = try BackendFactory.choice(named: name) } catch {
                throw UsageError(error.message.replacingOccurrences(of: "--backend:", with: "--backends:"))
            }
            guard !choices.contains(where: { $0.name == name }) else { throw UsageError("--backends: '\(name)' given twice") }
            choices.append(choice)
        }
        let chosen = choices.reduce(into: Set<String>()) { $0.formUnion($1.flags) }
        for other in BackendFactory.backends where !choices.contains(where: { $0.name == other.name }) {
            for flag in other.flags.subtracting(chosen).sorted() where arguments.has(flag) {
                throw UsageError("--\(flag) applies to the \(other.name) backend, which --backends does not include")
            }
        }
        return choices
    }

    /// Creates the compare directory and refuses one that holds other runs
    /// (the report would show them beside the new ones).
    static func prepare(_ plan: ComparePlan) throws {
        try AtomicFile.prepareDirectory(plan.output)
        let fm = FileManager.default
        let planned = Set(plan.labels)
        let foreign = ((try? fm.contentsOfDirectory(atPath: plan.output)) ?? [])
            .filter { !planned.contains($0) && fm.fileExists(atPath: plan.output + "/" + $0 + "/summary.json") }
            .sorted(by: naturalOrder)
        guard foreign.isEmpty else {
            throw CLIError("output '\(plan.output)' already holds other run directories (\(foreign.joined(separator: ", "))); "
                           + "remove them or choose another --output")
        }
    }
}
