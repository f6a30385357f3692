import Foundation
import Inference

/// One run as the report sees it: its document (`summary.json`), its samples
/// and its trace. A missing or malformed `samples.csv`/`trace.csv` only
/// costs its sections (the reason is kept in ``notes``); a missing or
/// malformed `summary.json` makes the directory no run at all.
struct ReportRun: Sendable {
    /// Subdirectory name in a compare directory, else the backend's name.
    var label: String
    var directory: String
    var summary: RunDocument
    var samples: SampleTable?
    var trace: TraceTable?
    /// Problems that cost a section, shown on the page.
    var notes: [String]

    /// The backend family: the summary's backend, else the label without a
    /// repeat suffix (`flow-r2` → `flow`).
    var family: String {
        if !summary.backend.isEmpty { return summary.backend }
        if let r = label.range(of: "-r", options: .backwards), Int(label[r.upperBound...]) != nil {
            return String(label[..<r.lowerBound])
        }
        return label
    }

    /// Parameter names: the samples' column order, else the summary's.
    var parameterNames: [String] {
        samples?.parameterNames ?? summary.parameters.names
    }

    static func load(directory: String, label: String) throws(ReportError) -> ReportRun {
        let summary = try RunDocument.load(path: directory + "/summary.json")
        var notes: [String] = []
        var samples: SampleTable?
        var trace: TraceTable?
        do { samples = try SampleTable.load(path: directory + "/samples.csv") } catch { notes.append(error.description) }
        do { trace = try TraceTable.load(path: directory + "/trace.csv") } catch { notes.append(error.description) }
        return ReportRun(label: label, directory: directory, summary: summary, samples: samples, trace: trace,
                         notes: notes + sampleNotes(samples, label: label))
    }

    /// A run still in memory (`fit --report`): the document and the result it was made from.
    init(document: RunDocument, result: InferenceResult, directory: String) {
        let samples = SampleTable(result.samples)
        self.init(label: document.backend, directory: directory, summary: document, samples: samples,
                  trace: TraceTable(result.trace), notes: Self.sampleNotes(samples, label: document.backend))
    }

    init(label: String, directory: String, summary: RunDocument, samples: SampleTable?, trace: TraceTable?, notes: [String]) {
        self.label = label
        self.directory = directory
        self.summary = summary
        self.samples = samples
        self.trace = trace
        self.notes = notes
    }

    static func sampleNotes(_ samples: SampleTable?, label: String) -> [String] {
        guard let s = samples else { return [] }
        if s.count == 0 { return ["\(label): samples.csv has no rows"] }
        if s.weights == nil { return ["\(label): no sample has a positive finite weight"] }
        return []
    }
}

/// A run directory, or a compare directory of runs (one subdirectory each).
struct ReportInput: Sendable {
    var directory: String
    var runs: [ReportRun]
    var isCompare: Bool
    /// `compare.json` of a compare directory, when it could be read.
    var comparison: CompareDocument?
    /// Why `compare.json` could not be read (a note on the page).
    var comparisonNote: String?

    /// Loads `directory`: itself if it holds `summary.json`, else every
    /// subdirectory that does, in natural name order (`r2` before `r10`).
    static func load(directory: String) throws(ReportError) -> ReportInput {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .unreadable(path: directory, reason: "no such directory")
        }
        if fm.fileExists(atPath: directory + "/summary.json") {
            let summary = try RunDocument.load(path: directory + "/summary.json")
            let label = summary.backend.isEmpty ? URL(fileURLWithPath: directory).lastPathComponent : summary.backend
            let run = try ReportRun.load(directory: directory, label: label)
            return ReportInput(directory: directory, runs: [run], isCompare: false)
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { fm.fileExists(atPath: directory + "/" + $0 + "/summary.json") }
            .sorted(by: naturalOrder)
        guard !entries.isEmpty else { throw .notARunDirectory(directory) }
        var runs: [ReportRun] = []
        for name in entries { runs.append(try ReportRun.load(directory: directory + "/" + name, label: name)) }
        var input = ReportInput(directory: directory, runs: runs, isCompare: true)
        let path = directory + "/compare.json"
        if fm.fileExists(atPath: path) {
            switch CompareDocument.load(path: path) {
            case .success(let document): input.comparison = document
            case .failure(let error): input.comparisonNote = error.description
            }
        }
        return input
    }

    /// One run in memory.
    init(run: ReportRun) {
        self.init(directory: run.directory, runs: [run], isCompare: false)
    }

    init(directory: String, runs: [ReportRun], isCompare: Bool) {
        self.directory = directory
        self.runs = runs
        self.isCompare = isCompare
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
