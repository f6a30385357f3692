import Foundation
import ModelDSL
import ODE

extension LoglikCommand {
    /// The solver's share of the error in log L, and the loosest tolerances
    /// that bring it under ``target``.
    ///
    /// A value solved at tolerances T is checked by solving again at T/100
    /// (``factor``): for a method of order ≥ 4 the tighter solve's own error is
    /// at least 30 times smaller, so |log L(T) − log L(T/100)| estimates the
    /// error of log L(T). With `refine`, while that estimate exceeds
    /// ``target`` the tighter value is checked in turn (T/100 against
    /// T/10⁴, …) until one passes or rtol would fall below ``floor``; the
    /// reported value is the loosest one that passed, so it comes with its
    /// own check. Without `refine` (the user chose the tolerances) the value
    /// at T is reported with its check. Cost: one solve per level, at most
    /// four for the default rtol 1e-6.
    struct Accuracy {
        struct Level {
            var options: SolverOptions
            var logL: Double
        }

        /// The value reported and its tolerances.
        var reported: Level
        /// The check of `reported`: a finite value at tighter tolerances, or the failure reason.
        var check: Result<Level, CheckFailure>
        /// The value at the tolerances asked for, when `reported` is a refinement of it.
        var requested: Level?

        struct CheckFailure: Error {
            var options: SolverOptions
            var reason: String
        }

        static let factor = 100.0
        /// The accuracy a refined value is brought to (nats).
        static let target = 1e-4
        /// A warning above this (nats): reference log-likelihoods are compared at 1e-3.
        static let warningThreshold = 1e-3
        /// The tightest relative tolerance a refinement goes to.
        static let floor = 1e-12

        /// |log L(reported) − log L(check)|, the estimated error of the reported value (nil: the check failed).
        var error: Double? {
            guard case .success(let tight) = check else { return nil }
            return abs(tight.logL - reported.logL)
        }

        /// How far the value at the requested tolerances is from the reported one (nil: not refined).
        var refinement: Double? { requested.map { abs($0.logL - reported.logL) } }

        static func assess(model: CheckedModel, data: DataSet, options: SolverOptions, point: [Double],
                           logL: Double, refine: Bool) throws -> Accuracy {
            let first = Level(options: options, logL: logL)
            var current = first
            while true {
                var tight = current.options
                tight.relativeTolerance /= factor
                tight.absoluteTolerance /= factor
                let batch = try likelihood(model: model, data: data, options: tight).logLikelihoods([point])
                let value = batch.logLikelihoods[0]
                guard value.isFinite else {
                    let failure = CheckFailure(options: tight, reason: batch.failureReasons[0]?.rawValue ?? "failed")
                    return Accuracy(reported: current, check: .failure(failure), requested: current.options == options ? nil : first)
                }
                let next = Level(options: tight, logL: value)
                let passes = abs(value - current.logL) <= target
                let canRefine = refine && tight.relativeTolerance / factor >= floor * (1 - 1e-9)
                if passes || !canRefine {
                    return Accuracy(reported: current, check: .success(next), requested: current.options == options ? nil : first)
                }
                current = next
            }
        }

        static func tolerances(_ o: SolverOptions) -> String {
            "rtol \(formatNumber(o.relativeTolerance)), atol \(formatNumber(o.absoluteTolerance))"
        }

        static func flags(_ o: SolverOptions) -> String {
            "--rtol \(formatNumber(o.relativeTolerance)) --atol \(formatNumber(o.absoluteTolerance))"
        }

        /// `solver:`, `solver_error:` and, after a refinement, `at_default_tolerances:`.
        var lines: [String] {
            var out = ["solver: \(SolverFlags.describe(reported.options))"]
            switch check {
            case .success(let tight):
                out.append("solver_error: \(formatNumber(error ?? .nan)) (log L = \(formatNumber(tight.logL)) at \(Self.tolerances(tight.options)))")
            case .failure(let f):
                out.append("solver_error: unknown (the check at \(Self.tolerances(f.options)) failed: \(f.reason))")
            }
            if let requested, let refinement {
                out.append("at_default_tolerances: \(formatNumber(requested.logL)) (\(Self.tolerances(requested.options)), "
                           + "what fit evaluates; \(String(format: "%.2g", refinement)) from the value above)")
            }
            return out
        }

        /// Notes and warnings for stderr.
        var messages: [String] {
            var out: [String] = []
            if let requested, let refinement {
                out.append("note: at \(Self.tolerances(requested.options)) the solver's error in log L was "
                           + "\(String(format: "%.2g", refinement)); log L is reported at "
                           + "\(Self.tolerances(reported.options)), where it is checked to \(Self.target) (pass "
                           + "\(Self.flags(requested.options)) for the value at those tolerances)")
            }
            switch check {
            case .success(let tight):
                if let difference = error, difference > Self.warningThreshold {
                    out.append("warning: at these solver tolerances log L is accurate to about \(String(format: "%.2g", difference)) "
                               + "only (\(formatNumber(tight.logL)) with \(Self.flags(tight.options))); pass \(Self.flags(tight.options)) "
                               + "for a more accurate value")
                }
            case .failure(let f):
                out.append("warning: the check of the solver's error at \(Self.tolerances(f.options)) failed (\(f.reason)); log L is unchecked")
            }
            return out
        }
    }
}
