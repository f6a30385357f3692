import Foundation

/// One backend's runs in a comparison, aggregated over repeats.
///
/// With R runs whose evidence is an estimate (β reached 1, finite log Ẑ):
/// mean and sample sd (n − 1 denominator) of log Ẑ, the mean stated standard
/// error, and the calibration ratio sd(log Ẑ) / mean(stated error): ≈ 1 when
/// the error bars are honest, > 1 when they are overconfident, < 1 when
/// conservative. With R runs the ratio's own relative uncertainty is about
/// 1/√(2(R − 1)) (71% for R = 2, 24% for R = 10), so only large departures
/// from 1 mean anything at small R.
struct BackendComparison: Sendable {
    var backend: String
    /// All runs of the backend, in repeat order.
    var runs: [CompareRun]

    /// The runs whose evidence is an estimate.
    var estimated: [CompareRun] { runs.filter(\.hasEstimate) }

    var first: CompareRun? { runs.first }

    /// Mean of log Ẑ over the estimated runs (nil without any).
    var meanLogEvidence: Double? {
        let z = estimated.compactMap(\.logEvidence)
        return z.isEmpty ? nil : z.reduce(0, +) / Double(z.count)
    }

    /// Sample sd of log Ẑ over the estimated runs (nil with fewer than 2).
    var sdLogEvidence: Double? { Self.sampleSD(estimated.compactMap(\.logEvidence)) }

    /// Mean stated standard error over the estimated runs whose error is finite.
    var meanStatedError: Double? {
        let e = estimated.compactMap(\.logEvidenceError)
        return e.isEmpty ? nil : e.reduce(0, +) / Double(e.count)
    }

    /// sd(log Ẑ) / mean(stated error), with at least 2 estimated runs and a positive mean error.
    var calibrationRatio: Double? {
        guard let sd = sdLogEvidence, let e = meanStatedError, e > 0 else { return nil }
        return sd / e
    }

    /// Median over runs of the evaluations until the estimate settled.
    var medianSettledEvaluations: Double? { Self.median(runs.compactMap(\.evaluationsToTolerance).map(Double.init)) }
    var medianSettledSeconds: Double? { Self.median(runs.compactMap(\.secondsToTolerance)) }

    static func sampleSD(_ x: [Double]) -> Double? {
        guard x.count >= 2 else { return nil }
        let m = x.reduce(0, +) / Double(x.count)
        let ss = x.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (ss / Double(x.count - 1)).squareRoot()
    }

    static func median(_ x: [Double]) -> Double? {
        guard !x.isEmpty else { return nil }
        let s = x.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Groups `runs` by backend, in the order of `backends`.
    static func group(_ runs: [CompareRun], backends: [String]) -> [BackendComparison] {
        backends.map { b in BackendComparison(backend: b, runs: runs.filter { $0.backend == b }.sorted { $0.repeatIndex < $1.repeatIndex }) }
    }
}

extension BackendComparison {
    /// One backend's row of `compare.json`'s `backend_summaries`.
    struct Summary: Codable, Sendable, Equatable {
        var backend: String
        var runs: Int
        var runsWithEstimate: Int
        @Nullable var firstLogEvidence: Double?
        @Nullable var firstLogEvidenceError: Double?
        @Nullable var meanLogEvidence: Double?
        @Nullable var sdLogEvidence: Double?
        @Nullable var meanStatedError: Double?
        @Nullable var calibrationRatio: Double?
        @Nullable var medianEvaluationsToTolerance: Double?
        @Nullable var medianSecondsToTolerance: Double?

        enum CodingKeys: String, CodingKey {
            case backend, runs
            case runsWithEstimate = "runs_with_estimate"
            case firstLogEvidence = "first_log_evidence"
            case firstLogEvidenceError = "first_log_evidence_error"
            case meanLogEvidence = "mean_log_evidence"
            case sdLogEvidence = "sd_log_evidence"
            case meanStatedError = "mean_stated_error"
            case calibrationRatio = "calibration_ratio"
            case medianEvaluationsToTolerance = "median_evaluations_to_tolerance"
            case medianSecondsToTolerance = "median_seconds_to_tolerance"
        }
    }

    var summary: Summary {
        Summary(backend: backend, runs: runs.count, runsWithEstimate: estimated.count,
                firstLogEvidence: first?.logEvidence, firstLogEvidenceError: first?.logEvidenceError,
                meanLogEvidence: meanLogEvidence.flatMap(finite), sdLogEvidence: sdLogEvidence.flatMap(finite),
                meanStatedError: meanStatedError.flatMap(finite), calibrationRatio: calibrationRatio.flatMap(finite),
                medianEvaluationsToTolerance: medianSettledEvaluations.flatMap(finite),
                medianSecondsToTolerance: medianSettledSeconds.flatMap(finite))
    }
}
