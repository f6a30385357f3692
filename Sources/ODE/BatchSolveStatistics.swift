/// Aggregate counters of one batched solve (summed over all its problems).
///
/// `rhsEvaluations` counts right-hand-side evaluations done on behalf of a
/// problem (one per lane busy with a problem, per ``BatchODESystem/evaluate(t:y:dydt:laneCount:)``
/// call); `evaluateCalls × laneCount` is the work actually done, so
/// `rhsEvaluations / (evaluateCalls × laneCount)` is the lane utilisation.
public struct BatchSolveStatistics: Sendable, Hashable, Codable {
    /// Problems handed to the observer's `finish` (all problems of the range).
    public var problems = 0
    /// Problems integrated through the last output time.
    public var succeeded = 0
    /// Problems the observer stopped by returning `false`.
    public var stoppedByObserver = 0
    /// Failures with ``SolveFailureReason/maxStepsReached``.
    public var maxStepsReached = 0
    /// Failures with ``SolveFailureReason/stepSizeUnderflow``.
    public var stepSizeUnderflow = 0
    /// Failures with ``SolveFailureReason/nonFiniteState``.
    public var nonFiniteState = 0
    /// Accepted steps.
    public var acceptedSteps = 0
    /// Rejected step attempts (error test failed or non-finite trial values).
    public var rejectedSteps = 0
    /// Per-problem right-hand-side evaluations (see the type's documentation).
    public var rhsEvaluations = 0
    /// Calls of `system.evaluate` (each over all lanes).
    public var evaluateCalls = 0
    /// Problems the automatic choice moved from the explicit to the stiff method.
    public var stiffSwitches = 0
    /// Jacobian evaluations (calls of `evaluateJacobian`, each over all lanes);
    /// their finite-difference right-hand sides are counted in the two counters above.
    public var jacobianEvaluations = 0
    /// LU factorisations of the stiff method's matrix (per lane at work).
    public var factorizations = 0

    public init() {}

    /// All failures together.
    public var failed: Int { maxStepsReached + stepSizeUnderflow + nonFiniteState }

    /// Failures with the given reason.
    public func failures(_ reason: SolveFailureReason) -> Int {
        switch reason {
        case .maxStepsReached: return maxStepsReached
        case .stepSizeUnderflow: return stepSizeUnderflow
        case .nonFiniteState: return nonFiniteState
        }
    }

    /// Adds another solve's counters (e.g. to combine parallel chunks).
    public mutating func merge(_ other: BatchSolveStatistics) {
        problems += other.problems
        succeeded += other.succeeded
        stoppedByObserver += other.stoppedByObserver
        maxStepsReached += other.maxStepsReached
        stepSizeUnderflow += other.stepSizeUnderflow
        nonFiniteState += other.nonFiniteState
        acceptedSteps += other.acceptedSteps
        rejectedSteps += other.rejectedSteps
        rhsEvaluations += other.rhsEvaluations
        evaluateCalls += other.evaluateCalls
        stiffSwitches += other.stiffSwitches
        jacobianEvaluations += other.jacobianEvaluations
        factorizations += other.factorizations
    }

    mutating func count(_ outcome: SolveOutcome) {
        problems += 1
        switch outcome {
        case .success: succeeded += 1
        case .stoppedByObserver: stoppedByObserver += 1
        case .failure(let failure):
            switch failure.reason {
            case .maxStepsReached: maxStepsReached += 1
            case .stepSizeUnderflow: stepSizeUnderflow += 1
            case .nonFiniteState: nonFiniteState += 1
            }
        }
    }
}
