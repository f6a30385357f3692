import Inference
import ODE

/// The solver flags shared by `check`, `simulate`, `loglik`, `fit`, `compare`
/// and `bench`: `--solver auto|dopri5|rodas4|rodas5p` (default auto),
/// `--rtol X` (default 1e-6), `--atol X` (default 1e-8), `--max-steps N`
/// (default 100000 step attempts per solve).
enum SolverFlags {
    static let names: Set<String> = ["solver", "rtol", "atol", "max-steps"]

    /// Lines for a command's `--help`, descriptions starting at column `width + 2`.
    static func help(width: Int) -> String {
        func flag(_ f: String) -> String { "  " + f.padding(toLength: width, withPad: " ", startingAt: 0) }
        let choices = SolverChoice.allCases.map(\.rawValue).joined(separator: "|")
        return [
            flag("--solver M") + "\(choices) (default auto: Dormand-Prince 5(4), switching a solve to "
                + "\(SolverChoice.autoStiffMethod.description) when it turns stiff)",
            flag("--rtol X") + "relative tolerance of the solver (default \(SolverOptions.defaultRelativeTolerance))",
            flag("--atol X") + "absolute tolerance (default \(SolverOptions.defaultAbsoluteTolerance))",
            flag("--max-steps N") + "step attempts per solve before it fails with maxStepsReached (default \(SolverOptions.defaultMaxSteps))",
        ].joined(separator: "\n")
    }

    /// The options given, validated (rtol ≥ 0 finite, atol > 0 finite, max steps ≥ 1, a known method).
    static func options(_ arguments: Arguments) throws(UsageError) -> SolverOptions {
        let options = SolverOptions(
            relativeTolerance: try arguments.double("rtol", default: SolverOptions.defaultRelativeTolerance, range: 0...1),
            absoluteTolerance: try arguments.positiveDouble("atol", default: SolverOptions.defaultAbsoluteTolerance),
            maxSteps: try arguments.int("max-steps", default: SolverOptions.defaultMaxSteps, range: 1...Int.max),
            method: try method(arguments))
        do {
            try options.validate()
        } catch {
            throw UsageError("invalid solver options: \(error)")
        }
        return options
    }

    /// `--solver`, default ``SolverChoice/auto``.
    static func method(_ arguments: Arguments) throws(UsageError) -> SolverChoice {
        guard let text = arguments.string("solver") else { return .auto }
        if let choice = SolverChoice(rawValue: text.lowercased()) { return choice }
        let names = SolverChoice.allCases.map(\.rawValue)
        let suggestion = Suggest.closest(to: text.lowercased(), among: names).map { "; did you mean '\($0)'?" } ?? ""
        throw UsageError("unknown solver '\(text)' for --solver (expected \(names.joined(separator: ", ")))\(suggestion)")
    }

    /// `auto (Dormand-Prince 5(4), Rodas5P once stiff), rtol 1e-06, atol 1e-08, max steps 100000`.
    static func describe(_ options: SolverOptions) -> String {
        RunDocument.Solver(options).text
    }
}
