import Foundation
import ModelDSL
import ODE

/// `flowcli simulate` for a model with conditions: one simulation per
/// experiment (a condition, optionally after pre-equilibration), written as
/// one table with the experiment in its first columns.
struct ExperimentOutput {
    struct Run {
        var experiment: Experiment
        var times: [Double]
        /// Per observable: its placeholder values in this experiment (nil when
        /// its measurements disagree or there are none).
        var placeholders: [[DataSet.PlaceholderValue]?]
    }

    var runs: [Run]
    var preequilibrates: Bool
    var notes: [String]

    /// The experiments to simulate, or nil for a model without conditions
    /// whose data (if any) is one plain experiment (the usual table).
    static func plan(loaded: LoadedModel, times requested: [Double]?) -> ExperimentOutput? {
        let model = loaded.model
        let experiments = loaded.data?.experiments ?? []
        guard !model.conditions.isEmpty || experiments.contains(where: { $0 != Experiment() }) else { return nil }
        var runs: [Run] = []
        var notes: [String] = []
        let chosen = experiments.isEmpty ? model.conditions.indices.map { Experiment(condition: $0) } : experiments
        for e in chosen {
            let rows = loaded.data?.measurements.filter { $0.experiment == e } ?? []
            let times = requested ?? Array(Set(rows.map(\.time))).sorted()
            var placeholders: [[DataSet.PlaceholderValue]?] = []
            for (o, observable) in model.observables.enumerated() {
                guard !observable.placeholders.isEmpty else { placeholders.append([]); continue }
                let values = Set(rows.filter { $0.observable == o }.map { $0.observableParameters + $0.noiseParameters })
                if values.count == 1 {
                    placeholders.append(values.first)
                } else {
                    placeholders.append(nil)
                    notes.append("observable '\(observable.name)' in \(label(e, model)): \(values.isEmpty ? "no measurements give" : "its measurements give different") placeholder values; its predictions are nan")
                }
            }
            if !times.isEmpty { runs.append(Run(experiment: e, times: times, placeholders: placeholders)) }
        }
        return ExperimentOutput(runs: runs, preequilibrates: chosen.contains { $0.preequilibration != nil }, notes: notes)
    }

    static func label(_ e: Experiment, _ model: CheckedModel) -> String {
        let condition = e.condition.map { "condition '\(model.conditions[$0].name)'" } ?? "the model's own values"
        return condition + (e.preequilibration.map { " after pre-equilibration under '\(model.conditions[$0].name)'" } ?? "")
    }

    /// The CSV text: wide (`condition[,preequilibration],time,<species>,<observables>`)
    /// or PEtab long (`observableId,simulationConditionId[,preequilibrationConditionId],time,measurement`).
    /// With a noise seed, experiment k uses seed + k.
    func run(model: CheckedModel, point: ParameterPoint, options: SolverOptions, seed: UInt64?, petab: Bool) throws -> String {
        for note in notes { printError("note: \(note)") }
        let simulator: ModelSimulator
        do { simulator = try ModelSimulator(model: model, options: options) } catch { throw CLIError("\(error)") }
        let name = { (c: Int?) in c.map { model.conditions[$0].name } ?? "" }
        var out: String
        if petab {
            out = "observableId,simulationConditionId" + (preequilibrates ? ",preequilibrationConditionId" : "") + ",time,measurement\n"
        } else {
            out = (["condition"] + (preequilibrates ? ["preequilibration"] : []) + ["time"] + model.species.map(\.name)
                   + model.observables.map(\.name)).joined(separator: ",") + "\n"
        }
        for (k, run) in runs.enumerated() {
            let simulation: Simulation
            switch try simulator.simulate(parameters: point.values, times: run.times, experiment: run.experiment,
                                          placeholders: run.placeholders) {
            case .success(let s): simulation = s
            case .failure(let f):
                throw CLIError("the simulation of \(Self.label(run.experiment, model)) failed: \(f) (\(SolverFlags.describe(options)))")
            }
            let observed = try seed.map { s throws(CLIError) in
                try MeasurementNoise.apply(to: simulation, model: model, seed: s &+ UInt64(k), skippingNaN: true)
            } ?? simulation.observables
            let lead = [name(run.experiment.condition)] + (preequilibrates ? [name(run.experiment.preequilibration)] : [])
            if petab {
                for (o, observable) in model.observables.enumerated() where run.placeholders[o] != nil {
                    for t in simulation.times.indices {
                        out += ([observable.name] + lead + [formatNumber(simulation.times[t]), formatNumber(observed[t][o])])
                            .joined(separator: ",") + "\n"
                    }
                }
            } else {
                for t in simulation.times.indices {
                    let numbers = [simulation.times[t]] + simulation.states[t] + observed[t]
                    out += (lead + numbers.map(formatNumber)).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }
}
