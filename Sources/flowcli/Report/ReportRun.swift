import Foundation

/// One run directory as the report sees it: its summary, its samples and its
/// trace. A missing or malformed `samples.csv`/`trace.csv` only costs its
/// sections (the reason is kept in ``notes``); a missing `summary.json` makes
/// the directory no run at all.
struct ReportRun: Sendable {
    /// Subdirectory name in a compare directory, else the backend's name.
    var label: String
    var directory: String
    var summary: RunSummary
    var samples: SampleTable?
    var trace: TraceTable?
    /// Problems that cost a section, shown on the page.
    var notes: [String]

    /// The backend family: the summary's backend, else the label without a
    /// repeat suffix (`flow-r2` → `flow`).
    var family: String {
        if let b = summary.backend, !b.isEmpty { return b }
        if let r = label.range(of: "-r", options: .backwards), Int(label[r.upperBound...]) != nil {
            return String(label[..<r.lowerBound])
        }
        return label
    }

    /// Parameter names: the samples' column order, else the summary's (sorted).
    var parameterNames: [String] {
        samples?.parameterNames ?? summary.parameters.keys.sorted()
    }

    static func load(directory: String, label: String) throws(ReportError) -> ReportRun {
        let summary = try RunSummary.load(path: directory + "/summary.json")
        var notes: [String] = []
        var samples: SampleTable?
        var trace: TraceTable?
        do { samples = try SampleTable.load(path: directory + "/samples.csv") } catch { notes.append(error.description) }
        do { trace = try TraceTable.load(path: directory + "/trace.csv") } catch { notes.append(error.description) }
        if let s = samples {
            if s.count == 0 { notes.append("\(label): samples.csv has no rows") }
            else if s.weights == nil { notes.append("\(label): no sample has a positive finite weight") }
        }
        return ReportRun(label: label, directory: directory, summary: summary, samples: samples, trace: trace, notes: notes)
    }
}

/// A run directory, or a compare directory of runs (one subdirectory each).
struct ReportInput: Sendable {
    var directory: String
    var runs: [ReportRun]
    var isCompare: Bool
    /// Top-level scalar fields of `compare.json`, if there is one.
    var compareFields: [(key: String, value: String)]

    /// Loads `directory`: itself if it holds `summary.json`, else every
    /// subdirectory that does, in natural name order (`r2` before `r10`).
    static func load(directory: String) throws(ReportError) -> ReportInput {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .unreadable(path: directory, reason: "no such directory")
        }
        if fm.fileExists(atPath: directory + "/summary.json") {
            let summary = try RunSummary.load(path: directory + "/summary.json")
            let label = summary.backend ?? URL(fileURLWithPath: directory).lastPathComponent
            let run = try ReportRun.load(directory: directory, label: label)
            return ReportInput(directory: directory, runs: [run], isCompare: false, compareFields: [])
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { fm.fileExists(atPath: directory + "/" + $0 + "/summary.json") }
            .sorted(by: naturalOrder)
        guard !entries.isEmpty else { throw .notARunDirectory(directory) }
        var runs: [ReportRun] = []
        for name in entries { runs.append(try ReportRun.load(directory: directory + "/" + name, label: name)) }
        return ReportInput(directory: directory, runs: runs, isCompare: true,
                           compareFields: compareFields(directory + "/compare.json"))
    }

    private static func compareFields(_ path: String) -> [(key: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: path),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        // The model, its files and the solver are shown from the runs' own summaries already.
        let shown: Set<String> = ["model", "model_file", "data_file", "solver"]
        return root.compactMap { key, value -> (key: String, value: String)? in
            guard !shown.contains(key) else { return nil }
            let label = key.replacingOccurrences(of: "_", with: " ")
            if let s = value as? String { return (label, s) }
            if let n = value as? NSNumber { return (label, "\(n)") }
            return nil
        }.sorted { $0.key < $1.key }
    }
}

/// Natural order of names: digit runs compare as numbers (`flow-r2` < `flow-r10`).
func naturalOrder(_ a: String, _ b: String) -> Bool {
    func chunks(_ s: String) -> [(isNumber: Bool, text: String)] {
        var out: [(Bool, String)] = []
        for c in s {
            let digit = c.isASCII && c.isNumber
            if let last = out.last, last.0 == digit { out[out.count - 1].1.append(c) } else { out.append((digit, String(c))) }
        }
        return out
    }
    let x = chunks(a), y = chunks(b)
    for (p, q) in zip(x, y) where p.text != q.text {
        if p.isNumber && q.isNumber, let m = Int(p.text), let n = Int(q.text), m != n { return m < n }
        return p.text < q.text
    }
    return x.count < y.count
}
