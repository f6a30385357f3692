import Foundation
import Inference
import ModelDSL
import ODE

/// `flowcli fit MODEL …`: posterior samples and log-evidence of a model's
/// free parameters given its data, written to a run directory.
struct FitCommand: Command {
    let name = "fit"
    let summary = "sample the posterior and estimate the log-evidence; write the run directory"
    let usage = "flowcli fit MODEL [--backend NAME] [--seed N] [--threads N] [--max-evals N] [--max-seconds S] [--output DIR] [--report] [--quiet] [OPTIONS]"
    var details: String {
        """
        Builds the posterior p(θ | data) ∝ p(θ) L(θ) of the model's free parameters (priors from the
        model, likelihood from its observables' noise models and the data), runs the sampler, writes
        the run directory (each file written atomically: summary.json, samples.csv,
        samples_equal.csv, trace.csv) and prints a summary: status, log Z ± standard error with its
        estimator and reliability, ESS, likelihood evaluations, time, failed solves by reason, each
        parameter's median and 90% interval, and the modes found. Progress goes to stderr. Exit
        status 3 if the run never reached the posterior, 4 if it reached it but ended "not
        converged" (its own convergence diagnostics failed).

        options:
          --backend NAME          the sampler (default \(BackendFactory.defaultBackend)):
        \(BackendFactory.backends.map { "                            \($0.name): \($0.summary)" }.joined(separator: "\n"))
          --seed N                random seed; same seed and threads give the same samples (default 1)
          --threads N             threads for likelihoods and training (default: all cores, here \(Defaults.threads))
          --max-evals N           stop after about N likelihood evaluations (default: no limit)
          --max-seconds S         stop after about S seconds of wall time (default: no limit)
          --output DIR            run directory (default runs/<model name>); existing files are replaced
          --quiet                 no progress on stderr
          --report                \(ReportStep.help)
          --data FILE             measurement file replacing the model's data "…"
          --guess nominal         flow backend: its first mode search also climbs from this point (the
          --guess NAME=VALUE      nominal values, else prior medians; NAME=VALUE, repeatable, sets
                                  one), e.g. a published optimum; modes only it reached are marked
                                  "from --guess only". The posterior is unchanged
          --checkpoint-every N    flow backend: write DIR/checkpoint.plist every N stages (default 20) …
          --checkpoint-seconds S  … or every S seconds (default 60), and on SIGINT/SIGTERM
          --resume DIR            continue the interrupted run in DIR with the arguments it was started
                                  with; it ends with the result a straight run gives
        \(SolverFlags.help(width: 24))
          -h, --help              show this help

        \(BackendFactory.backends.map { "\($0.name) backend options:\n\($0.help)" }.joined(separator: "\n\n"))

        examples:
          flowcli fit models/repressilator.model
          flowcli fit models/linear_gaussian.model --samples-per-stage 500 --seed 3 --output runs/lg
          flowcli fit models/repressilator.model --backend ensemble --walkers 64 --steps 2000 --report
          flowcli fit models/lotka_volterra.model --backend smc --particles 2000
        """
    }
    var spec: Arguments.Spec {
        Arguments.Spec(valued: FitSetup.valuedFlags.union(["backend", "resume", "checkpoint-every", "checkpoint-seconds"])
                        .union(BackendFactory.allFlags),
                       switches: ["quiet", "report"], repeatable: FitSetup.repeatableFlags)
    }

    func run(_ arguments: Arguments) throws -> ExitStatus {
        guard let directory = arguments.string("resume") else { return try execute(arguments, resumeFrom: nil) }
        let others = arguments.raw.filter { !["--resume", directory, "--quiet", "--resume=\(directory)"].contains($0) }
        guard others.isEmpty else {
            throw UsageError("--resume takes only the run directory (and --quiet): the run continues with the arguments it was started with")
        }
        let checkpoint = try Checkpoint.read(from: directory)
        var recorded = checkpoint.arguments
        if arguments.has("quiet") && !recorded.contains("--quiet") { recorded.append("--quiet") }
        let saved: Arguments
        do { saved = try Arguments(recorded, spec: spec) } catch {
            throw Checkpoint.damaged(Checkpoint.path(in: directory),
                                     because: "the fit arguments it records are not valid (\(error.message))")
        }
        guard saved.string("resume") == nil else {
            throw Checkpoint.damaged(Checkpoint.path(in: directory), because: "the fit arguments it records contain --resume")
        }
        return try execute(saved, resumeFrom: (directory, checkpoint))
    }

    private func execute(_ arguments: Arguments, resumeFrom: (directory: String, checkpoint: Checkpoint)?) throws -> ExitStatus {
        let path = try arguments.singlePositional("model file")
        let choice = try BackendFactory.choice(named: arguments.string("backend") ?? BackendFactory.defaultBackend)
        let setup = try FitSetup.load(path: path, arguments: arguments)
        let output = resumeFrom?.directory ?? arguments.string("output") ?? "runs/\(setup.model.name)"
        let backend = try BackendFactory.make(choice, arguments: arguments, dimension: setup.model.parameters.count)
        let policy = CheckpointPolicy(everyStages: try arguments.int("checkpoint-every", default: 20, range: 1...1_000_000),
                                      everySeconds: try arguments.double("checkpoint-seconds", default: 60, range: 0.001...1e9))
        let created = try AtomicFile.prepareDirectory(output)
        do {
            return try execute(arguments, setup: setup, backend: backend, policy: policy, output: output,
                               resumeFrom: resumeFrom, path: path)
        } catch {
            AtomicFile.removeIfCreatedAndEmpty(output, created: created)
            throw error
        }
    }

    private func execute(
        _ arguments: Arguments, setup: FitSetup, backend: any InferenceBackend, policy: CheckpointPolicy,
        output: String, resumeFrom: (directory: String, checkpoint: Checkpoint)?, path: String
    ) throws -> ExitStatus {
        let quiet = arguments.has("quiet")
        if !quiet {
            printError((resumeFrom == nil ? "" : "resuming \(output): ") + setup.announcement(backend: backend.name, seed: setup.seed))
        }
        let progress = ProgressLine(quiet: quiet, budget: setup.budget)
        let result: InferenceResult
        var interruptedBy: Int32?
        if let resumable = backend as? any CheckpointableBackend {
            (result, interruptedBy) = try setup.runResumable(resumable, arguments: arguments.raw, directory: output,
                                                             resume: resumeFrom?.checkpoint, policy: policy, progress: progress)
        } else {
            guard resumeFrom == nil else { throw CLIError("the \(backend.name) backend cannot resume a run") }
            result = try setup.run(backend, seed: setup.seed, progress: progress)
        }
        let document = RunDocument(result, context: setup.context, interruptedBy: interruptedBy)
        try RunWriter.write(document, result: result, to: output)
        let text = FitSummary.text(document, output: output)
        if let signal = interruptedBy {
            writeOut(text + "\n")
            printError("interrupted by \(RunDocument.Status.signalName(signal)) after \(result.ledger.evaluations) likelihood "
                       + "evaluations; wrote the partial run and \(output)/checkpoint.plist\n"
                       + "resume with: flowcli fit --resume \(output)")
            return .interrupted
        }
        var report = ""
        if arguments.has("report") {
            let run = ReportRun(document: document, result: result, directory: output)
            report = "\nwrote " + (try ReportStep.write(ReportInput(run: run), modelPath: path, quiet: quiet))
        }
        writeOut(text + report + "\n")
        return ExitStatus.of([document.status])
    }
}
