import Inference

/// A subcommand of `flowcli` (`check`, `simulate`, `loglik`, `fit`, `compare`, `report`, `bench`).
///
/// The dispatcher (``FlowCLI``) handles `--help`, parses the arguments with
/// ``spec`` and maps errors to exit statuses: a ``UsageError`` is status 2, a
/// ``CLIError`` or a model's ``ModelErrors`` status 1. `run` returns the
/// status of a run that completed (0, or 3 for a fit that never reached the
/// posterior).
protocol Command: Sendable {
    /// The word after `flowcli`.
    var name: String { get }
    /// One line for `flowcli --help`.
    var summary: String { get }
    /// The synopsis, e.g. `flowcli check MODEL [--data FILE]`.
    var usage: String { get }
    /// What follows the synopsis in `--help`: description, options with their defaults, examples.
    var details: String { get }
    /// The flags the command accepts (`help` is added by the dispatcher).
    var spec: Arguments.Spec { get }
    /// Runs the command; returns its exit status.
    func run(_ arguments: Arguments) throws -> ExitStatus
}

extension Command {
    /// The full `--help` text.
    var help: String {
        "usage: \(usage)\n\n\(summary)\n\n\(details)"
    }
}

/// The process exit statuses of every command.
enum ExitStatus: Int32 {
    /// The exit status of runs that ended with `statuses`: 3 if one never
    /// reached the posterior, else 4 if one did not converge, else 0.
    static func of(_ statuses: [RunStatus]) -> ExitStatus {
        if statuses.contains(where: { !$0.reachedPosterior }) { return .notConverged }
        if statuses.contains(where: { if case .notConverged = $0 { return true } else { return false } }) {
            return .diagnosticsFailed
        }
        return .success
    }

    /// The command did what was asked.
    case success = 0
    /// A runtime error: unreadable or invalid model or data, I/O failure.
    case failure = 1
    /// A usage error: unknown flag or command, bad or missing value.
    case usage = 2
    /// `fit` (or some run of `compare`) finished and wrote its outputs, but never reached the posterior
    /// (β < 1): the evidence in them is not an estimate.
    case notConverged = 3
    /// `fit` (or some run of `compare`) reached the posterior but the sampler's own convergence
    /// diagnostics failed (status `not_converged`, e.g. ensemble chains shorter than 50 τ): the
    /// evidence is an estimate, but not a reliable one.
    case diagnosticsFailed = 4
    /// `fit` was stopped by SIGINT or SIGTERM after writing a checkpoint
    /// (128 + SIGINT, the shell's convention).
    case interrupted = 130
}
