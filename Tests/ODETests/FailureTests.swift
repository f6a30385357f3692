import Foundation
import Testing
import ODE

/// `y' = g(t, y)` for one state, one closure for all lanes (test helper).
struct ScalarBatchSystem: BatchODESystem {
    let initialValues: [Double]
    let f: (Double, Double) -> Double
    var stateCount: Int { 1 }
    func load(problem: Int, lane: Int, initialState: UnsafeMutablePointer<Double>) {
        initialState[0] = initialValues[problem]
    }
    func evaluate(t: UnsafePointer<Double>, y: UnsafePointer<Double>,
                  dydt: UnsafeMutablePointer<Double>, laneCount: Int) {
        for lane in 0..<laneCount { dydt[lane] = f(t[lane], y[lane]) }
    }
}

@Suite struct FailureTests {
    func failureOf(_ result: Result<Trajectory, SolveFailure>) -> SolveFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    /// `y' = y², y(0) = 1` has `y = 1/(1 − t)`, which blows up at t = 1.
    /// The failure is a step-size underflow, not a non-finite state: close to
    /// the pole the error test forces `h ≈ (1 − t)·tol^{1/5}`, so `h` reaches the
    /// spacing of doubles near t = 1 (≈ 2e-16) while `y ≈ 1/(1 − t)` is only
    /// ~1e14–1e16, far from overflow. The numerical pole is displaced from 1
    /// by the global error, O(tolerance).
    @Test func blowUpEndsInStepSizeUnderflow() throws {
        var system = ScalarBatchSystem(initialValues: [1], f: { _, y in y * y })
        var observer = RecordingObserver(problemCount: 1, stateCount: 1)
        let stats = try BatchSolver(laneCount: 1).solve(
            system: &system, problems: 0..<1, startTime: 0, outputTimes: [0.5, 2], observer: &observer)
        guard case .failure(let failure)? = observer.outcomes[0] else {
            Issue.record("expected a failure, got \(String(describing: observer.outcomes[0]))")
            return
        }
        #expect(failure.reason == .stepSizeUnderflow)
        #expect(abs(failure.time - 1) < 1e-5)
        #expect(failure.steps > 0 && failure.steps < SolverOptions.defaultMaxSteps)
        #expect(failure.description.contains("step size underflow at t = \(failure.time)"))
        // The state it reached, 1/(1 − t) at the numerical pole, is reported, and read as a blow-up.
        #expect(failure.largestState > 1e12 && failure.largestState < 1e17, "\(failure.largestState)")
        #expect(failure.description.contains("the solution probably blows up here"), "\(failure.description)")
        #expect(stats.stepSizeUnderflow == 1 && stats.failed == 1)
        // The output before the pole was delivered (y(0.5) = 2), the one after was not.
        #expect(observer.times[0] == [0.5])
        #expect(abs(observer.states[0][0] - 2) < 1e-5)
    }

    @Test func tinyMaxStepsGivesMaxStepsReached() throws {
        let result = try solve({ _, y, dy in dy[0] = y[1]; dy[1] = -y[0] }, initialState: [1, 0],
                               startTime: 0, outputTimes: [100], options: SolverOptions(maxSteps: 5))
        let failure = try #require(failureOf(result))
        #expect(failure.reason == .maxStepsReached)
        #expect(failure.steps == 5)
        #expect(failure.time > 0 && failure.time < 100)
        #expect(failure.description == "maximum number of steps (5) reached at t = \(failure.time)")
    }

    /// `y' = sqrt(0.5 − t)` is NaN beyond t = 0.5: every trial step crossing it
    /// is rejected, the steps shrink towards t = 0.5 until they underflow,
    /// and since the last rejection was caused by NaN the reason is nonFiniteState.
    @Test func nanBeyondATimeGivesNonFiniteState() throws {
        let result = try solve({ t, _, dy in dy[0] = (0.5 - t).squareRoot() }, initialState: [1],
                               startTime: 0, outputTimes: [0.25, 2])
        let failure = try #require(failureOf(result))
        #expect(failure.reason == .nonFiniteState)
        #expect(failure.time <= 0.5 && failure.time > 0.5 - 1e-9)
        #expect(failure.description.contains("NaN or infinite at t = \(failure.time)"))
    }

    @Test func nanDerivativeOrStateAtStartFailsAtOnce() throws {
        let nanRHS = try solve({ _, _, dy in dy[0] = .nan }, initialState: [1], startTime: 0, outputTimes: [1])
        let first = try #require(failureOf(nanRHS))
        #expect(first.reason == .nonFiniteState && first.time == 0 && first.steps == 0)

        let nanState = try solve({ _, y, dy in dy[0] = -y[0] }, initialState: [.nan], startTime: 3,
                                 outputTimes: [3, 4])
        let second = try #require(failureOf(nanState))
        #expect(second.reason == .nonFiniteState && second.time == 3 && second.steps == 0)
    }

    /// Problems 2 and 9 turn NaN at t > 1, problem 5 needs far more steps than
    /// allowed; all other problems of the same batch are bitwise unaffected.
    @Test(arguments: [1, 4, 8])
    func failingLanesDoNotDisturbOthers(laneCount: Int) throws {
        var omegas = logSpaced(0.5, 3, count: 12)
        omegas[5] = 400
        let poisoned: Set<Int> = [2, 9]
        let times = grid(0, 5, count: 11)
        let options = SolverOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-9, maxSteps: 800)
        var system = OscillatorSystem(omegas: omegas, laneCount: laneCount, poisoned: poisoned)
        var observer = RecordingObserver(problemCount: omegas.count, stateCount: 3)
        let stats = try BatchSolver(options: options, laneCount: laneCount).solve(
            system: &system, problems: 0..<omegas.count, startTime: 0, outputTimes: times, observer: &observer)
        let healthy = try solveAlone({ OscillatorSystem(omegas: omegas, laneCount: 1) },
                                     problems: omegas.count, options: options, outputTimes: times)

        #expect(stats.nonFiniteState == 2 && stats.maxStepsReached == 1 && stats.succeeded == 9)
        for p in omegas.indices {
            #expect(observer.finishCalls[p] == 1)
            switch p {
            case 2, 9:
                guard case .failure(let f)? = observer.outcomes[p] else { Issue.record("problem \(p)"); continue }
                #expect(f.reason == .nonFiniteState)
                #expect(f.time <= 1 && f.time > 1 - 1e-9)
                #expect(observer.times[p] == times.filter { $0 <= f.time })
                #expect(observer.states[p].allSatisfy { $0.isFinite })
            case 5:
                guard case .failure(let f)? = observer.outcomes[p] else { Issue.record("problem 5"); continue }
                #expect(f.reason == .maxStepsReached && f.steps == 800)
            default:
                #expect(observer.outcomes[p] == healthy.outcomes[p])
                #expect(observer.states[p] == healthy.states[p])
            }
        }
    }
}

@Suite struct StepBudgetTests {
    /// A lane that fails its limit check while problems remain triggers a refill
    /// before the others attempt their step; that interrupted iteration must not
    /// count against their step budget. Problem 2 gets exactly the attempts it
    /// needs alone and must still succeed when it shares the batch with
    /// problems 0 and 3, which exceed the budget.
    @Test func interruptedIterationsDoNotConsumeTheBudget() throws {
        let omegas = [60.0, 0.2, 2.0, 60.0]
        let times = grid(0, 10, count: 5)
        let probe = try solveAlone({ OscillatorSystem(omegas: omegas, laneCount: 1) }, problems: 3,
                                   options: SolverOptions(), outputTimes: times)
        guard case .success(let steps, let rejected)? = probe.outcomes[2],
              case .success(let shortSteps, _)? = probe.outcomes[1] else {
            Issue.record("reference solves failed")
            return
        }
        let budget = steps + rejected
        #expect(shortSteps < budget / 2, "problem 1 finishes early, so problem 2 starts late")
        var system = OscillatorSystem(omegas: omegas, laneCount: 2)
        var observer = RecordingObserver(problemCount: omegas.count, stateCount: 3)
        _ = try BatchSolver(options: SolverOptions(maxSteps: budget), laneCount: 2).solve(
            system: &system, problems: 0..<omegas.count, startTime: 0, outputTimes: times, observer: &observer)
        #expect(observer.outcomes[2] == probe.outcomes[2])
        for p in [0, 3] {
            guard case .failure(let f)? = observer.outcomes[p] else { Issue.record("problem \(p)"); continue }
            #expect(f.reason == .maxStepsReached && f.steps == budget)
        }
    }
}
