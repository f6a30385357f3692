import Inference

/// A run's convergence trace (`trace.csv`): one row per stage or trace interval.
struct TraceTable: Sendable {
    struct Row: Sendable {
        var stage: Double
        var beta: Double
        var essFraction: Double
        var evaluations: Double
        var seconds: Double
        var logEvidence: Double
        var logEvidenceError: Double
    }

    var rows: [Row]

    static let required = ["stage", "beta", "ess_fraction", "evaluations", "log_evidence", "log_evidence_error"]

    /// The trace still in memory (what trace.csv holds).
    init(_ trace: [TraceRow]) {
        rows = trace.map {
            Row(stage: Double($0.stage), beta: $0.beta, essFraction: $0.essFraction, evaluations: Double($0.evaluations),
                seconds: $0.seconds, logEvidence: $0.logEvidence, logEvidenceError: $0.logEvidenceError)
        }
    }

    init(rows: [Row]) {
        self.rows = rows
    }

    /// Reads `trace.csv` (any column order; `seconds` optional).
    /// - Throws: ``ReportError`` for a malformed file or a missing column.
    static func load(path: String) throws(ReportError) -> TraceTable {
        let table = try CSVTable.load(path: path)
        var index: [String: Int] = [:]
        for name in required {
            guard let j = table.column(name) else {
                throw .malformedCSV(path: path, line: table.headerLine, reason: "no column '\(name)'")
            }
            index[name] = j
        }
        func at(_ row: [Double], _ name: String) -> Double { index[name].map { row[$0] } ?? .nan }
        let seconds = table.column("seconds")
        return TraceTable(rows: table.rows.map { r in
            Row(stage: at(r, "stage"), beta: at(r, "beta"), essFraction: at(r, "ess_fraction"),
                evaluations: at(r, "evaluations"), seconds: seconds.map { r[$0] } ?? .nan,
                logEvidence: at(r, "log_evidence"), logEvidenceError: at(r, "log_evidence_error"))
        })
    }
}
