import Foundation
import Inference
import ModelDSL
import ODE

/// `flowcli simulate MODEL …`: one trajectory as CSV on stdout, optionally
/// with seeded measurement noise (how the project makes synthetic data).
struct SimulateCommand: Command {
    let name = "simulate"
    let summary = "integrate the model at one parameter point; CSV of time, species and observables on stdout"
    let usage = "flowcli simulate MODEL [--param NAME=VALUE ...] [--times T0:T1:DT] [--data FILE] [--noise-seed N [--petab]]"
    var details: String {
        """
        Writes a CSV table to stdout: a header `time,<species…>,<observables…>`, then one row per
        output time. Free parameters not set with --param take their nominal value (`a1 = 60` in
        the model) if the model gives one, else their prior median; the values used are listed on
        stderr. The solve starts at min(0, first time) from the species' initial values.
        A model with conditions (e.g. a PEtab problem.yaml) is simulated once per experiment of its
        data (each declared condition with --times and no data): the table gains a first column
        `condition` (and `preequilibration` when some experiment pre-equilibrates), and an
        observable with placeholders takes the values its measurements in that experiment give.

        options:
          --param NAME=VALUE   set a free parameter (natural units); repeatable
          --times T0:T1:DT     output times T0, T0+DT, …, T1 (or a list: 0,1,2.5,10); default: the
                               distinct times of the data (an error if there is neither)
          --data FILE          measurement file replacing the model's data "…" (for its times)
          --noise-seed N       add seeded measurement noise to the observables from their noise
                               models: Normal y = μ + sd·z, LogNormal y = μ·exp(sd·z), z ~ N(0, 1)
          --petab              write PEtab long format `observableId,time,measurement` (one row per
                               observable and time, grouped by observable) instead of the wide table
        \(SolverFlags.help(width: 21))
          -h, --help           show this help

        examples:
          flowcli simulate models/repressilator.model --times 0:40:0.5 > trajectory.csv
          flowcli simulate models/goodwin.model --times 0:100:4 --noise-seed 7 --petab > goodwin.csv
        """
    }
    let spec = Arguments.Spec(
        valued: SolverFlags.names.union(["times", "data", "noise-seed"]), switches: ["petab"], repeatable: ["param"])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("model file")
        let assignments = try arguments.assignments("param")
        let options = try SolverFlags.options(arguments)
        let requested = try arguments.string("times").map { text throws(UsageError) in try TimeGrid.parse(text) }
        let seed = try arguments.seed("noise-seed")
        let dataPath = arguments.string("data")
        let loaded = try ModelInput.load(path: path, dataPath: dataPath,
                                         need: requested != nil && dataPath == nil ? .skip : .optional)
        let model = loaded.model
        guard let times = requested ?? loaded.data?.times else {
            throw UsageError("no output times: give --times T0:T1:DT, or data (a data \"…\" statement or --data FILE)")
        }
        guard !times.isEmpty else { throw UsageError("no output times") }
        let point = try ParameterPoint(model: model, assignments: assignments)
        if let note = point.note { printError(note) }
        if let plan = ExperimentOutput.plan(loaded: loaded, times: requested) {
            writeOut(try plan.run(model: model, point: point, options: options, seed: seed, petab: arguments.has("petab")))
            return .success
        }

        let simulator: ModelSimulator
        do { simulator = try ModelSimulator(model: model, options: options) } catch { throw CLIError("\(error)") }
        let simulation: Simulation
        switch try simulator.simulate(parameters: point.values, times: times) {
        case .success(let s): simulation = s
        case .failure(let f): throw CLIError("the solve failed: \(f) (\(SolverFlags.describe(options)))")
        }
        let observed = try seed.map { s throws(CLIError) in try MeasurementNoise.apply(to: simulation, model: model, seed: s) }
            ?? simulation.observables
        if arguments.has("petab") {
            writeOut(Self.longTable(simulation, observed: observed, model: model))
        } else {
            writeOut(Self.wideTable(simulation, observed: observed, model: model))
        }
        return .success
    }

    /// `time,<species>,<observables>` and one row per time.
    static func wideTable(_ s: Simulation, observed: [[Double]], model: CheckedModel) -> String {
        var out = (["time"] + model.species.map(\.name) + model.observables.map(\.name)).joined(separator: ",") + "\n"
        for k in s.times.indices {
            let row = [s.times[k]] + s.states[k] + observed[k]
            out += row.map(formatNumber).joined(separator: ",") + "\n"
        }
        return out
    }

    /// PEtab long format, grouped by observable, then time.
    static func longTable(_ s: Simulation, observed: [[Double]], model: CheckedModel) -> String {
        var out = "observableId,time,measurement\n"
        for (o, observable) in model.observables.enumerated() {
            for k in s.times.indices {
                out += "\(observable.name),\(formatNumber(s.times[k])),\(formatNumber(observed[k][o]))\n"
            }
        }
        return out
    }
}
