/// The method-specific half of a batched solve: what one attempted step
/// computes and how a step is interpolated. ``LaneRun`` owns everything else
/// (lanes, problems, limits, error test, step-size control, output, failures),
/// so the explicit and the Rosenbrock solvers share it.
///
/// An attempt works on every lane whose `hStep` is positive (the active
/// lanes; others have `hStep = 0` and their values are ignored): from `y` at
/// `t` it writes the candidate `yNew` at `t + hStep` and the lane's squared
/// scaled error sum `errSq` (see ``StepKernels/squaredErrors(into:error:y0:y1:h:absoluteTolerance:relativeTolerance:stateCount:laneCount:)``).
protocol LaneStepper: ~Copyable {
    associatedtype System: BatchODESystem

    /// `q` of the automatic first step `h ∝ (0.01/‖f′‖)^(1/(q+1))`: the lower
    /// of the method's two orders.
    var initialStepOrder: Int { get }

    /// Lane `lane` starts (or resumes) with `f(t₀, y₀)` in lane `lane` of
    /// `derivative` (SoA, like `y`).
    mutating func laneStarted(_ lane: Int, derivative: UnsafeMutablePointer<Double>, workspace ws: borrowing LaneWorkspace)

    /// One attempt on all active lanes.
    mutating func attempt(
        workspace ws: borrowing LaneWorkspace, system: inout System, activeLanes: Int,
        tolerances: ErrorTolerances, statistics: inout BatchSolveStatistics)

    /// The state at `t₀ + θ·h` inside lane `lane`'s attempted step (`t₀ = t`,
    /// `h = hStep`), written contiguously to `ws.output`.
    func interpolate(lane: Int, theta: Double, h: Double, workspace ws: borrowing LaneWorkspace)

    /// Lane `lane`'s attempt was accepted and `y` now holds its end state.
    /// - Returns: `true` if the lane should hand its problem to a stiff method.
    mutating func laneAccepted(_ lane: Int, step h: Double, workspace ws: borrowing LaneWorkspace) -> Bool
}

/// The tolerances of the error test.
struct ErrorTolerances {
    var relative: Double
    var absolute: Double
}

extension BatchSolveStatistics {
    /// One `evaluate` call over all lanes, counted: `lanesAtWork` lanes are
    /// busy with a problem.
    @inline(__always)
    mutating func evaluate<S: BatchODESystem>(
        _ system: inout S, t: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>,
        into dydt: UnsafeMutablePointer<Double>, laneCount: Int, lanesAtWork: Int
    ) {
        system.evaluate(t: t, y: y, dydt: dydt, laneCount: laneCount)
        evaluateCalls += 1
        rhsEvaluations += lanesAtWork
    }
}
