import Foundation
import Inference
import ModelDSL
import ODE

/// `flowcli loglik MODEL --param … [--data FILE] [--breakdown]`: the
/// log-likelihood and log-prior at one point.
struct LoglikCommand: Command {
    let name = "loglik"
    let summary = "log-likelihood and log-prior at one parameter point (natural units), with the failure reason if -inf"
    let usage = "flowcli loglik MODEL [--param NAME=VALUE ...] [--data FILE] [--breakdown]"
    var details: String {
        """
        Prints, one per line: log_likelihood, log_prior (Σ log p_j(x_j), densities in natural units),
        log_posterior (their sum, unnormalised), and, when log L = -inf, the failure reason
        (maxStepsReached, stepSizeUnderflow, nonFiniteState, nonFinitePrediction, invalidNoise,
        nonPositivePrediction, densityUnderflow, steadyStateNotReached) with where it happened; then the
        data, the solver, and solver_error: |log L − log L solved again at rtol/100 and atol/100|, the
        solver's share of the error in log L. Unless --rtol or --atol is given, log L is reported at the
        loosest tolerances (the defaults, then divided by 100 at a time, down to rtol 1e-12) whose
        solver_error is at most 0.0001, and the value at the defaults (what fit evaluates) follows
        it; a warning when the reported value's solver_error is above 0.001.
        MODEL may be a model file, an SBML file or a PEtab problem (problem.yaml). Parameters not set take
        their nominal value, else their prior median (listed on stderr).

        options:
          --param NAME=VALUE   set a free parameter (natural units); repeatable
          --data FILE          measurement file replacing the model's data "…"
          --breakdown          then print a CSV block of every measurement's contribution:
                               line,observable,time,measurement,prediction,sd,log_density,failure
        \(SolverFlags.help(width: 21))
          -h, --help           show this help

        example:
          flowcli loglik models/repressilator.model --param n=2.5 --breakdown
        """
    }
    let spec = Arguments.Spec(valued: SolverFlags.names.union(["data"]), switches: ["breakdown"], repeatable: ["param"])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("model file")
        let assignments = try arguments.assignments("param")
        let options = try SolverFlags.options(arguments)
        let loaded = try ModelInput.load(path: path, dataPath: arguments.string("data"), need: .required)
        guard let data = loaded.data else { throw CLIError("no data") }
        let model = loaded.model
        let point = try ParameterPoint(model: model, assignments: assignments)
        if let note = point.note { printError(note) }
        let likelihood = try Self.likelihood(model: model, data: data, options: options)
        let batch = try likelihood.logLikelihoods([point.values])
        let logL = batch.logLikelihoods[0]
        let logPrior = try Self.logPrior(model, point.values)

        // The tolerances log L is reported at: the requested ones, or tighter
        // ones where the solver's error at those is above Accuracy.target.
        let accuracy = logL.isFinite
            ? try Accuracy.assess(model: model, data: data, options: options, point: point.values, logL: logL,
                                  refine: !(arguments.has("rtol") || arguments.has("atol")))
            : nil
        let reported = accuracy?.reported ?? Accuracy.Level(options: options, logL: logL)
        var lines = [
            "log_likelihood: \(formatNumber(reported.logL))",
            "log_prior: \(formatNumber(logPrior))",
            "log_posterior: \(formatNumber(reported.logL + logPrior)) (unnormalised)",
        ]
        // One more solve, only when its per-measurement detail is needed.
        let wantsDetail = arguments.has("breakdown") || batch.failureReasons[0] != nil
        let breakdown = wantsDetail
            ? try (reported.options == options ? likelihood : Self.likelihood(model: model, data: data, options: reported.options))
                .breakdown(parameters: point.values)
            : nil
        if let reason = batch.failureReasons[0], let breakdown {
            lines.append("failure: \(reason.rawValue): \(Self.explain(reason, breakdown, data: data, model: model))")
        }
        if logPrior == -.infinity {
            let outside = model.parameters.indices.filter { (try? Prior(model.parameters[$0].prior).logDensity(point.values[$0])) == -.infinity }
            lines.append("note: outside the prior support: " + outside.map { "\(model.parameters[$0].name)=\(formatNumber(point.values[$0]))" }.joined(separator: ", "))
        }
        lines.append("measurements: \(data.measurements.count) in \(data.source)")
        if let accuracy {
            lines.append(contentsOf: accuracy.lines)
            accuracy.messages.forEach(printError)
        } else {
            lines.append("solver: \(SolverFlags.describe(options))")
        }
        if let breakdown, arguments.has("breakdown") {
            lines.append("")
            lines.append("line,observable,time,measurement,prediction,sd,log_density,failure")
            for c in breakdown.contributions {
                let m = data.measurements[c.measurement]
                lines.append([String(m.line), model.observables[m.observable].name, formatNumber(m.time),
                              formatNumber(m.value), formatNumber(c.prediction), formatNumber(c.sd),
                              formatNumber(c.logDensity), c.failure?.rawValue ?? ""].joined(separator: ","))
            }
        }
        writeOut(lines.joined(separator: "\n") + "\n")
        return .success
    }

    /// The compiled likelihood; a setup error names the data file.
    static func likelihood(model: CheckedModel, data: DataSet, options: SolverOptions) throws -> ModelLikelihood {
        do { return try ModelLikelihood(model: model, data: data, options: options) } catch {
            throw CLIError("\(data.source): \(error)")
        }
    }

    /// Σ log p_j(x_j) in natural units.
    static func logPrior(_ model: CheckedModel, _ x: [Double]) throws -> Double {
        var sum = 0.0
        for (p, v) in zip(model.parameters, x) {
            do { sum += try Prior(p.prior).logDensity(v) } catch { throw CLIError("prior of '\(p.name)': \(error)") }
        }
        return sum
    }

    /// Where a −∞ came from: the solver's message, or the first failing measurement.
    static func explain(_ reason: LikelihoodFailureReason, _ b: LikelihoodBreakdown, data: DataSet, model: CheckedModel) -> String {
        let experiment = b.failedExperiment.map { e -> String in
            guard e.condition != nil || e.preequilibration != nil else { return "" }
            return " (condition '\(e.condition.map { model.conditions[$0].name } ?? "model values")'"
                + (e.preequilibration.map { ", pre-equilibrated under '\(model.conditions[$0].name)'" } ?? "") + ")"
        } ?? ""
        if b.steadyStateFailure, let e = b.failedExperiment, let p = e.preequilibration {
            return "pre-equilibration under condition '\(model.conditions[p].name)' did not reach a steady state: "
                + (b.solveFailure.map { "\($0)" } ?? "‖dx/dt‖ was still large at the horizon (about 1e9 time units)")
        }
        if let f = b.solveFailure { return "\(f)\(experiment)" }
        guard let c = b.contributions.first(where: { $0.failure != nil }) else { return "see --breakdown" }
        let m = data.measurements[c.measurement]
        return "observable '\(model.observables[m.observable].name)' at t = \(formatNumber(m.time)) (\(data.source) line \(m.line)): prediction \(formatNumber(c.prediction)), sd \(formatNumber(c.sd)), measurement \(formatNumber(m.value))"
    }
}
