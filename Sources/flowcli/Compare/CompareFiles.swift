import Foundation
import Inference

/// `compare.json` and `compare.csv` of a compare directory.
///
/// `compare.json`: the plan as top-level scalars (which the report lists in
/// its header), then `runs` (one object per run) and `backend_summaries`
/// (one per backend: first run, mean and sd over repeats, mean stated error,
/// calibration ratio, median settling cost). `compare.csv`: one row per run,
/// including every parameter's posterior mean and sd.
enum CompareFiles {
    static func write(plan: ComparePlan, runs: [CompareRun]) throws {
        let backends = BackendComparison.group(runs, backends: plan.backends)
        try AtomicFile.write(json(plan: plan, backends: backends).rendered() + "\n", to: plan.output + "/compare.json")
        try AtomicFile.write(csv(plan: plan, runs: runs), to: plan.output + "/compare.csv")
    }

    static func json(plan: ComparePlan, backends: [BackendComparison]) -> JSONValue {
        func opt(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        func run(_ r: CompareRun) -> JSONValue {
            var pairs: [(String, JSONValue)] = [
                ("backend", .string(r.backend)), ("repeat", .int(r.repeatIndex)), ("seed", .string(String(r.seed))),
                ("directory", .string(r.directory)), ("status", .string(r.state)),
                ("reached_posterior", .bool(r.reachedPosterior)),
                ("log_evidence", .number(r.logEvidence)), ("log_evidence_error", .number(r.logEvidenceError)),
                ("log_evidence_method", .string(r.method)), ("log_evidence_reliable", .bool(r.reliable)),
            ]
            if let ref = plan.reference { pairs.append(("distance_from_reference", .number(r.logEvidence - ref))) }
            pairs += [
                ("likelihood_evaluations", .int(r.evaluations)), ("wall_seconds", .number(r.seconds)),
                ("evaluations_to_tolerance", r.settledEvaluations.map { .int($0) } ?? .null),
                ("seconds_to_tolerance", opt(r.settledSeconds)),
                ("parameters", .object(r.parameterNames.indices.map {
                    (r.parameterNames[$0], .object([("mean", .number(r.means[$0])), ("sd", .number(r.sds[$0]))]))
                })),
            ]
            return .object(pairs)
        }
        func backend(_ b: BackendComparison) -> JSONValue {
            .object([
                ("backend", .string(b.backend)), ("runs", .int(b.runs.count)), ("runs_with_estimate", .int(b.estimated.count)),
                ("first_log_evidence", opt(b.first?.logEvidence)), ("first_log_evidence_error", opt(b.first?.logEvidenceError)),
                ("mean_log_evidence", opt(b.meanLogEvidence)), ("sd_log_evidence", opt(b.sdLogEvidence)),
                ("mean_stated_error", opt(b.meanStatedError)), ("calibration_ratio", opt(b.calibrationRatio)),
                ("median_evaluations_to_tolerance", opt(b.medianSettledEvaluations)),
                ("median_seconds_to_tolerance", opt(b.medianSettledSeconds)),
            ])
        }
        return .object([
            ("flowcli_version", .string(FlowCLI.version)),
            ("model", .string(plan.modelName)), ("model_file", .string(plan.modelFile)), ("data_file", .string(plan.dataFile)),
            ("backends", .string(plan.backends.joined(separator: ","))), ("repeats", .int(plan.repeats)),
            ("first_seed", .string(String(plan.firstSeed))), ("threads", .int(plan.threads)),
            ("max_evaluations_per_run", plan.maxEvaluations.map { .int($0) } ?? .null),
            ("max_seconds_per_run", opt(plan.maxSeconds)),
            ("convergence_tolerance_nats", .number(plan.tolerance)),
            ("reference_log_evidence", opt(plan.reference)),
            ("runs", .array(backends.flatMap(\.runs).map(run))),
            ("backend_summaries", .array(backends.map(backend))),
        ])
    }

    static func csv(plan: ComparePlan, runs: [CompareRun]) -> String {
        var names: [String] = []
        for r in runs { for n in r.parameterNames where !names.contains(n) { names.append(n) } }
        var header = ["backend", "repeat", "seed", "directory", "status", "reached_posterior", "log_evidence",
                      "log_evidence_error", "log_evidence_method", "reliable"]
        if plan.reference != nil { header.append("distance_from_reference") }
        header += ["likelihood_evaluations", "wall_seconds", "evaluations_to_tolerance", "seconds_to_tolerance"]
        header += names.flatMap { ["\($0)_mean", "\($0)_sd"] }
        var out = header.map(field).joined(separator: ",") + "\n"
        for r in runs {
            var row = [r.backend, String(r.repeatIndex), String(r.seed), r.directory, r.state, String(r.reachedPosterior),
                       RunWriter.number(r.logEvidence), RunWriter.number(r.logEvidenceError), r.method, String(r.reliable)]
            if let ref = plan.reference { row.append(RunWriter.number(r.logEvidence - ref)) }
            row += [String(r.evaluations), RunWriter.number(r.seconds),
                    r.settledEvaluations.map(String.init) ?? "", r.settledSeconds.map(RunWriter.number) ?? ""]
            for n in names {
                if let j = r.parameterNames.firstIndex(of: n) {
                    row += [RunWriter.number(r.means[j]), RunWriter.number(r.sds[j])]
                } else {
                    row += ["", ""]
                }
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
