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
    /// Flags that may be given more than once: `--guess nominal` or `--guess name=value` (see ``guesses(model:arguments:)``).
    static let repeatableFlags: Set<String> = ["guess"]

    let path: String
    /// The model file's text (hashed into a checkpoint's provenance).
    let modelText: String
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
        var posterior = try Posterior(model: model, likelihood: likelihood)
        posterior.guesses = try guesses(model: model, arguments: arguments)
        return FitSetup(path: path, modelText: loaded.source.text, model: model, data: data, options: options,
                        posterior: posterior, seed: seed, threads: threads,
                        budget: Budget(maxEvaluations: maxEvaluations, maxSeconds: maxSeconds, threads: threads))
    }

    /// The user's guess of a good point, from `--guess nominal` (every free
    /// parameter at its nominal value, else its prior median) and/or
    /// `--guess name=value` (that value, the others as for `nominal`): one point
    /// the flow backend's first mode search climbs from (``Posterior/guesses``).
    /// A value outside its prior's support is a usage error.
    static func guesses(model: CheckedModel, arguments: Arguments) throws -> [[Double]] {
        guard !arguments.all("guess").isEmpty else { return [] }
        let point = try ParameterPoint(model: model, assignments: try arguments.assignments("guess", ignoring: ["nominal"]),
                                       flag: "guess")
        for (p, value) in zip(model.parameters, point.values) {
            let prior = try Prior(p.prior)
            let support = prior.support
            guard prior.admits(value) else {
                throw UsageError("--guess: \(p.name) = \(formatNumber(value)) lies outside its prior's support "
                                 + "[\(String(format: "%.6g", support.lowerBound)), \(String(format: "%.6g", support.upperBound))]")
            }
        }
        return [point.values]
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
            throw CLIError(SamplerFailure.message(backend: backend.name, error))
        }
    }

    /// Runs a resumable backend stage by stage, writing `directory/checkpoint.plist`
    /// by `policy` and when a SIGINT/SIGTERM arrives (then it stops after the
    /// current stage and returns the partial result with the signal). A
    /// finished run removes its checkpoint. With `checkpoint`, the run
    /// continues from it — only if it was made from these very inputs
    /// (``Provenance``) and its state is whole and consistent.
    func runResumable<Backend: CheckpointableBackend>(
        _ backend: Backend, arguments: [String], directory: String, resume checkpoint: Checkpoint?, policy: CheckpointPolicy,
        progress: ProgressLine
    ) throws -> (InferenceResult, Int32?) {
        defer { progress.finish() }
        let provenance = self.provenance(backend)
        var state: Backend.State
        var steps = 0
        if let checkpoint {
            state = try resumedState(checkpoint, backend: backend, provenance: provenance, directory: directory)
            steps = checkpoint.steps
        } else {
            do { state = try backend.start(posterior, seed: seed, budget: budget) } catch {
                throw CLIError("the \(backend.name) sampler cannot start: \(UserMessage.describe(error))")
            }
        }
        func save() throws {
            try Checkpoint(backend: backend.name, arguments: arguments, steps: steps, provenance: provenance, state: state)
                .write(to: directory)
        }
        Interruption.install()
        defer { Interruption.uninstall() }
        var lastSave = Date()
        var lastSaveDuration = 0.0
        while true {
            let done: Bool
            do { done = try backend.step(&state, posterior: posterior, budget: budget, progress: progress.sink) } catch {
                throw CLIError(SamplerFailure.message(backend: backend.name, error))
            }
            steps += 1
            if done { break }
            if let signal = Interruption.requested {
                try save()
                return (backend.finish(state, posterior: posterior, budget: budget), signal)
            }
            if policy.isDue(steps: steps, sinceLastSave: Date().timeIntervalSince(lastSave), lastSaveDuration: lastSaveDuration) {
                let started = Date()
                try save()
                lastSave = Date()
                lastSaveDuration = lastSave.timeIntervalSince(started)
            }
        }
        try? FileManager.default.removeItem(atPath: Checkpoint.path(in: directory))
        return (backend.finish(state, posterior: posterior, budget: budget), nil)
    }

    /// The state of `checkpoint`, refused (in words) when it was made from
    /// other inputs, by another backend or flowcli, or is damaged or inconsistent.
    private func resumedState<Backend: CheckpointableBackend>(
        _ checkpoint: Checkpoint, backend: Backend, provenance: Provenance, directory: String
    ) throws -> Backend.State {
        let path = Checkpoint.path(in: directory)
        var changes: [String] = []
        if checkpoint.flowcliVersion != FlowCLI.version {
            changes.append("the checkpoint was written by flowcli \(checkpoint.flowcliVersion); this is flowcli \(FlowCLI.version)")
        }
        if checkpoint.backend != backend.name {
            changes.append("the checkpoint is of the \(checkpoint.backend) backend, not \(backend.name)")
        }
        changes += checkpoint.provenance.differences(from: provenance)
        guard changes.isEmpty else {
            throw CLIError("cannot resume the run in '\(directory)': " + changes.joined(separator: "; ")
                           + ". A checkpoint continues only the run it was made from: restore what changed, or start "
                           + "a new run (flowcli fit MODEL … --output DIR)")
        }
        guard checkpoint.steps >= 0 else { throw Checkpoint.damaged(path, because: "its step count is negative") }
        let state = try checkpoint.decodeState(Backend.State.self, path: path)
        do { try backend.validate(state, posterior: posterior) } catch {
            throw Checkpoint.damaged(path, because: "its sampler state is inconsistent (\(UserMessage.describe(error)))")
        }
        return state
    }

    /// What a checkpoint of this setup records: hashes of the model text, the
    /// data file and the settings in force, and the free parameters.
    func provenance(_ backend: any InferenceBackend) -> Provenance {
        struct Settings: Encodable {
            var backend: String
            var settings: JSONValue
            var solver: RunDocument.Solver
            var maxEvaluations: Int?
            var maxSeconds: Double?
            var seed: String
            var threads: Int
            var guesses: [[Double]]
        }
        let settings = Settings(backend: backend.name, settings: backend.settings, solver: context.solver,
                                maxEvaluations: budget.maxEvaluations, maxSeconds: budget.maxSeconds,
                                seed: String(seed), threads: threads, guesses: posterior.guesses)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let settingsHash = (try? encoder.encode(settings)).map { SHA256.hex($0) } ?? "unencodable"
        let dataBytes = FileManager.default.contents(atPath: data.source)
        return Provenance(modelFile: path, modelHash: SHA256.hex(modelText), dataFile: data.source,
                          dataHash: dataBytes.map { SHA256.hex($0) } ?? "unreadable",
                          parameters: model.parameters.map(\.name), settingsHash: settingsHash)
    }

    /// Provenance recorded in a run directory.
    var context: RunContext {
        RunContext(
            version: FlowCLI.version, modelFile: path, modelName: model.name, dataFile: data.source,
            solver: RunDocument.Solver(options), threads: threads, budget: budget)
    }
}
