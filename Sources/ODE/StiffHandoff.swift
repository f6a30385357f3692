/// A problem the explicit method hands to the stiff one mid-solve: where it
/// is, what it has delivered, and what it has spent.
struct StiffHandoff: Sendable {
    var problem: Int
    var time: Double
    /// The explicit method's next step size, the stiff method's first.
    var step: Double
    /// Index of the next output time to record.
    var nextOutput: Int
    /// Step attempts, accepted and rejected steps so far (the budget is shared).
    var attempts: Int
    var accepted: Int
    var rejected: Int
    var state: [Double]
}

extension LaneRun where Stepper: ~Copyable {
    /// Takes the lane's problem out of this run, recording where it stands;
    /// the lane becomes idle without an outcome (the stiff run reports it).
    mutating func handOff(lane: Int) {
        var state = [Double](repeating: 0, count: ws.stateCount)
        for i in 0..<ws.stateCount { state[i] = ws.y[i * ws.laneCount + lane] }
        handoffs.append(StiffHandoff(
            problem: ws.problem[lane], time: ws.t[lane], step: ws.h[lane], nextOutput: ws.nextOutput[lane],
            attempts: ws.attempts[lane], accepted: ws.accepted[lane], rejected: ws.rejected[lane], state: state))
        statistics.stiffSwitches += 1
        ws.status[lane] = LaneWorkspace.idle
        ws.hStep[lane] = 0
        busyLanes -= 1
    }

    /// Binds a handed-off problem to `lane` (the system's `load` binds its
    /// parameters; the state is the one handed over) and marks the lane
    /// `starting` with its carried step size.
    mutating func resume<System: BatchODESystem>(_ handoff: StiffHandoff, lane: Int, system: inout System) {
        let n = ws.stateCount
        system.load(problem: handoff.problem, lane: lane, initialState: ws.output)
        for i in 0..<n { ws.y[i * ws.laneCount + lane] = handoff.state[i] }
        ws.t[lane] = handoff.time
        ws.h[lane] = handoff.step
        ws.problem[lane] = handoff.problem
        ws.attempts[lane] = handoff.attempts
        ws.accepted[lane] = handoff.accepted
        ws.rejected[lane] = handoff.rejected
        ws.afterReject[lane] = 0
        ws.nonFiniteReject[lane] = 0
        ws.logErrorMemory[lane] = 0
        ws.nextOutput[lane] = handoff.nextOutput
        ws.resumed[lane] = 1
        ws.status[lane] = LaneWorkspace.starting
        busyLanes += 1
    }
}
