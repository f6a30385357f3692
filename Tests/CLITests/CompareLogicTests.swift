import Inference
import Testing
@testable import flowcli

/// `compare`'s pure parts: when an evidence trace settled, aggregation over
/// repeats, CSV quoting, run labels and seeds.
@Suite struct CompareLogicTests {
    typealias P = EvidenceConvergence.Point

    @Test func settlesAtTheFirstPointAfterWhichTheEstimateStaysWithinTolerance() throws {
        let trace = [P(evaluations: 100, seconds: 1, logEvidence: .nan),
                     P(evaluations: 200, seconds: 2, logEvidence: -5.05),   // within, but followed by an excursion
                     P(evaluations: 300, seconds: 3, logEvidence: -5.3),
                     P(evaluations: 400, seconds: 4, logEvidence: -4.92),
                     P(evaluations: 500, seconds: 5, logEvidence: -5.01)]
        let s = try #require(EvidenceConvergence.settled(trace: trace, final: -5.0, end: (550, 5.5), tolerance: 0.1))
        #expect(s.evaluations == 400 && s.seconds == 4)
        // Within from the first row on.
        let early = try #require(EvidenceConvergence.settled(trace: Array(trace[3...]), final: -5.0, end: (550, 5.5)))
        #expect(early.evaluations == 400)
        // The last row off the final value (a different final estimator): settled only at the end of the run.
        let late = try #require(EvidenceConvergence.settled(trace: trace, final: -4.5, end: (550, 5.5)))
        #expect(late.evaluations == 550 && late.seconds == 5.5)
        // An empty trace settles at the end; a non-finite final value never.
        #expect(EvidenceConvergence.settled(trace: [], final: 1, end: (10, 1))?.evaluations == 10)
        #expect(EvidenceConvergence.settled(trace: trace, final: .nan, end: (550, 5.5)) == nil)
        #expect(EvidenceConvergence.settled(trace: trace, final: -.infinity, end: (550, 5.5)) == nil)
        // The boundary is inclusive: |−4.9 − (−5)| ≤ 0.1 up to rounding of 0.1 itself.
        let edge = [P(evaluations: 1, seconds: 0, logEvidence: -4.75), P(evaluations: 2, seconds: 0, logEvidence: -5.25)]
        #expect(EvidenceConvergence.settled(trace: edge, final: -5, end: (3, 0), tolerance: 0.25)?.evaluations == 1)
    }

    static func run(_ backend: String, _ k: Int, z: Double, e: Double, state: RunDocument.Status.State = .converged) -> CompareRun {
        let reached = state == .converged || state == .budgetExhausted
        return CompareRun(backend: backend, repeatIndex: k, seed: String(k), directory: "d/\(backend)-r\(k)",
                          status: RunDocument.Status(state: state, message: state.rawValue, reachedPosterior: reached),
                          reachedPosterior: reached, logEvidence: reached ? z : nil, logEvidenceError: reached ? e : nil,
                          logEvidenceMethod: .smc, logEvidenceReliable: true, logEvidenceFailedChecks: [], distanceFromReference: nil,
                          likelihoodEvaluations: 10, wallSeconds: 1, evaluationsToTolerance: 5, secondsToTolerance: 0.5,
                          parameters: RunDocument.Parameters([.init(name: "k", stats: .init(mean: 0, sd: 1, quantiles: [nil, nil, nil, nil, nil]))]))
    }

    @Test func aggregatesOverRepeats() throws {
        let runs = [Self.run("smc", 2, z: -2, e: 0.5), Self.run("smc", 1, z: -1, e: 0.5), Self.run("smc", 3, z: -3, e: 2),
                    Self.run("smc", 4, z: 50, e: 1, state: .stalled), Self.run("flow", 1, z: -1.5, e: 0.1)]
        let groups = BackendComparison.group(runs, backends: ["flow", "smc"])
        #expect(groups.map(\.backend) == ["flow", "smc"])
        let smc = groups[1]
        #expect(smc.runs.map(\.repeatIndex) == [1, 2, 3, 4])
        #expect(smc.first?.logEvidence == -1)
        // The stalled run is no estimate: mean of −1, −2, −3 is −2, sample sd 1, mean stated error 1.
        #expect(smc.estimated.count == 3)
        #expect(smc.meanLogEvidence == -2)
        #expect(smc.sdLogEvidence == 1)
        #expect(smc.meanStatedError == 1)
        #expect(smc.calibrationRatio == 1)
        // One run: a mean but no sd and no ratio.
        #expect(groups[0].meanLogEvidence == -1.5)
        #expect(groups[0].sdLogEvidence == nil)
        #expect(groups[0].calibrationRatio == nil)
        #expect(BackendComparison.median([3, 1, 2, 10]) == 2.5)
        #expect(BackendComparison.median([]) == nil)
    }

    /// SMC's product and its importance estimate can fail the same rule: the
    /// status names it once, in first-failure order.
    @Test func failedRulesAreListedOnce() {
        #expect(CompareTable.distinctRules(["replicate_agreement", "decorrelation", "pareto_k", "replicate_agreement"])
                == "replicate_agreement, decorrelation, pareto_k")
        #expect(CompareTable.distinctRules([]) == "")
    }

    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        #expect(CompareFiles.field("runs/a") == "runs/a")
        #expect(CompareFiles.field("a,b") == "\"a,b\"")
        #expect(CompareFiles.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func labelsAndSeeds() {
        let plan = ComparePlan(modelName: "m", modelFile: "m.model", dataFile: "m.csv", backends: ["flow", "smc"], repeats: 3,
                               firstSeed: UInt64.max, threads: 1, maxEvaluations: nil, maxSeconds: nil, tolerance: 0.1,
                               reference: nil, output: "out")
        #expect(plan.labels == ["flow-r1", "flow-r2", "flow-r3", "smc-r1", "smc-r2", "smc-r3"])
        #expect(plan.seed(repeat: 1) == UInt64.max)
        #expect(plan.seed(repeat: 2) == 0)  // wraps around 2⁶⁴
        #expect(CompareRun.label(backend: "smc", repeatIndex: 1, repeats: 1) == "smc")
    }

    /// Exit statuses: 3 if any run never reached the posterior, else 4 if any ended not converged, else 0.
    @Test func exitStatusOfRuns() {
        #expect(ExitStatus.of([.converged, .budgetExhausted(.evaluations(10))]) == .success)
        #expect(ExitStatus.of([.converged, .notConverged(stepsNeeded: 4000)]) == .diagnosticsFailed)
        #expect(ExitStatus.of([.notConverged(stepsNeeded: nil), .stalled(beta: 0.3, evaluations: 5)]) == .notConverged)
        #expect(ExitStatus.diagnosticsFailed.rawValue == 4 && ExitStatus.notConverged.rawValue == 3)
    }
}
