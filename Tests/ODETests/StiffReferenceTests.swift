import Foundation
import Testing
import ODE

/// Robertson's kinetics and Van der Pol (μ = 1000) against SciPy's Radau
/// at rtol 1e-12 (Reference/stiff_reference.py and .csv), and the automatic
/// method choice on them.
@Suite struct StiffReferenceTests {
    /// Global errors accumulate over the steps, so the bound is 100 tolerance
    /// units, `|y − y_ref| ≤ 100·(atol + rtol·|y_ref|)`, at rtol 1e-8 (the
    /// tightest tolerance the likelihood is used with).
    static func expectClose(_ states: [Double], _ reference: [(time: Double, values: [Double])],
                            options: SolverOptions, _ label: String) {
        let n = reference[0].values.count
        #expect(states.count == reference.count * n)
        for (k, row) in reference.enumerated() {
            for i in 0..<n {
                let value = states[k * n + i], ref = row.values[i]
                let bound = 100 * (options.absoluteTolerance + options.relativeTolerance * abs(ref))
                #expect(abs(value - ref) <= bound, "\(label) t = \(row.time) y\(i + 1): \(value) vs \(ref)")
            }
        }
    }

    /// y2 of Robertson is ~1e-5…1e-8, so atol is far below it.
    static let robertsonOptions = SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-16)
    static let vanDerPolOptions = SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)

    @Test(arguments: [RosenbrockTableau.rodas4, .rodas5P])
    func robertsonMatchesRadau(tableau: RosenbrockTableau) throws {
        let reference = try #require(stiffReference()["robertson"])
        let (observer, stats) = try solveOne(.robertson, times: reference.map(\.time),
                                            options: Self.robertsonOptions, tableau: tableau)
        #expect(stats.succeeded == 1)
        Self.expectClose(observer.states[0], reference, options: Self.robertsonOptions, "\(tableau.name) Robertson")
        // Stiff: a few hundred steps over 4e5 time units.
        #expect(stats.acceptedSteps < 2000, "\(stats.acceptedSteps) steps")
    }

    @Test(arguments: [RosenbrockTableau.rodas4, .rodas5P])
    func vanDerPolMatchesRadau(tableau: RosenbrockTableau) throws {
        let reference = try #require(stiffReference()["vanderpol"])
        let (observer, stats) = try solveOne(.vanDerPol, times: reference.map(\.time),
                                            options: Self.vanDerPolOptions, tableau: tableau)
        #expect(stats.succeeded == 1)
        Self.expectClose(observer.states[0], reference, options: Self.vanDerPolOptions, "\(tableau.name) Van der Pol")
    }

    /// `auto` hands Robertson to the stiff method within a few dozen explicit
    /// steps (Dormand–Prince alone needs ~10⁵ steps per 4e5 time units for
    /// a stability limit h ≲ 3.3/|λ|, |λ| up to 1e4) and still matches Radau.
    @Test func autoSwitchesRobertsonToTheStiffMethod() throws {
        let reference = try #require(stiffReference()["robertson"])
        var system = ExactJacobianSystem.robertson
        var observer = RecordingObserver(problemCount: 1, stateCount: 3)
        let stats = try ODESolver(options: Self.robertsonOptions, laneCount: 1).solve(
            system: &system, problems: 0..<1, startTime: 0, outputTimes: reference.map(\.time), observer: &observer)
        #expect(stats.stiffSwitches == 1)
        #expect(stats.succeeded == 1 && observer.finishCalls[0] == 1)
        #expect(observer.indices[0] == Array(reference.indices))
        #expect(stats.acceptedSteps < 3000)
        Self.expectClose(observer.states[0], reference, options: Self.robertsonOptions, "auto Robertson")
    }

    /// The explicit method alone on Robertson runs into its step budget.
    @Test func dopri5AloneExhaustsTheBudgetOnRobertson() throws {
        var system = ExactJacobianSystem.robertson
        var observer = RecordingObserver(problemCount: 1, stateCount: 3)
        var options = SolverOptions(maxSteps: 20_000, method: .dopri5)
        options.relativeTolerance = 1e-6
        let stats = try ODESolver(options: options, laneCount: 1).solve(
            system: &system, problems: 0..<1, startTime: 0, outputTimes: [4e5], observer: &observer)
        #expect(stats.maxStepsReached == 1 && stats.stiffSwitches == 0)
    }

    /// A problem the test never flags is solved bit for bit as by `dopri5`.
    @Test(arguments: [1, 4])
    func autoLeavesNonStiffProblemsToDormandPrince(laneCount: Int) throws {
        let omegas = logSpaced(0.3, 6, count: 13)
        let times = grid(0, 10, count: 21)
        func run(_ method: SolverChoice) throws -> (RecordingObserver, BatchSolveStatistics) {
            var system = OscillatorSystem(omegas: omegas, laneCount: laneCount)
            var observer = RecordingObserver(problemCount: omegas.count, stateCount: 3)
            let stats = try ODESolver(options: SolverOptions(method: method), laneCount: laneCount).solve(
                system: &system, problems: 0..<omegas.count, startTime: 0, outputTimes: times, observer: &observer)
            return (observer, stats)
        }
        let (auto, autoStats) = try run(.auto)
        let (explicit, explicitStats) = try run(.dopri5)
        #expect(autoStats.stiffSwitches == 0)
        #expect(autoStats == explicitStats)
        #expect(auto.states == explicit.states)
        #expect(auto.outcomes == explicit.outcomes)
    }

    /// Mixed batch: stiff and non-stiff problems of one system side by side.
    /// Only the stiff ones switch, every problem gets one outcome, and each
    /// result is the one it gets when solved alone.
    @Test func mixedBatchSwitchesOnlyTheStiffProblems() throws {
        // y' = −k (y − cos t) − sin t, y(0) = 2: y = cos t + e^{−kt}; stiff for large k
        // (Prothero & Robinson; for k ≫ 1e4 Rosenbrock methods lose order on it and
        // their error estimate does not see it, see docs/algorithms.md).
        let rates = [0.5, 1e4, 2, 2e3, 1, 5e3, 0.1]
        let times = grid(0, 20, count: 11)
        struct Relaxation: BatchODESystem {
            let rates: [Double]
            var lane: [Double]
            var stateCount: Int { 1 }
            mutating func load(problem: Int, lane l: Int, initialState: UnsafeMutablePointer<Double>) {
                lane[l] = rates[problem]
                initialState[0] = 2
            }
            func evaluate(t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>,
                          laneCount: Int) {
                for l in 0..<laneCount { dydt[l] = -lane[l] * (y[l] - cos(t[l])) - sin(t[l]) }
            }
        }
        let options = SolverOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-9)
        var system = Relaxation(rates: rates, lane: Array(repeating: 0, count: 3))
        var batched = RecordingObserver(problemCount: rates.count, stateCount: 1)
        let stats = try ODESolver(options: options, laneCount: 3).solve(
            system: &system, problems: 0..<rates.count, startTime: 0, outputTimes: times, observer: &batched)
        #expect(stats.stiffSwitches == 3)
        #expect(stats.succeeded == rates.count)
        for p in rates.indices {
            var one = Relaxation(rates: rates, lane: [0])
            var alone = RecordingObserver(problemCount: rates.count, stateCount: 1)
            _ = try ODESolver(options: options, laneCount: 1).solve(
                system: &one, problems: p..<(p + 1), startTime: 0, outputTimes: times, observer: &alone)
            #expect(batched.finishCalls[p] == 1)
            #expect(batched.states[p] == alone.states[p], "problem \(p)")
            #expect(batched.outcomes[p] == alone.outcomes[p])
            for (k, t) in times.enumerated() {
                let exact = cos(t) + exp(-rates[p] * t)
                #expect(abs(batched.states[p][k] - exact) <= 1e-5, "k = \(rates[p]), t = \(t)")
            }
        }
    }
}
