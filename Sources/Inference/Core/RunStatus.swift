/// How a run ended.
public enum RunStatus: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The stopping criterion was met (e.g. log Ẑ standard error below tolerance).
    case converged
    /// β reached 1 but the evidence had not converged when a limit was reached.
    case budgetExhausted(BudgetLimit)
    /// The run could not reach β = 1 within its budget.
    case stalled(beta: Double, evaluations: Int)
    /// Interrupted (signal); a checkpoint may allow resuming.
    case interrupted
    /// β reached 1 and the sampler ran to its end, but its own convergence
    /// diagnostics failed (see the estimate's failed checks); `stepsNeeded`
    /// is the sampler's estimate of the total steps a converged run needs,
    /// if it can make one.
    case notConverged(stepsNeeded: Int?)

    public var description: String {
        switch self {
        case .converged: return "converged"
        case .budgetExhausted(let limit): return "budget exhausted (\(limit)) before the evidence converged"
        case let .stalled(beta, evaluations):
            return "stalled at β = \(BudgetLimit.shortNumber(beta)) after \(evaluations) evaluations"
        case .interrupted: return "interrupted"
        case .notConverged(let steps?): return "not converged: about \(steps) steps needed"
        case .notConverged(nil): return "not converged: the sampler's diagnostics failed"
        }
    }

    /// A short machine-readable name: `converged`, `budget_exhausted`, `stalled`, `interrupted`, `not_converged`.
    public var state: String {
        switch self {
        case .converged: return "converged"
        case .budgetExhausted: return "budget_exhausted"
        case .stalled: return "stalled"
        case .interrupted: return "interrupted"
        case .notConverged: return "not_converged"
        }
    }

    /// Whether an evidence estimate from this run may be reported as final.
    public var reachedPosterior: Bool {
        switch self {
        case .converged, .budgetExhausted, .notConverged: return true
        case .stalled, .interrupted: return false
        }
    }
}

/// Which limit of a run was reached.
public enum BudgetLimit: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The likelihood-evaluation budget (`--max-evals`).
    case evaluations(Int)
    /// The wall-clock budget in seconds (`--max-seconds`).
    case seconds(Double)
    /// A sampler's own cap on stages or iterations.
    case stages(Int)

    public var description: String {
        switch self {
        case .evaluations(let n): return "\(n) likelihood evaluations"
        case .seconds(let s): return "\(Self.shortNumber(s)) seconds"
        case .stages(let n): return "\(n) stages"
        }
    }

    /// `%.4g`-style text without Foundation.
    static func shortNumber(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "\(x)" }
        let magnitude = x.magnitude
        if magnitude >= 1e-3 && magnitude < 1e6 {
            let scale = 10000.0
            let rounded = (x * scale).rounded() / scale
            return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
        }
        return "\(x)"
    }
}
