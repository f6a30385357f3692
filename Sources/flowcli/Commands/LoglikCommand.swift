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
        solver's share of the error in log L (a warning when it is above 0.001).
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

        var lines = [
            "log_likelihood: \(formatNumber(logL))",
            "log_prior: \(formatNumber(logPrior))",
            "log_posterior: \(formatNumber(logL + logPrior)) (unnormalised)",
        ]
        // One more solve, only when its per-measurement detail is needed.
        let wantsDetail = arguments.has("breakdown") || batch.failureReasons[0] != nil
        let breakdown = wantsDetail ? try likelihood.breakdown(parameters: point.values) : nil
        if let reason = batch.failureReasons[0], let breakdown {
            lines.append("failure: \(reason.rawValue): \(Self.explain(reason, breakdown, data: data, model: model))")
        }
        if logPrior == -.infinity {
            let outside = model.parameters.indices.filter { (try? Prior(model.parameters[$0].prior).logDensity(point.values[$0])) == -.infinity }
            lines.append("note: outside the prior support: " + outside.map { "\(model.parameters[$0].name)=\(formatNumber(point.values[$0]))" }.joined(separator: ", "))
        }
        lines.append("measurements: \(data.measurements.count) in \(data.source)")
        lines.append("solver: \(SolverFlags.describe(options))")
        if logL.isFinite {
            let check = try Self.toleranceCheck(model: model, data: data, options: options, point: point.values, logL: logL)
            lines.append(check.line)
            if let warning = check.warning { printError(warning) }
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

    /// The solver's share of the error in log L: the same point solved again
    /// with both tolerances divided by ``toleranceCheckFactor``. For a method
    /// of order ≥ 4 the tighter solve's own error is at least 30 times
    /// smaller, so the difference estimates the error of `logL`. Warns when it
    /// exceeds ``toleranceWarning`` nats, the accuracy a reported value is
    /// expected to have (reference log-likelihoods are compared at 1e-3).
    static func toleranceCheck(model: CheckedModel, data: DataSet, options: SolverOptions, point: [Double],
                               logL: Double) throws -> (line: String, warning: String?) {
        var tight = options
        tight.relativeTolerance /= toleranceCheckFactor
        tight.absoluteTolerance /= toleranceCheckFactor
        let tolerances = "rtol \(formatNumber(tight.relativeTolerance)), atol \(formatNumber(tight.absoluteTolerance))"
        let batch = try likelihood(model: model, data: data, options: tight).logLikelihoods([point])
        let refined = batch.logLikelihoods[0]
        guard refined.isFinite else {
            let reason = batch.failureReasons[0]?.rawValue ?? "failed"
            return ("solver_error: unknown (the check at \(tolerances) failed: \(reason))",
                    "warning: the check of the solver's error at \(tolerances) failed (\(reason)); log L is unchecked")
        }
        let difference = abs(refined - logL)
        let line = "solver_error: \(formatNumber(difference)) (log L = \(formatNumber(refined)) at \(tolerances))"
        guard difference > toleranceWarning else { return (line, nil) }
        let flags = "--rtol \(formatNumber(tight.relativeTolerance)) --atol \(formatNumber(tight.absoluteTolerance))"
        return (line, "warning: at these solver tolerances log L is accurate to about \(String(format: "%.2g", difference)) "
                + "only (\(formatNumber(refined)) with \(flags)); pass \(flags) for a more accurate value")
    }
    static let toleranceCheckFactor = 100.0

    /// The compiled likelihood; a setup error names the data file.
    static func likelihood(model: CheckedModel, data: DataSet, options: SolverOptions) throws -> ModelLikelihood {
        do { return try ModelLikelihood(model: model, data: data, options: options) } catch {
            throw CLIError("\(data.source): \(error)")
        }
    }
    static let toleranceWarning = 1e-3

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
