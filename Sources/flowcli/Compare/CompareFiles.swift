import Foundation
import Inference

/// `compare.json` and `compare.csv` of a compare directory.
///
/// `compare.json` is a ``CompareDocument``: the plan as top-level scalars
/// (which the report lists in its header), then `runs` (one ``CompareRun``
/// per run, made of the run documents' own types) and `backend_summaries`
/// (one per backend: first run, mean and sd over repeats, mean stated error,
/// calibration ratio, median settling cost). `compare.csv`: one row per run,
/// including every parameter's posterior mean and sd.
enum CompareFiles {
    static func write(plan: ComparePlan, runs: [CompareRun]) throws {
        let backends = BackendComparison.group(runs, backends: plan.backends)
        try AtomicFile.write(data: try document(plan: plan, backends: backends).encoded(), to: plan.output + "/compare.json")
        try AtomicFile.write(csv(plan: plan, runs: runs), to: plan.output + "/compare.csv")
    }

    static func document(plan: ComparePlan, backends: [BackendComparison]) -> CompareDocument {
        CompareDocument(
            flowcliVersion: FlowCLI.version, model: plan.modelName, modelFile: plan.modelFile, dataFile: plan.dataFile,
            backends: plan.backends.joined(separator: ","), repeats: plan.repeats, firstSeed: String(plan.firstSeed),
            threads: plan.threads, maxEvaluationsPerRun: plan.maxEvaluations, maxSecondsPerRun: plan.maxSeconds,
            convergenceToleranceNats: plan.tolerance, referenceLogEvidence: plan.reference,
            runs: backends.flatMap(\.runs), backendSummaries: backends.map(\.summary))
    }

    static func csv(plan: ComparePlan, runs: [CompareRun]) -> String {
        var names: [String] = []
        for r in runs { for n in r.parameters.names where !names.contains(n) { names.append(n) } }
        var header = ["backend", "repeat", "seed", "directory", "status", "reached_posterior", "log_evidence",
                      "log_evidence_error", "log_evidence_method", "reliable"]
        if plan.reference != nil { header.append("distance_from_reference") }
        header += ["likelihood_evaluations", "wall_seconds", "evaluations_to_tolerance", "seconds_to_tolerance"]
        header += names.flatMap { ["\($0)_mean", "\($0)_sd"] }
        func cell(_ x: Double?) -> String { x.map(NumberFormat.roundTrip) ?? "" }
        var out = header.map(field).joined(separator: ",") + "\n"
        for r in runs {
            var row = [r.backend, String(r.repeatIndex), r.seed, r.directory, r.status.state.rawValue,
                       String(r.reachedPosterior), cell(r.logEvidence), cell(r.logEvidenceError),
                       r.logEvidenceMethod.identifier, String(r.logEvidenceReliable)]
            if plan.reference != nil { row.append(cell(r.distanceFromReference)) }
            row += [String(r.likelihoodEvaluations), cell(r.wallSeconds),
                    r.evaluationsToTolerance.map(String.init) ?? "", cell(r.secondsToTolerance)]
            for n in names {
                let stats = r.parameters[n]
                row += [cell(stats?.mean), cell(stats?.sd)]
            }
            out += row.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field, quoted (RFC 4180) when it holds a comma, quote or newline.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
