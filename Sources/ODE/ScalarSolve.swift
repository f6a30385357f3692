/// Integrates one problem `dy/dt = rhs(t, y)` and returns its states at
/// `outputTimes` with the method of `options.method` (see ``ODESolver``; the
/// stiff method differentiates `rhs` by finite differences) and the error
/// control, dense output and failure rules of ``BatchSolver``: a batch of one lane.
///
/// - Parameters:
///   - rhs: writes `f(t, y)` (`initialState.count` values) to its third argument.
///   - outputTimes: non-decreasing, finite, `≥ startTime`; the last is the end time.
/// - Returns: the trajectory, or the ``SolveFailure`` that stopped the solve.
/// - Throws: ``SolverConfigurationError`` for invalid options, an empty
///   initial state or invalid times.
public func solve(
    _ rhs: (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
    initialState: [Double],
    startTime: Double,
    outputTimes: [Double],
    options: SolverOptions = .init()
) throws(SolverConfigurationError) -> Result<Trajectory, SolveFailure> {
    guard !initialState.isEmpty else { throw .invalidStateCount(0) }
    let solver = ODESolver(options: options, laneCount: 1)
    var observer = TrajectoryObserver(stateCount: initialState.count, outputCount: outputTimes.count)
    let statistics = try withoutActuallyEscaping(rhs) { (escapable) throws(SolverConfigurationError) in
        var system = ClosureSystem(rhs: escapable, initialState: initialState)
        return try solver.solve(system: &system, problems: 0..<1, startTime: startTime,
                                outputTimes: outputTimes, observer: &observer)
    }
    switch observer.outcome {
    case .failure(let failure)?:
        return .failure(failure)
    default:
        return .success(Trajectory(
            times: outputTimes, states: observer.states, stateCount: initialState.count,
            acceptedSteps: statistics.acceptedSteps, rejectedSteps: statistics.rejectedSteps,
            rhsEvaluations: statistics.rhsEvaluations))
    }
}

/// A one-lane system around a closure.
struct ClosureSystem: BatchODESystem {
    let rhs: (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    let initialState: [Double]
    var stateCount: Int { initialState.count }

    func load(problem: Int, lane: Int, initialState state: UnsafeMutablePointer<Double>) {
        for (i, value) in initialState.enumerated() { state[i] = value }
    }

    func evaluate(t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>,
                  laneCount: Int) {
        // Solved with one lane, so the SoA layout is the plain contiguous state.
        rhs(t[0], y, dydt)
    }
}

/// Collects one problem's outputs into a row-major array.
struct TrajectoryObserver: BatchSolveObserver {
    let stateCount: Int
    var states: [Double]
    var outcome: SolveOutcome?

    init(stateCount: Int, outputCount: Int) {
        self.stateCount = stateCount
        states = []
        states.reserveCapacity(stateCount * outputCount)
    }

    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool {
        states.append(contentsOf: UnsafeBufferPointer(start: state, count: stateCount))
        return true
    }

    mutating func finish(problem: Int, outcome: SolveOutcome) {
        self.outcome = outcome
    }
}
