import Foundation
import Testing
@testable import ODE

/// The stiff solver's contract: batched equals alone, typed failures,
/// finite-difference Jacobians, the batched LU.
@Suite struct RosenbrockSolverTests {
    /// Decay problems in batches of several widths give bitwise the results
    /// of one-lane solves (the LU pivots and step sizes are per lane).
    @Test(arguments: [1, 3, 8])
    func batchedEqualsSolvingAlone(laneCount: Int) throws {
        let rates = logSpaced(0.1, 1e5, count: 23)
        let times = grid(0, 4, count: 9)
        let options = SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        let solver = RosenbrockSolver(options: options, laneCount: laneCount)
        var system = DecaySystem(rates: rates, laneCount: laneCount)
        var batched = RecordingObserver(problemCount: rates.count, stateCount: 1)
        let stats = try solver.solve(system: &system, problems: 0..<rates.count, startTime: 0, outputTimes: times,
                                     observer: &batched)
        #expect(stats.succeeded == rates.count)
        #expect(stats.jacobianEvaluations > 0 && stats.factorizations > 0)
        for p in rates.indices {
            var one = DecaySystem(rates: rates, laneCount: 1)
            var alone = RecordingObserver(problemCount: rates.count, stateCount: 1)
            _ = try RosenbrockSolver(options: options, laneCount: 1).solve(
                system: &one, problems: p..<(p + 1), startTime: 0, outputTimes: times, observer: &alone)
            #expect(batched.states[p] == alone.states[p], "problem \(p)")
            #expect(batched.outcomes[p] == alone.outcomes[p])
            for (k, t) in times.enumerated() {
                let exact = DecaySystem.initialValue(problem: p) * exp(-rates[p] * t)
                #expect(abs(batched.states[p][k] - exact) <= 1e-6 * DecaySystem.initialValue(problem: p),
                        "rate \(rates[p]) t \(t)")
            }
        }
    }

    /// NaN derivatives after t = 1 end as `nonFiniteState` near t = 1, without
    /// disturbing the neighbours in the batch.
    @Test func nonFiniteStateIsTyped() throws {
        let omegas = [1.0, 2, 3, 4]
        var system = OscillatorSystem(omegas: omegas, laneCount: 2, poisoned: [1])
        var observer = RecordingObserver(problemCount: omegas.count, stateCount: 3)
        let stats = try RosenbrockSolver(laneCount: 2).solve(
            system: &system, problems: 0..<omegas.count, startTime: 0, outputTimes: [0.5, 3], observer: &observer)
        guard case .failure(let failure)? = observer.outcomes[1] else {
            Issue.record("expected a failure, got \(String(describing: observer.outcomes[1]))")
            return
        }
        #expect(failure.reason == .nonFiniteState)
        #expect(failure.time >= 0.5 && failure.time <= 1 + 1e-9)
        #expect(observer.times[1] == [0.5])
        #expect(stats.nonFiniteState == 1 && stats.succeeded == 3)
    }

    /// An attempt after a rejection starts from the same (t, y), so it keeps
    /// f(t, y), the Jacobian and ∂f/∂t: on Van der Pol (μ = 1000, to t = 3000,
    /// Rodas5P's 8 stages, one lane) one Jacobian per accepted step and 7
    /// evaluations per rejected attempt (8 per accepted one, 2 for the first
    /// step); with two lanes holding the same problem (rejected together) the
    /// same counts per lane and the states bit for bit the one-lane ones.
    @Test func rejectedAttemptKeepsTheJacobian() throws {
        var observers: [RecordingObserver] = []
        for lanes in [1, 2] {
            var system = ExactJacobianSystem.vanDerPol
            var observer = RecordingObserver(problemCount: lanes, stateCount: 2)
            let s = try RosenbrockSolver(laneCount: lanes).solve(
                system: &system, problems: 0..<lanes, startTime: 0, outputTimes: [1, 1000, 3000], observer: &observer)
            #expect(s.succeeded == lanes)
            #expect(s.rejectedSteps > lanes, "the premise: some attempts are rejected (\(s))")
            #expect(s.jacobianEvaluations * lanes == s.acceptedSteps, "\(s)")
            #expect(s.rhsEvaluations == 8 * s.acceptedSteps + 7 * s.rejectedSteps + 2 * lanes, "\(s)")
            observers.append(observer)
        }
        #expect(observers[1].states[0] == observers[0].states[0] && observers[1].states[1] == observers[0].states[0])
    }

    @Test func maxStepsIsTyped() throws {
        var system = ExactJacobianSystem.vanDerPol
        var observer = RecordingObserver(problemCount: 1, stateCount: 2)
        let stats = try RosenbrockSolver(options: SolverOptions(maxSteps: 7), laneCount: 1).solve(
            system: &system, problems: 0..<1, startTime: 0, outputTimes: [3000], observer: &observer)
        guard case .failure(let failure)? = observer.outcomes[0] else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.reason == .maxStepsReached && failure.steps == 7)
        #expect(stats.maxStepsReached == 1)
    }

    /// `y' = y²`, `y(0) = 1` blows up at t = 1: a typed failure there, never a crash.
    @Test func blowUpIsATypedFailureNearThePole() throws {
        var system = ScalarBatchSystem(initialValues: [1], f: { _, y in y * y })
        var observer = RecordingObserver(problemCount: 1, stateCount: 1)
        _ = try RosenbrockSolver(laneCount: 1).solve(
            system: &system, problems: 0..<1, startTime: 0, outputTimes: [0.5, 2], observer: &observer)
        guard case .failure(let failure)? = observer.outcomes[0] else {
            Issue.record("expected a failure, got \(String(describing: observer.outcomes[0]))")
            return
        }
        #expect([.stepSizeUnderflow, .nonFiniteState].contains(failure.reason))
        #expect(abs(failure.time - 1) < 1e-3)
        #expect(abs(observer.states[0][0] - 2) < 1e-5)
    }

    /// The forward-difference Jacobian agrees with the exact one of
    /// Robertson's kinetics and Van der Pol to √u-relative accuracy, in every lane.
    @Test func finiteDifferenceJacobianMatchesTheExactOne() {
        for system in [ExactJacobianSystem.robertson, .vanDerPol, .forced] {
            let n = system.stateCount, lanes = 3
            let states: [[Double]] = n == 3
                ? [[0.9, 3e-5, 0.1], [0.5, 1e-6, 0.5], [0.2, 2e-7, 0.8]]
                : n == 2 ? [[2, 0], [1.5, -0.3], [-1.9, 0.01]] : [[1], [0.3], [-2]]
            var t = [0.0, 0.7, 3.1], y = [Double](repeating: 0, count: n * lanes)
            for l in 0..<lanes { for i in 0..<n { y[i * lanes + l] = states[l][i] } }
            var f = [Double](repeating: 0, count: n * lanes)
            var exact = [Double](repeating: 0, count: n * n * lanes), exactT = f
            var fd = exact, fdT = f
            var wrapped = FiniteDifferenceJacobian(system)
            let copy = system
            var calls = 0
            t.withUnsafeMutableBufferPointer { tp in
                y.withUnsafeMutableBufferPointer { yp in
                    let tt = tp.baseAddress!, yy = yp.baseAddress!
                    f.withUnsafeMutableBufferPointer { copy.evaluate(t: tt, y: yy, dydt: $0.baseAddress!, laneCount: lanes) }
                    f.withUnsafeBufferPointer { fp in
                        exact.withUnsafeMutableBufferPointer { j in
                            exactT.withUnsafeMutableBufferPointer { jt in
                                _ = copy.evaluateJacobian(t: tt, y: yy, dydt: fp.baseAddress!, jacobian: j.baseAddress!,
                                                          timeDerivative: jt.baseAddress!, laneCount: lanes)
                            }
                        }
                        fd.withUnsafeMutableBufferPointer { j in
                            fdT.withUnsafeMutableBufferPointer { jt in
                                calls = wrapped.evaluateJacobian(t: tt, y: yy, dydt: fp.baseAddress!, jacobian: j.baseAddress!,
                                                                 timeDerivative: jt.baseAddress!, laneCount: lanes)
                            }
                        }
                    }
                }
            }
            #expect(calls == n + 1)
            let scale = exact.map(abs).max()!
            for (a, b) in zip(exact, fd) { #expect(abs(a - b) <= 1e-6 * scale, "\(a) vs \(b)") }
            for (a, b) in zip(exactT, fdT) { #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "∂f/∂t \(a) vs \(b)") }
        }
    }

    /// `LaneLU` solves systems that need pivoting (zero diagonal) and matches
    /// a known solution per lane: `A x = A·x*` gives back `x*`; with one lane
    /// (its own copy of the loops) as with five.
    @Test(arguments: [1, 5])
    func batchedLUSolvesWithPivoting(lanes: Int) {
        let n = 4
        var a = [Double](repeating: 0, count: n * n * lanes)
        var x = [Double](repeating: 0, count: n * lanes)
        var b = x
        for l in 0..<lanes {
            for i in 0..<n {
                x[i * lanes + l] = Double(i + 1) * (l % 2 == 0 ? 1 : -1) + 0.1 * Double(l)
                for j in 0..<n {
                    // Lane 0: a permutation-like matrix with a zero diagonal.
                    a[(i * n + j) * lanes + l] = l == 0 ? ((i + 1) % n == j ? 2.0 + Double(i) : 0) : sin(Double(1 + 5 * i * i + 3 * j + 7 * i * j * j + 11 * l))
                }
            }
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += a[(i * n + j) * lanes + l] * x[j * lanes + l] }
                b[i * lanes + l] = s
            }
        }
        var pivots = [Int](repeating: 0, count: n * lanes)
        var scratch = [Double](repeating: 0, count: lanes)
        var pattern = [Int](repeating: 0, count: LaneLU.patternCount(n: n))
        LaneLU.factor(&a, pivots: &pivots, pattern: &pattern, scratch: &scratch, n: n, laneCount: lanes)
        LaneLU.solve(a, pivots: pivots, pattern: pattern, &b, n: n, laneCount: lanes)
        #expect(pattern[0] == 1, "lane 0 needs row swaps")
        for (u, v) in zip(b, x) { #expect(abs(u - v) <= 1e-9 * max(1, abs(v)), "\(u) vs \(v)") }
    }

    /// The one-lane solve (running row values kept in registers) gives the
    /// batched solve's values: every lane of a 5-lane batch of sparse 7×7
    /// systems (some needing row swaps) factored and solved again alone.
    @Test func oneLaneSolveIsTheBatchedSolve() {
        let n = 7, lanes = 5
        var a = [Double](repeating: 0, count: n * n * lanes), b = [Double](repeating: 0, count: n * lanes)
        for l in 0..<lanes {
            for i in 0..<n {
                b[i * lanes + l] = cos(Double(3 * i + 7 * l))
                for j in 0..<n where (i * 5 + j * 3 + l) % 4 != 0 || i == (j + 1) % n {
                    a[(i * n + j) * lanes + l] = sin(Double(1 + 13 * i + 5 * j * j + 17 * l))
                }
            }
        }
        var pivots = [Int](repeating: 0, count: n * lanes), scratch = [Double](repeating: 0, count: lanes)
        var pattern = [Int](repeating: 0, count: LaneLU.patternCount(n: n))
        let lanesA = a, lanesB = b
        LaneLU.factor(&a, pivots: &pivots, pattern: &pattern, scratch: &scratch, n: n, laneCount: lanes)
        LaneLU.solve(a, pivots: pivots, pattern: pattern, &b, n: n, laneCount: lanes)
        #expect(pattern[0] == 1, "some lane swaps rows")
        for l in 0..<lanes {
            var one = (0..<n * n).map { lanesA[$0 * lanes + l] }, x = (0..<n).map { lanesB[$0 * lanes + l] }
            var onePivots = [Int](repeating: 0, count: n), oneScratch = [0.0]
            var onePattern = [Int](repeating: 0, count: LaneLU.patternCount(n: n))
            LaneLU.factor(&one, pivots: &onePivots, pattern: &onePattern, scratch: &oneScratch, n: n, laneCount: 1)
            LaneLU.solve(one, pivots: onePivots, pattern: onePattern, &x, n: n, laneCount: 1)
            for i in 0..<n { #expect(x[i] == b[i * lanes + l], "lane \(l) component \(i): \(x[i]) vs \(b[i * lanes + l])") }
        }
    }

    /// Options round-trip through JSON with their method; options encoded
    /// before the method existed decode as `auto`.
    @Test func optionsCodingKeepsTheMethod() throws {
        let options = SolverOptions(relativeTolerance: 1e-7, maxSteps: 50, method: .rodas4)
        let decoded = try JSONDecoder().decode(SolverOptions.self, from: JSONEncoder().encode(options))
        #expect(decoded == options)
        let old = #"{"relativeTolerance":1e-6,"absoluteTolerance":1e-8,"maxSteps":100000}"#
        let legacy = try JSONDecoder().decode(SolverOptions.self, from: Data(old.utf8))
        #expect(legacy == SolverOptions())
    }
}
