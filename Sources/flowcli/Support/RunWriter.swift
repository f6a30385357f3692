import Foundation
import Inference

/// Writes a run directory: `samples.csv` (weighted), `samples_equal.csv`
/// (equal-weight resample), `trace.csv` and — last, so that a reader who
/// finds it finds the rest — `summary.json`, the ``RunDocument``. Each file
/// is written atomically.
enum RunWriter {
    static let files = ["summary.json", "samples.csv", "samples_equal.csv", "trace.csv"]

    static func write(_ document: RunDocument, result: InferenceResult, to dir: String) throws {
        try AtomicFile.write(samplesCSV(result.samples, document: document), to: dir + "/samples.csv")
        try AtomicFile.write(equalWeightCSV(result.samples, document: document, seed: result.seed),
                             to: dir + "/samples_equal.csv")
        try AtomicFile.write(traceCSV(result.trace), to: dir + "/trace.csv")
        try AtomicFile.write(data: try document.encoded(), to: dir + "/summary.json")
    }

    /// The `#` lines that open both sample files.
    static func header(_ d: RunDocument) -> String {
        let evidence = d.logEvidence.map {
            "\(formatNumber($0)) ± \(d.logEvidenceError.map(formatNumber) ?? "nan") (\(d.logEvidenceMethod))"
        } ?? "none (\(d.status.message))"
        return """
        # flowcli \(d.flowcliVersion)
        # model: \(d.modelFile)
        # data: \(d.dataFile ?? "none")
        # backend: \(d.backend)  seed: \(d.seed)  threads: \(d.threads)
        # solver: \(d.solver.choice?.description ?? d.solver.method) rtol=\(d.solver.rtol) atol=\(d.solver.atol) max_steps=\(d.solver.maxSteps)
        # log_evidence: \(evidence)

        """
    }

    static func samplesCSV(_ s: WeightedSamples, document: RunDocument) -> String {
        var out = header(document)
        out += "# weights are unnormalised log importance weights; samples are not resampled; parameters in natural units\n"
        out += (["log_weight", "log_likelihood", "log_prior"] + s.parameterNames).joined(separator: ",") + "\n"
        for i in 0..<s.count { out += row(s, i, leading: [s.logWeights[i]]) }
        return out
    }

    /// `samples_equal.csv`: the rows of ``EqualWeightSample/rows(_:seed:)``, without weights.
    static func equalWeightCSV(_ s: WeightedSamples, document: RunDocument, seed: UInt64) -> String {
        let rows = EqualWeightSample.rows(s, count: document.equalWeightSamples, seed: seed)
        var out = header(document)
        out += "# \(rows.count) equal-weight draws (round(ESS)) resampled systematically from samples.csv and shuffled; "
            + "parameters in natural units\n"
        out += (["log_likelihood", "log_prior"] + s.parameterNames).joined(separator: ",") + "\n"
        for i in rows { out += row(s, i, leading: []) }
        return out
    }

    private static func row(_ s: WeightedSamples, _ i: Int, leading: [Double]) -> String {
        var cells = (leading + [s.logLikelihoods[i], s.logPriors[i]]).map(NumberFormat.roundTrip)
        for j in 0..<s.dimension { cells.append(NumberFormat.roundTrip(s.value(i, j))) }
        return cells.joined(separator: ",") + "\n"
    }

    static func traceCSV(_ trace: [TraceRow]) -> String {
        var out = "stage,beta,ess_fraction,pool_size,loss,evaluations,seconds,log_evidence,log_evidence_error,pareto_k,pool_ess\n"
        let n = NumberFormat.roundTrip
        for r in trace {
            out += [String(r.stage), n(r.beta), n(r.essFraction), String(r.poolSize), n(r.loss),
                    String(r.evaluations), n(r.seconds), n(r.logEvidence), n(r.logEvidenceError), n(r.paretoK), n(r.poolESS)]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
