import Foundation
import Inference
import ModelDSL
import ODE

/// What `fit` and `compare` share: the model and its data, the solver
/// options, the posterior of the free parameters, the thread count and the
/// budget of one run — read from the common flags (`--seed`, `--threads`,
/// `--max-evals`, `--max-seconds`, `--data`, `--rtol`, `--atol`, `--max-steps`).
struct FitSetup {
    /// The flags `load` reads (plus `--output`, which each command interprets).
    static let valuedFlags: Set<String> = SolverFlags.names.union(["seed", "threads", "max-evals", "max-seconds", "output", "data"])

    let path: String
    let model: CheckedModel
    let data: DataSet
    let options: SolverOptions
    let posterior: Posterior
    let seed: UInt64
    let threads: Int
    /// The limits of each run.
    let budget: Budget

    /// Validates the common flags, loads the model and its data and builds the
    /// posterior. Usage errors come first, before any file is read.
    static func load(path: String, arguments: Arguments) throws -> FitSetup {
        let seed = try arguments.seed("seed") ?? 1
        let threads = try arguments.int("threads", default: Defaults.threads, range: 1...4096)
        let maxEvaluations = try arguments.optionalInt("max-evals", range: 1...Int.max)
        let maxSeconds = try arguments.optionalDouble("max-seconds", range: 1e-3...1e9)
        let options = try SolverFlags.options(arguments)

        let loaded = try ModelInput.load(path: path, dataPath: arguments.string("data"), need: .required)
        guard let data = loaded.data else { throw CLIError("no data") }
        let model = loaded.model
        guard !model.parameters.isEmpty else {
            throw CLIError("model '\(model.name)' has no free parameters (no prior statements): nothing to fit")
        }
        let likelihood: ModelLikelihood
        do { likelihood = try ModelLikelihood(model: model, data: data, options: options) } catch {
            throw CLIError("\(data.source): \(error)")
        }
        return FitSetup(path: path, model: model, data: data, options: options,
                        posterior: try Posterior(model: model, likelihood: likelihood), seed: seed, threads: threads,
                        budget: Budget(maxEvaluations: maxEvaluations, maxSeconds: maxSeconds, threads: threads))
    }

    /// `fitting NAME (P parameters, M measurements) with BACKEND, seed S, T threads; solver …`.
    func announcement(backend: String, seed: UInt64) -> String {
        "fitting \(model.name) (\(counted(model.parameters.count, "parameter")), \(counted(data.measurements.count, "measurement"))) with \(backend), seed \(seed), \(counted(threads, "thread")); solver \(SolverFlags.describe(options))"
    }

    /// Runs `backend` once; a sampler's refusal becomes a ``CLIError``.
    func run(_ backend: any InferenceBackend, seed: UInt64, progress: ProgressLine) throws -> InferenceResult {
        defer { progress.finish() }
        do {
            return try backend.run(posterior, seed: seed, budget: budget, progress: progress.sink)
        } catch {
            throw CLIError("the \(backend.name) sampler failed: \(error)")
        }
    }

    /// Runs a resumable backend stage by stage, writing `directory/checkpoint.plist`
    /// by `policy` and when a SIGINT/SIGTERM arrives (then it stops after the
    /// current stage and returns the partial result with the signal). A
    /// finished run removes its checkpoint.
    func runResumable<Backend: ResumableBackend>(
        _ backend: Backend, arguments: [String], directory: String, resume: Bool, policy: CheckpointPolicy,
        progress: ProgressLine
    ) throws -> (InferenceResult, Int32?) {
        defer { progress.finish() }
        var state: Backend.State
        var steps = 0
        if resume {
            let checkpoint = try Checkpoint<Backend.State>.read(from: directory)
            guard checkpoint.backend == backend.name else {
                throw CLIError("the checkpoint in '\(directory)' is of the \(checkpoint.backend) backend, not \(backend.name)")
            }
            state = checkpoint.state
            steps = checkpoint.steps
        } else {
            do { state = try backend.start(posterior, seed: seed, budget: budget) } catch {
                throw CLIError("the \(backend.name) sampler failed: \(error)")
            }
        }
        func save() throws {
            try Checkpoint(version: Checkpoint<Backend.State>.formatVersion, flowcliVersion: FlowCLI.version,
                           backend: backend.name, arguments: arguments, steps: steps, state: state).write(to: directory)
        }
        Interruption.install()
        defer { Interruption.uninstall() }
        var lastSave = Date()
        while true {
            let done: Bool
            do { done = try backend.step(&state, posterior: posterior, budget: budget, progress: progress.sink) } catch {
                throw CLIError("the \(backend.name) sampler failed: \(error)")
            }
            steps += 1
            if done { break }
            if let signal = Interruption.requested {
                try save()
                return (backend.finish(state, posterior: posterior, budget: budget), signal)
            }
            if steps % policy.everyStages == 0 || Date().timeIntervalSince(lastSave) >= policy.everySeconds {
                try save()
                lastSave = Date()
            }
        }
        try? FileManager.default.removeItem(atPath: Checkpoint<Backend.State>.path(in: directory))
        return (backend.finish(state, posterior: posterior, budget: budget), nil)
    }

    /// Provenance recorded in a run directory.
    var context: RunContext {
        RunContext(
            version: FlowCLI.version, modelFile: path, modelName: model.name, dataFile: data.source,
            solver: options, threads: threads, extra: [("budget", budgetJSON)])
    }

    var budgetJSON: JSONValue {
        .object([("max_evaluations", budget.maxEvaluations.map { .int($0) } ?? .null),
                 ("max_seconds", budget.maxSeconds.map { .number($0) } ?? .null)])
    }
}
