import Foundation
import Testing
@testable import flowcli
import Inference
import ODE

/// The run document (`summary.json`): its shape as docs/cli.md describes it,
/// the round trip through JSONEncoder/JSONDecoder, the absent evidence of
/// runs that never reached the posterior, and errors in words for summaries
/// that are not this flowcli's.
@Suite struct RunDocumentTests {
    static let context = RunContext(
        version: "9.9.9", modelFile: "m.model", modelName: "m", dataFile: "d.csv",
        solver: .init(method: RunDocument.Solver.dormandPrince54, rtol: 1e-6, atol: 1e-8, maxSteps: 100),
        threads: 2, budget: Budget(maxEvaluations: 500, threads: 2))

    /// A result of two parameters `a`, `b` with 4 samples, one of zero weight.
    static func result(status: RunStatus = .converged) -> InferenceResult {
        let samples = WeightedSamples(parameterNames: ["a", "b"], values: [1, 10, 2, 20, 3, 30, 4, 40],
                                      logWeights: [0, log(2), log(3), -.infinity], logLikelihoods: [-1, -2, -3, -.infinity],
                                      logPriors: [-0.5, -0.5, -0.5, -0.5])
        let estimate = EvidenceEstimate(method: .pooledMixture, logEvidence: -3.25, standardError: 0.125,
                                        effectiveSampleSize: 40.5, sampleCount: 4, paretoK: 0.25,
                                        failedChecks: [ReliabilityCheck(.effectiveSampleSize, "ESS 40.5 is below 50")],
                                        note: "a note")
        var failures = FailureCounts()
        failures.add(FailureReason(rawValue: "maxStepsReached"), count: 3)
        var ledger = EvaluationLedger()
        ledger.record(count: 100, seconds: 0.5, failures: failures)
        return InferenceResult(
            backend: "flow", seed: 7, settings: JSONValue(encoding: AnnealingSettings()), samples: samples,
            evidence: estimate, estimators: [estimate, EvidenceEstimate(method: .finalFlow, logEvidence: -3.5, standardError: 0.25)],
            trace: [TraceRow(stage: 1, beta: 0.25, essFraction: 0.5, poolSize: 4, evaluations: 50, seconds: 0.75)],
            status: status, ledger: ledger, wallSeconds: 1.5, warnings: ["a warning"],
            diagnostics: [Setting("final_ess", .double(40.5))])
    }

    static func json(_ d: RunDocument) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: d.encoded()) as? [String: Any])
    }

    @Test func roundTripsThroughTheFile() throws {
        let d = RunDocument(Self.result(), context: Self.context)
        let decoded = try RunDocument.decode(d.encoded(), path: "summary.json")
        #expect(decoded == d)
        // Sorted keys: equal documents are equal bytes.
        #expect(try decoded.encoded() == d.encoded())
    }

    @Test func hasTheDocumentedShape() throws {
        let j = try Self.json(RunDocument(Self.result(), context: Self.context))
        let documented = ["format", "flowcli_version", "model", "model_file", "data_file", "backend", "seed", "threads",
                          "solver", "settings", "status", "log_evidence", "log_evidence_error", "log_evidence_method",
                          "log_evidence_reliable", "log_evidence_pareto_k", "log_evidence_failed_checks", "estimators",
                          "likelihood_evaluations", "failed_solves", "failed_solves_total", "wall_seconds",
                          "likelihood_seconds", "effective_sample_size", "samples", "equal_weight_samples", "stages",
                          "parameters", "diagnostics", "warnings", "budget"]
        #expect(Set(j.keys) == Set(documented))   // `modes` is absent until a backend reports modes
        #expect(j["format"] as? Int == 2)
        #expect(j["seed"] as? String == "7")
        #expect(j["log_evidence"] as? Double == -3.25)
        #expect(j["log_evidence_method"] as? String == "pooled_mixture")
        #expect(j["log_evidence_reliable"] as? Bool == false)
        let checks = try #require(j["log_evidence_failed_checks"] as? [[String: Any]])
        #expect(checks.first?["rule"] as? String == "effective_sample_size")
        #expect(checks.first?["message"] as? String == "ESS 40.5 is below 50")
        #expect((j["failed_solves"] as? [String: Int]) == ["maxStepsReached": 3])
        #expect((j["status"] as? [String: Any])?["state"] as? String == "converged")
        #expect((j["status"] as? [String: Any])?["reached_posterior"] as? Bool == true)
        #expect((j["budget"] as? [String: Any])?["max_evaluations"] as? Int == 500)
        #expect((j["budget"] as? [String: Any])?["max_seconds"] is NSNull)
        #expect((j["solver"] as? [String: Any])?["method"] as? String == "dormand_prince_54")
        let settings = try #require(j["settings"] as? [String: Any])
        #expect((settings["schedule"] as? [String: Any])?["samples_per_stage"] as? Int == AnnealingSettings().schedule.samplesPerStage)
        let estimators = try #require(j["estimators"] as? [[String: Any]])
        #expect(estimators.map { $0["method"] as? String } == ["pooled_mixture", "final_flow_is"])
        #expect(estimators[0]["ess"] as? Double == 40.5 && estimators[0]["samples"] as? Int == 4)
        #expect(estimators[1]["ess"] == nil)   // optional extras are left out when absent
        // Parameters: weights 1/6, 2/6, 3/6 on a = 1, 2, 3 (the fourth row has weight 0): mean 14/6.
        let a = try #require((j["parameters"] as? [String: Any])?["a"] as? [String: Any])
        #expect(Set(a.keys) == ["mean", "sd", "q05", "q16", "q50", "q84", "q95"])
        #expect(abs((a["mean"] as? Double ?? .nan) - 14.0 / 6) < 1e-12)
        // Midpoints of the weighted CDF: 1/12, 4/12, 9/12, so the median is 2 + (0.5 − 1/3)/(3/4 − 1/3) = 2.4.
        #expect(abs((a["q50"] as? Double ?? .nan) - 2.4) < 1e-12)
    }

    /// `solver` records the `--solver` choice and the stiff method it uses;
    /// documents written before the choice existed read as Dormand–Prince.
    @Test func solverRecordsTheChoice() throws {
        let cases: [(SolverChoice, String?)] = [(.auto, "rodas5p"), (.dopri5, nil), (.rodas4, "rodas4"), (.rodas5p, "rodas5p")]
        for (choice, stiff) in cases {
            let options = SolverOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-9, maxSteps: 50, method: choice)
            let record = RunDocument.Solver(options)
            #expect(record.method == choice.rawValue && record.stiffMethod == stiff)
            #expect(record.options == options)
        }
        let old = try JSONDecoder().decode(RunDocument.Solver.self, from: Data(
            #"{"method": "dormand_prince_54", "rtol": 1e-6, "atol": 1e-8, "max_steps": 100}"#.utf8))
        #expect(old.choice == .dopri5 && old.stiffMethod == nil)
        #expect(old.text == "Dormand-Prince 5(4), rtol 1e-06, atol 1e-08, max steps 100")
    }

    @Test func aRunThatDidNotReachThePosteriorHasNoEvidence() throws {
        let stalled = try Self.json(RunDocument(Self.result(status: .stalled(beta: 0.25, evaluations: 100)), context: Self.context))
        #expect(stalled["log_evidence"] is NSNull && stalled["log_evidence_error"] is NSNull)
        #expect(stalled["log_evidence_reliable"] as? Bool == false)
        let status = try #require(stalled["status"] as? [String: Any])
        #expect(status["state"] as? String == "stalled" && status["beta"] as? Double == 0.25)
        #expect(status["reached_posterior"] as? Bool == false)
        let estimators = try #require(stalled["estimators"] as? [[String: Any]])
        #expect(estimators.allSatisfy { $0["log_evidence"] is NSNull })
        let checks = try #require(stalled["log_evidence_failed_checks"] as? [[String: Any]])
        #expect(checks.first?["rule"] as? String == "reached_posterior")

        // Stopped by a signal: `interrupted`, whatever the sampler concluded, and no evidence.
        let interrupted = RunDocument(Self.result(), context: Self.context, interruptedBy: SIGINT)
        #expect(interrupted.status.state == .interrupted && interrupted.status.beta == 0.25)
        #expect(interrupted.logEvidence == nil && !interrupted.logEvidenceReliable)
        #expect(interrupted.status.message.contains("SIGINT"))
    }

    @Test func limitsAreNamedAsTheUserSetThem() {
        // A population's share (833) of --max-evals 2500 is reported as --max-evals 2500.
        let s = RunDocument.Status(.budgetExhausted(.evaluations(833)), trace: [], evaluations: 2500,
                                   budget: Budget(maxEvaluations: 2500))
        #expect(s.reason == "2500 likelihood evaluations (--max-evals)")
        #expect(s.message == "budget exhausted (2500 likelihood evaluations (--max-evals)) before the evidence converged")
        let stalled = RunDocument.Status(.stalled(beta: 0, evaluations: 0), trace: [], evaluations: 0)
        #expect(stalled.message.hasPrefix("stalled at β = 0 after 0 evaluations"))
    }

    @Test func notConvergedRunsHaveAnEstimateAndExitFour() throws {
        let d = RunDocument(Self.result(status: .notConverged(stepsNeeded: 4000)), context: Self.context)
        #expect(d.status.state == .notConverged && d.status.reachedPosterior && d.status.stepsNeeded == 4000)
        #expect(d.logEvidence == -3.25)
        let status = try #require(try Self.json(d)["status"] as? [String: Any])
        #expect(status["state"] as? String == "not_converged" && status["steps_needed"] as? Int == 4000)
        #expect(ExitStatus.of([d.status]) == .diagnosticsFailed)
        let stalled = RunDocument(Self.result(status: .stalled(beta: 0.5, evaluations: 1)), context: Self.context)
        #expect(ExitStatus.of([d.status, stalled.status]) == .notConverged)
        #expect(ExitStatus.of([RunDocument(Self.result(), context: Self.context).status]) == .success)
    }

    @Test(arguments: [
        (#"{"model": "m"}"#, "written by an older flowcli"),
        (#"{"format": 3}"#, "written by a newer flowcli (summary format 3"),
        (#"{"format": 1}"#, "written by an older flowcli (summary format 1"),
        ("not json", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
    ])
    func foreignSummariesAreExplained(_ text: String, _ message: String) {
        do {
            _ = try RunDocument.decode(Data(text.utf8), path: "x/summary.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("x/summary.json: not a run summary: "))
        }
    }

    @Test func missingAndMistypedEntriesAreNamed() throws {
        let good = try Self.json(RunDocument(Self.result(), context: Self.context))
        for (edit, message) in [({ (j: inout [String: Any]) in j["status"] = nil }, "the entry 'status' is missing"),
                                ({ (j: inout [String: Any]) in j["threads"] = "two" }, "'threads' is not a whole number"),
                                ({ (j: inout [String: Any]) in j["estimators"] = 5 }, "'estimators' is not a list"),
                                ({ (j: inout [String: Any]) in j["log_evidence_method"] = "magic" }, "unknown evidence method 'magic'")] {
            var j = good
            edit(&j)
            let data = try JSONSerialization.data(withJSONObject: j)
            do {
                _ = try RunDocument.decode(data, path: "s.json")
                Issue.record("accepted a summary: \(message)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
                for leak in ["DecodingError", "NSCocoaErrorDomain", "Swift.", "CodingKeys"] {
                    #expect(!error.description.contains(leak), "\(error.description)")
                }
            }
        }
    }
}

/// `samples_equal.csv`'s draws.
@Suite struct EqualWeightSampleTests {
    /// x = (i + ½)/n with weights ∝ x: the weighted mean is Σx²/Σx (≈ 2/3), the ESS (Σx)²/Σx² (≈ 3n/4).
    static func samples(n: Int, zeroEvery: Int? = nil) -> WeightedSamples {
        let x = (0..<n).map { (Double($0) + 0.5) / Double(n) }
        let logW = x.enumerated().map { i, v in zeroEvery.map { i % $0 == 0 } == true ? -.infinity : log(v) }
        return WeightedSamples(parameterNames: ["x"], values: x, logWeights: logW,
                               logLikelihoods: logW, logPriors: [Double](repeating: 0, count: n))
    }

    @Test func drawsRoundESSRowsThatCarryTheWeights() throws {
        let s = Self.samples(n: 4000, zeroEvery: 7)
        let rows = EqualWeightSample.rows(s, seed: 11)
        #expect(rows.count == Int(s.effectiveSampleSize.rounded()))
        #expect(rows.allSatisfy { $0 % 7 != 0 })   // zero-weight rows are never drawn
        // Reference: the weighted mean computed directly; systematic resampling errs by O(1/N).
        let w = (0..<s.count).map { exp(s.logWeights[$0]) }
        let reference = zip(s.values, w).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)
        let mean = rows.map { s.values[$0] }.reduce(0, +) / Double(rows.count)
        #expect(abs(mean - reference) < 2e-3)
        // Each row is taken ⌊N w̄ᵢ⌋ or ⌈N w̄ᵢ⌉ times.
        let total = w.reduce(0, +)
        var copies = [Int](repeating: 0, count: s.count)
        for r in rows { copies[r] += 1 }
        for i in 0..<s.count {
            let expected = Double(rows.count) * w[i] / total
            #expect(Double(copies[i]) >= expected.rounded(.down) - 1e-9 && Double(copies[i]) <= expected.rounded(.up) + 1e-9)
        }
        // Same seed, same draws; another seed, another order.
        #expect(EqualWeightSample.rows(s, seed: 11) == rows)
        #expect(EqualWeightSample.rows(s, seed: 12) != rows)
    }

    @Test func noPositiveWeightGivesNoRows() {
        let s = WeightedSamples(parameterNames: ["x"], values: [1, 2], logWeights: [-.infinity, -.infinity],
                                logLikelihoods: [0, 0], logPriors: [0, 0])
        #expect(EqualWeightSample.rows(s, seed: 1).isEmpty)
        #expect(EqualWeightSample.count(effectiveSampleSize: 0) == 0)
        #expect(EqualWeightSample.count(effectiveSampleSize: 0.4) == 1)
        #expect(EqualWeightSample.count(effectiveSampleSize: 2.5) == 3)
    }
}

/// The one number formatter and the content hash.
@Suite struct NumberFormatAndHashTests {
    @Test func missingValuesAreADashNeverZeroOrNaN() {
        let f = NumberFormat.plain
        for x in [nil, Double.nan, .infinity, -.infinity] as [Double?] {
            #expect(f.fixed(x, 2) == "–" && f.significant(x) == "–" && f.estimate(x, 1) == "–")
        }
        #expect(f.fixed(-1.5, 2) == "-1.50")
        #expect(NumberFormat.page.fixed(-1.5, 2) == "−1.50")
        #expect(f.estimate(-107.97, .nan) == "-107.970")
        #expect(f.count(1234567) == "1\u{2009}234\u{2009}567")
        #expect(NumberFormat.roundTrip(40) == "40" && NumberFormat.roundTrip(-.infinity) == "-inf")
    }

    /// FIPS 180-4 / NIST CSRC example digests.
    @Test func sha256MatchesThePublishedVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
