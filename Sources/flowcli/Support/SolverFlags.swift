import ODE

/// The solver flags shared by `simulate`, `loglik` and `fit`:
/// `--rtol X` (default 1e-6), `--atol X` (default 1e-8), `--max-steps N`
/// (default 100000 step attempts per solve).
enum SolverFlags {
    static let names: Set<String> = ["rtol", "atol", "max-steps"]

    /// Lines for a command's `--help`, descriptions starting at column `width + 2`.
    static func help(width: Int) -> String {
        func flag(_ f: String) -> String { "  " + f.padding(toLength: width, withPad: " ", startingAt: 0) }
        return [
            flag("--rtol X") + "relative tolerance of the Dormand-Prince 5(4) solver (default \(SolverOptions.defaultRelativeTolerance))",
            flag("--atol X") + "absolute tolerance (default \(SolverOptions.defaultAbsoluteTolerance))",
            flag("--max-steps N") + "step attempts per solve before it fails with maxStepsReached (default \(SolverOptions.defaultMaxSteps))",
        ].joined(separator: "\n")
    }

    /// The options given, validated (rtol ≥ 0 finite, atol > 0 finite, max steps ≥ 1).
    static func options(_ arguments: Arguments) throws(UsageError) -> SolverOptions {
        let options = SolverOptions(
            relativeTolerance: try arguments.double("rtol", default: SolverOptions.defaultRelativeTolerance, range: 0...1),
            absoluteTolerance: try arguments.positiveDouble("atol", default: SolverOptions.defaultAbsoluteTolerance),
            maxSteps: try arguments.int("max-steps", default: SolverOptions.defaultMaxSteps, range: 1...Int.max))
        do {
            try options.validate()
        } catch {
            throw UsageError("invalid solver options: \(error)")
        }
        return options
    }

    /// `rtol 1e-06, atol 1e-08, max steps 100000`.
    static func describe(_ options: SolverOptions) -> String {
        "Dormand-Prince 5(4), rtol \(options.relativeTolerance), atol \(options.absoluteTolerance), max steps \(options.maxSteps)"
    }
}
