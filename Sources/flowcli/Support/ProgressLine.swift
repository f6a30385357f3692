import Foundation
import Inference
import Synchronization

/// Shows a sampler's progress on stderr, nothing with `--quiet`.
///
/// On a terminal: one live line, rewritten at every report. Otherwise (a log
/// file, a pipe, CI): one line per stage, at most one a second (stages that
/// come faster are summarised by the next line printed), plus a line whenever
/// the phase changes (a mode search starts, and its last count when it ends),
/// when β first reaches 1, every few seconds during a mode search, and the
/// last report when the run ends — so a log always shows where the run got to.
///
/// Each line: stage, β, ESS fraction, evaluations, elapsed seconds, the
/// running log Ẑ once it exists, and an estimate of what remains
/// (``Remaining``).
final class ProgressLine: Sendable {
    private let quiet: Bool
    /// Shown in brackets instead of the backend's name (e.g. `ensemble-r2`).
    private let label: String?
    private let isTerminal: Bool
    private let budget: Budget?
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Double
    private let state = Mutex(State())

    /// Seconds between two lines of a non-terminal log (stage lines / mode-search lines).
    static let stageInterval = 1.0
    static let searchInterval = 5.0

    private struct State: Sendable {
        var lastPrinted = -Double.infinity
        var lastPhase: String?
        var pending: String?
        var sawPosterior = false
        var remaining = Remaining()
    }

    init(quiet: Bool, label: String? = nil, budget: Budget? = nil) {
        self.quiet = quiet
        self.label = label
        self.budget = budget
        isTerminal = isatty(STDERR_FILENO) != 0
        write = { writeAll(STDERR_FILENO, $0) }
        let start = DispatchTime.now().uptimeNanoseconds
        now = { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
    }

    /// For tests: a non-terminal display writing to `write`, with a clock `now`.
    init(label: String? = nil, budget: Budget? = nil, terminal: Bool = false,
         write: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Double) {
        quiet = false
        self.label = label
        self.budget = budget
        isTerminal = terminal
        self.write = write
        self.now = now
    }

    var sink: ProgressSink {
        { [self] progress in self.show(progress) }
    }

    func show(_ p: ProgressReport) {
        guard !quiet else { return }
        let t = now()
        let output: String? = state.withLock { s in
            s.remaining.record(p)
            let text = Self.render(p, label: label, remaining: s.remaining.text(budget: budget, row: p.row))
            if isTerminal { return "\r\u{1B}[2K" + text }
            let phase: String
            if case .modeSearch = p.phase { phase = "mode search" } else { phase = "stage" }
            let firstAtPosterior = p.row.beta >= 1 && !s.sawPosterior && phase == "stage"
            if p.row.beta >= 1 && phase == "stage" { s.sawPosterior = true }
            let interval = phase == "stage" ? Self.stageInterval : Self.searchInterval
            if phase != s.lastPhase || firstAtPosterior || t - s.lastPrinted >= interval {
                // A search that ended shows its last count before the next stage's line.
                let ended = s.lastPhase == "mode search" && phase != "mode search" ? s.pending ?? "" : ""
                s.lastPhase = phase
                s.lastPrinted = t
                s.pending = nil
                return ended + text + "\n"
            }
            s.pending = text + "\n"
            return nil
        }
        if let output { write(output) }
    }

    /// Ends the display: the live line's newline, or the last report not yet printed.
    func finish() {
        guard !quiet else { return }
        if isTerminal {
            write("\n")
        } else if let pending = state.withLock({ s -> String? in defer { s.pending = nil }; return s.pending }) {
            write(pending)
        }
    }

    /// `[flow] stage 7  β=0.0123  ESS=0.482  pool=1200  evals=12000  3.1s  loss=1.234  log Z=…  (…)  ~40 s to β = 1`.
    static func render(_ p: ProgressReport, label: String?, remaining: String?) -> String {
        let r = p.row
        var text = "[\(label ?? p.backend)] "
        switch p.phase {
        case .stage:
            text += String(format: "stage %d  β=%.4g  ESS=%.3f  pool=%d  evals=%d  %.1fs",
                           r.stage, r.beta, r.essFraction, r.poolSize, r.evaluations, r.seconds)
            if r.loss.isFinite { text += String(format: "  loss=%.3f", r.loss) }
            if r.logEvidence.isFinite { text += String(format: "  log Z=%.3f ± %.3f", r.logEvidence, r.logEvidenceError) }
        case let .modeSearch(evaluations, planned):
            text += "mode search: \(evaluations)" + (planned.map { " of ≤ \($0)" } ?? "") + " evaluations"
                + String(format: "  (after stage %d, β=%.4g)  evals=%d  %.1fs", r.stage, r.beta, r.evaluations, r.seconds)
        }
        if let m = p.message { text += "  (\(m))" }
        if let remaining { text += "  " + remaining }
        return text
    }
}

/// An estimate of what remains of a run, from its budget and its progress so far.
///
/// - With `--max-evals` or `--max-seconds`: the evaluations or seconds left
///   (the run ends at the first limit, earlier if it converges).
/// - Otherwise, while β < 1: the seconds to β = 1 at the recent pace — log β
///   has grown by a roughly constant amount per stage in ESS-driven
///   annealing, so the stages left are −log β ÷ (log β growth per stage),
///   times the recent seconds per stage. A rough guide, marked `~`.
struct Remaining: Sendable {
    private var first: (stage: Int, logBeta: Double, seconds: Double)?
    private var last: (stage: Int, logBeta: Double, seconds: Double)?

    mutating func record(_ p: ProgressReport) {
        guard case .stage = p.phase, p.row.beta > 0, p.row.beta < 1, p.row.beta.isFinite else { return }
        let point = (p.row.stage, Foundation.log(p.row.beta), p.row.seconds)
        // β falls back when the next population starts from the prior: its pace starts afresh.
        if first == nil || point.1 < (last?.logBeta ?? -.infinity) { first = point }
        last = point
    }

    func text(budget: Budget?, row: TraceRow) -> String? {
        var parts: [String] = []
        if let m = budget?.maxEvaluations { parts.append("≤ \(max(0, m - row.evaluations)) evals left") }
        if let s = budget?.maxSeconds { parts.append("≤ \(NumberFormat.plain.fixed(max(0, s - row.seconds), 0)) s left") }
        if !parts.isEmpty { return parts.joined(separator: ", ") }
        guard row.beta < 1, let first, let last, last.stage > first.stage else { return nil }
        let perStage = (last.logBeta - first.logBeta) / Double(last.stage - first.stage)
        let secondsPerStage = (last.seconds - first.seconds) / Double(last.stage - first.stage)
        guard perStage > 0, secondsPerStage.isFinite, secondsPerStage >= 0 else { return nil }
        let stages = max(1, (-last.logBeta / perStage - 1e-9).rounded(.up))
        return "~\(NumberFormat.plain.fixed(stages * secondsPerStage, 0)) s (\(counted(Int(stages), "stage"))) to β = 1"
    }
}
