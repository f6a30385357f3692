import Foundation
import ModelDSL
import ODE

/// `flowcli bench [MODEL]`: the cost of one log-likelihood evaluation, for the
/// compiled evaluators against a hand-written right-hand side.
struct BenchCommand: Command {
    static let defaultModel = "models/repressilator.model"
    static let defaultEvaluations = 400

    let name = "bench"
    let summary = "measure the cost of a log-likelihood evaluation (evaluators, solver methods, hand-written RHS; 1 thread and all cores)"
    let usage = "flowcli bench [MODEL] [--solver M] [--points prior|nominal] [--evaluations N] [--threads N] [--repetitions N] [--seed N] [--data FILE] [--no-flows]"
    var details: String {
        """
        Draws N parameter points from the model's priors (seeded), or takes the nominal point N
        times (--points nominal: the cost of one simulation, as simulator benchmarks report it),
        and times the log-likelihood of all of them. For the repressilator: a hand-written Swift
        right-hand side (the yardstick), the compiled bytecode (with and without the vectorised
        pow), closures and the tree walker, on 1 thread and on --threads, the bytecode with each
        stiff method (rodas4, rodas5p), then a lane-count sweep of the bytecode. For any other
        model: the bytecode with --solver (1 thread and --threads) and with each stiff method.
        Each configuration is warmed up, then the rounds run interleaved and each row keeps its
        fastest round. Columns: wall and CPU microseconds per evaluation, CPU time relative to the
        hand-written RHS in the same run, RHS evaluations and step attempts per solve (RHS counts
        include finite-difference Jacobians), the share of solves auto moved to the stiff method,
        lane utilisation, and -inf count. Solver: --solver (default auto), rtol 1e-6, atol 1e-8.
        Build with -c release for meaningful numbers. Then, unless --no-flows, the flow backend's other cost:
        one 200-step Adam fit and one density evaluation of the global and of a mode flow (the
        default shapes, d = the model's free parameters), on 1 thread and on --threads.

        arguments:
          MODEL              default \(Self.defaultModel)

        options:
          --solver M         auto|dopri5|rodas4|rodas5p for the main rows (default auto)
          --points P         prior (seeded draws, default) or nominal (the nominal point N times)
          --evaluations N    parameter points per configuration (default \(Self.defaultEvaluations))
          --threads N        threads of the multi-threaded rows (default: all cores, here \(Defaults.threads))
          --repetitions N    interleaved timing rounds; each row keeps its best (default 5)
          --seed N           seed of the prior draws (default 1)
          --data FILE        measurement file replacing the model's data "…"
          --no-flows         skip the flow training rows
          -h, --help         show this help
        """
    }
    let spec = Arguments.Spec(valued: ["evaluations", "threads", "repetitions", "seed", "data", "solver", "points"],
                              switches: ["no-flows"])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        guard arguments.positional.count <= 1 else {
            throw UsageError("expected at most one model file, got \(arguments.positional.count) arguments: \(arguments.positional.joined(separator: " "))")
        }
        let path = arguments.positional.first ?? Self.defaultModel
        let evaluations = try arguments.int("evaluations", default: Self.defaultEvaluations, range: 1...10_000_000)
        let threads = try arguments.int("threads", default: Defaults.threads, range: 1...4096)
        let repetitions = try arguments.int("repetitions", default: 5, range: 1...1000)
        let seed = try arguments.seed("seed") ?? 1
        let method = try SolverFlags.method(arguments)
        let points = arguments.string("points") ?? "prior"
        guard points == "prior" || points == "nominal" else {
            throw UsageError("--points must be 'prior' or 'nominal', got '\(points)'")
        }
        let loaded = try ModelInput.load(path: path, dataPath: arguments.string("data"), need: .required)
        guard let data = loaded.data else { throw CLIError("no data") }
        printError("benchmarking \(path): \(evaluations) points, \(repetitions) rounds, 1 and \(counted(threads, "thread")) …")
        let report = try runLikelihoodBenchmark(model: loaded.model, data: data, threads: threads,
                                                evaluations: evaluations, repetitions: repetitions, seed: seed,
                                                method: method, nominal: points == "nominal")
        writeOut(report.description + "\n")
        if !arguments.has("no-flows") {
            let flows = try runTrainingBenchmark(dimension: loaded.model.parameters.count, threads: threads,
                                                 rounds: min(repetitions, 3), seed: seed)
            writeOut("\n" + flows.description + "\n")
        }
        return .success
    }
}

/// Defaults that depend on the machine.
enum Defaults {
    /// All cores the process may use.
    static var threads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
