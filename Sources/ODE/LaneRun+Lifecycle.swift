import Foundation

/// Loading problems into lanes, choosing their first step, and finishing them.
extension LaneRun where Stepper: ~Copyable {
    /// Loads problems into idle lanes until every lane is busy or no problem
    /// is left (handed-off problems to resume first, then fresh ones), then
    /// initialises the new lanes together. Problems that end without a step
    /// (all outputs at `startTime`, stopped by the observer, non-finite
    /// initial state or derivative) are finished and replaced.
    mutating func fillLanes<Observer: BatchSolveObserver>(system: inout Stepper.System, observer: inout Observer) {
        while hasPendingProblems {
            var started = 0
            for lane in 0..<ws.laneCount where ws.status[lane] == LaneWorkspace.idle {
                if nextResume < resumeQueue.count {
                    resume(resumeQueue[nextResume], lane: lane, system: &system)
                    nextResume += 1
                    started += 1
                    continue
                }
                while nextProblem < problemEnd {
                    let problem = nextProblem
                    nextProblem += 1
                    if start(problem: problem, lane: lane, system: &system, observer: &observer) {
                        started += 1
                        break
                    }
                }
            }
            if started == 0 { return }
            // Another round only if some new lane failed at once and problems remain.
            if !initialiseStartingLanes(count: started, system: &system, observer: &observer) { return }
        }
    }

    /// Binds `problem` to `lane` and records outputs at `startTime`.
    /// - Returns: `true` if the lane now needs integrating (status `starting`).
    mutating func start<Observer: BatchSolveObserver>(
        problem: Int, lane: Int, system: inout Stepper.System, observer: inout Observer
    ) -> Bool {
        let n = ws.stateCount
        let state = ws.output
        state.update(repeating: 0, count: n)
        system.load(problem: problem, lane: lane, initialState: state)
        for i in 0..<n where !state[i].isFinite {
            finishUnstarted(problem: problem, observer: &observer, outcome: .failure(
                SolveFailure(reason: .nonFiniteState, time: startTime, steps: 0)))
            return false
        }
        for i in 0..<n { ws.y[i * ws.laneCount + lane] = state[i] }
        ws.t[lane] = startTime
        ws.problem[lane] = problem
        ws.attempts[lane] = 0
        ws.accepted[lane] = 0
        ws.rejected[lane] = 0
        ws.afterReject[lane] = 0
        ws.nonFiniteReject[lane] = 0
        ws.logErrorMemory[lane] = 0
        ws.resumed[lane] = 0

        var index = 0
        while index < outputTimes.count, outputTimes[index] == startTime {
            guard observer.record(problem: problem, timeIndex: index, time: startTime, state: state) else {
                finishUnstarted(problem: problem, observer: &observer, outcome: .stoppedByObserver)
                return false
            }
            index += 1
        }
        if index == outputTimes.count {
            finishUnstarted(problem: problem, observer: &observer, outcome: .success(steps: 0, rejected: 0))
            return false
        }
        ws.nextOutput[lane] = index
        ws.status[lane] = LaneWorkspace.starting
        busyLanes += 1
        return true
    }

    /// Evaluates `f(t₀, y₀)` for the `starting` lanes (handed to the stepper,
    /// e.g. as the first stage) and picks their first step: the carried step
    /// of a resumed lane, else `options.initialStep`, else Hairer,
    /// Nørsett & Wanner's algorithm (I, II.4) with weights `sc = atol + rtol·|y₀|`:
    ///
    ///     d₀ = ‖y₀‖, d₁ = ‖f₀‖, h₀ = 0.01·d₀/d₁ (1e-6 if either < 1e-5),
    ///     d₂ = ‖f(t₀ + h₀, y₀ + h₀f₀) − f₀‖ / h₀,
    ///     h₁ = (0.01 / max(d₁, d₂))^(1/(q+1))  (max(1e-6, 1e-3·h₀) if that max ≤ 1e-15),
    ///     h = min(100·h₀, h₁, maxStepSize).
    ///
    /// Cost: one or two `evaluate` calls for all starting lanes together.
    /// - Returns: `true` if some lane failed (non-finite derivative).
    mutating func initialiseStartingLanes<Observer: BatchSolveObserver>(
        count: Int, system: inout Stepper.System, observer: inout Observer
    ) -> Bool {
        let n = ws.stateCount
        let lanes = ws.laneCount
        // y₁ is free between attempts; the first stage k₀ of active lanes is not (FSAL).
        let f0 = ws.yNew
        let f1 = ws.probe
        statistics.evaluate(&system, t: ws.t, y: ws.y, into: f0, laneCount: lanes, lanesAtWork: count)
        var failed = false
        for lane in 0..<lanes where ws.status[lane] == LaneWorkspace.starting {
            var finite = true
            for i in 0..<n where !f0[i * lanes + lane].isFinite { finite = false }
            if finite {
                stepper.laneStarted(lane, derivative: f0, workspace: ws)
                if ws.resumed[lane] != 0 {
                    ws.h[lane] = min(ws.h[lane], maxStepSize)
                    ws.status[lane] = LaneWorkspace.active
                }
            } else {
                fail(lane: lane, reason: .nonFiniteState, observer: &observer)
                failed = true
            }
        }
        if let h = initialStep {
            for lane in 0..<lanes where ws.status[lane] == LaneWorkspace.starting {
                ws.h[lane] = min(h, maxStepSize)
                ws.status[lane] = LaneWorkspace.active
            }
            return failed
        }

        // Probe step h₀ per starting lane (0 elsewhere, so other lanes evaluate their own state).
        let atol = tolerances.absolute
        let rtol = tolerances.relative
        let d1 = ws.laneScratch
        var probing = 0
        for lane in 0..<lanes {
            ws.hStep[lane] = 0
            guard ws.status[lane] == LaneWorkspace.starting else { continue }
            var sumY = 0.0
            var sumF = 0.0
            for i in 0..<n {
                let index = i * lanes + lane
                let scale = atol + rtol * abs(ws.y[index])
                let a = ws.y[index] / scale
                let b = f0[index] / scale
                sumY += a * a
                sumF += b * b
            }
            let normY = (sumY / Double(n)).squareRoot()
            let normF = (sumF / Double(n)).squareRoot()
            var h0 = (normY < 1e-5 || normF < 1e-5) ? 1e-6 : 0.01 * normY / normF
            h0 = min(h0, maxStepSize, endTime - ws.t[lane])
            d1[lane] = normF
            ws.hStep[lane] = h0
            probing += 1
        }
        guard probing > 0 else { return failed }
        ws.yStage.update(from: f0, count: ws.width)
        StepKernels.applyStep(base: ws.y, increment: ws.yStage, h: ws.hStep, stateCount: n, laneCount: lanes)
        for lane in 0..<lanes { ws.tStage[lane] = ws.t[lane] + ws.hStep[lane] }
        statistics.evaluate(&system, t: ws.tStage, y: ws.yStage, into: f1, laneCount: lanes, lanesAtWork: probing)

        for lane in 0..<lanes where ws.status[lane] == LaneWorkspace.starting {
            let h0 = ws.hStep[lane]
            var sum = 0.0
            for i in 0..<n {
                let index = i * lanes + lane
                let scale = atol + rtol * abs(ws.y[index])
                let difference = (f1[index] - f0[index]) / scale
                sum += difference * difference
            }
            let d2 = (sum / Double(n)).squareRoot() / h0
            var h: Double
            if !d2.isFinite {
                h = h0  // the probe overflowed: start small and let error control sort it out
            } else {
                let largest = max(d1[lane], d2)
                let h1 = largest <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / largest, initialStepExponent)
                h = min(100 * h0, h1)
            }
            ws.h[lane] = min(h, maxStepSize)
            ws.status[lane] = LaneWorkspace.active
        }
        return failed
    }

    /// Ends a busy lane's problem with a failure at the lane's current time.
    mutating func fail<Observer: BatchSolveObserver>(lane: Int, reason: SolveFailureReason, observer: inout Observer) {
        var largest = 0.0
        for i in 0..<ws.stateCount { largest = max(largest, abs(ws.y[i * ws.laneCount + lane])) }
        let failure = SolveFailure(reason: reason, time: ws.t[lane], steps: ws.attempts[lane], largestState: largest)
        finish(lane: lane, outcome: .failure(failure), observer: &observer)
    }

    /// Reports `outcome` for the lane's problem and frees the lane.
    mutating func finish<Observer: BatchSolveObserver>(lane: Int, outcome: SolveOutcome, observer: inout Observer) {
        observer.finish(problem: ws.problem[lane], outcome: outcome)
        statistics.count(outcome)
        ws.status[lane] = LaneWorkspace.idle
        ws.hStep[lane] = 0
        busyLanes -= 1
    }

    /// Reports `outcome` for a problem that never occupied a lane.
    mutating func finishUnstarted<Observer: BatchSolveObserver>(
        problem: Int, observer: inout Observer, outcome: SolveOutcome
    ) {
        observer.finish(problem: problem, outcome: outcome)
        statistics.count(outcome)
    }
}
