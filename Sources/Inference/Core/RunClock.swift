import Dispatch

/// Wall-clock and evaluation accounting of one run against its ``Budget``:
/// the one budget rule every sampler follows.
///
/// Samplers ask ``refusal(forNext:ledger:)`` *before* every batched likelihood
/// call, so a run never exceeds `maxEvaluations` (it stops one batch short
/// instead), and stops at the first batch boundary after `maxSeconds`.
/// `elapsedBefore` carries time spent in earlier sessions of a resumed run.
public struct RunClock: Sendable {
    public let budget: Budget
    private let start: UInt64
    private let elapsedBefore: Double

    public init(budget: Budget = Budget(), elapsedBefore: Double = 0) {
        self.budget = budget
        self.elapsedBefore = elapsedBefore
        start = DispatchTime.now().uptimeNanoseconds
    }

    /// Seconds since the run started (earlier sessions included).
    public var seconds: Double { elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Which limit forbids a batch of `count` more evaluations now, or nil if it may start.
    public func refusal(forNext count: Int, ledger: EvaluationLedger) -> BudgetLimit? {
        budget.refusal(forNext: count, evaluations: ledger.evaluations, seconds: seconds)
    }
}

extension Budget {
    /// Which limit forbids `count` more evaluations after `evaluations` spent in `seconds`, or nil.
    public func refusal(forNext count: Int, evaluations: Int, seconds: Double) -> BudgetLimit? {
        if let m = maxEvaluations, evaluations + count > m { return .evaluations(m) }
        if let s = maxSeconds, seconds >= s { return .seconds(s) }
        return nil
    }
}
