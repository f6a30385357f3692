import Inference
import ModelDSL
import ODE

/// `flowcli check MODEL [--data FILE]`: parses and validates a model (and its
/// data) and prints what the front end understood.
struct CheckCommand: Command {
    let name = "check"
    let summary = "parse and validate a model and its data; print the canonical model, ODEs, priors, observables, data summary"
    let usage = "flowcli check MODEL [--data FILE] [--solver M] [--rtol X] [--atol X] [--max-steps N]"
    let details = """
        Reads MODEL, checks it (names, reactions, rules, priors, observables, data rows) and prints:
        the canonical model text, the ODE system (one line per species), the free parameters with
        their priors and nominal values, the observables with their noise models, the solver and
        the Jacobian it would use (non-zero entries; columns left to finite differences), the data
        summary (rows and time range per observable) and the warnings. Errors are printed to stderr as
        file:line:col: error: … with the offending line and a caret, and the exit status is 1.

        options:
          --data FILE     PEtab-style measurement file (observableId,time,measurement) replacing
                          the model's data "…" statement (path relative to the working directory)
        \(SolverFlags.help(width: 14))
          -h, --help      show this help

        MODEL may be a model file, an SBML file or a PEtab problem (problem.yaml, see docs/petab.md).

        example:
          flowcli check models/repressilator.model
        """
    let spec = Arguments.Spec(valued: SolverFlags.names.union(["data"]), switches: [])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("model file")
        let options = try SolverFlags.options(arguments)
        let loaded = try ModelInput.load(path: path, dataPath: arguments.string("data"), need: .optional, showWarnings: false)
        let model = loaded.model
        // What the samplers and the likelihood will refuse later, refused now.
        for p in model.parameters {
            do { _ = try Prior(p.prior) } catch { throw CLIError("prior of '\(p.name)': \(error)") }
        }
        if let data = loaded.data {
            do { _ = try ModelLikelihood(model: model, data: data, options: options) } catch {
                throw CLIError("\(data.source): \(error)")
            }
        }

        var out: [String] = ["# canonical model", loaded.ast.canonicalText.trimmingSuffixNewlines(), ""]
        out.append("# ODE system (\(model.species.count) species)")
        for (line, species) in zip(model.describeODESystem(), model.species) {
            out.append("\(line)    [\(species.name)(0) = \(model.describe(species.initialValue))]")
        }
        out.append("")
        out.append("# free parameters (\(model.parameters.count))")
        for p in model.parameters {
            let nominal = p.nominal.map { "  nominal \(formatNumber($0))" } ?? "  (no nominal value: simulate/loglik use the prior median)"
            out.append("\(p.name) ~ \(model.describe(p.prior))\(nominal)")
        }
        if !model.constants.isEmpty {
            out.append("")
            out.append("# constants (\(model.constants.count))")
            for c in model.constants { out.append("\(c.name) = \(formatNumber(c.value))") }
        }
        out.append("")
        out.append("# observables (\(model.observables.count))")
        for o in model.observables { out.append(model.describe(o)) }
        if !model.conditions.isEmpty {
            out.append("")
            out.append("# conditions (\(model.conditions.count))")
            for c in model.conditions { out.append(model.describe(c)) }
        }
        out.append("")
        out += try solverSummary(model, options: options)
        out.append("")
        out += dataSummary(loaded)
        out.append("")
        out.append("# warnings (\(loaded.warnings.count))")
        for w in loaded.warnings { out.append(w.description) }
        out.append("")
        let measurements = loaded.data.map { "\($0.measurements.count) measurements" } ?? "no data"
        out.append("ok: model \(model.name): \(model.species.count) species, \(counted(model.parameters.count, "free parameter")), \(counted(model.observables.count, "observable")), \(measurements)")
        writeOut(out.joined(separator: "\n") + "\n")
        return .success
    }

    /// The solver settings and the Jacobian the stiff method would use.
    private func solverSummary(_ model: CheckedModel, options: SolverOptions) throws -> [String] {
        let jacobian: SymbolicJacobian
        do { jacobian = try SymbolicJacobian(model: model) } catch { throw CLIError("cannot compile the model: \(error)") }
        let n = model.species.count
        var lines = ["# solver: \(SolverFlags.describe(options))"]
        var text = "Jacobian (for the stiff method): \(jacobian.nonZeroCount) of \(n * n) entries non-zero"
        if jacobian.finiteDifferenceColumns.isEmpty {
            text += ", all differentiated symbolically"
        } else {
            let names = jacobian.finiteDifferenceColumns.map { model.species[$0].name }
            text += "; by finite differences (no symbolic derivative, e.g. of factorial): d/d" + names.joined(separator: ", d/d")
        }
        lines.append(text)
        let timeText = jacobian.finiteDifferenceTime ? "by finite differences"
            : jacobian.timeRows.isEmpty ? "none (autonomous)" : "\(jacobian.timeRows.count) non-zero, symbolic"
        lines.append("time derivative: \(timeText)")
        return lines
    }

    /// Rows and time range per observable.
    private func dataSummary(_ loaded: LoadedModel) -> [String] {
        guard let data = loaded.data else {
            return ["# data: none (give --data FILE, or a data \"…\" statement, to fit or compute likelihoods)"]
        }
        var lines = ["# data: \(data.source) (\(data.measurements.count) rows, \(data.times.count) distinct times)"]
        let experiments = data.experiments
        if experiments.count > 1 || experiments.first != Experiment() {
            let names = experiments.map { e -> String in
                let condition = e.condition.map { loaded.model.conditions[$0].name } ?? "(model values)"
                let pre = e.preequilibration.map { " after \(loaded.model.conditions[$0].name) at steady state" } ?? ""
                let rows = data.measurements.filter { $0.experiment == e }.count
                return "\(condition)\(pre): \(rows) rows"
            }
            lines.append("experiments (\(experiments.count), one simulation each): " + names.joined(separator: "; "))
        }
        for (k, o) in loaded.model.observables.enumerated() {
            let times = data.measurements.filter { $0.observable == k }.map(\.time)
            if let lo = times.min(), let hi = times.max() {
                lines.append("\(o.name): \(times.count) rows, t in [\(formatNumber(lo)), \(formatNumber(hi))]")
            } else {
                lines.append("\(o.name): no rows")
            }
        }
        return lines
    }
}

extension String {
    /// The text without its trailing newlines.
    func trimmingSuffixNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
