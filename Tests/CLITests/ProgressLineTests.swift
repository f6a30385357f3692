import Foundation
import Synchronization
import Testing
@testable import flowcli
import Inference

/// What `fit` shows on stderr while it runs, with a clock the test sets.
@Suite struct ProgressLineTests {
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        let time = Mutex(0.0)
        func write(_ s: String) { lines.withLock { $0.append(s) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func stage(_ k: Int, beta: Double, evals: Int, seconds: Double, logZ: Double = .nan) -> ProgressReport {
        var row = TraceRow(stage: k, beta: beta, essFraction: 0.5, poolSize: 100 * k, evaluations: evals, seconds: seconds)
        row.logEvidence = logZ
        row.logEvidenceError = logZ.isNaN ? .nan : 0.1
        return ProgressReport(backend: "flow", row: row)
    }

    @Test func aLogGetsALinePerStageAtMostOneASecondAndTheLastOne() {
        let c = Capture()
        let line = ProgressLine(write: c.write, now: { c.time.withLock { $0 } })
        func at(_ t: Double, _ p: ProgressReport) {
            c.time.withLock { $0 = t }
            line.show(p)
        }
        at(0.0, Self.stage(1, beta: 1e-4, evals: 100, seconds: 0))
        at(0.3, Self.stage(2, beta: 1e-3, evals: 200, seconds: 0.3))     // too soon: held back
        at(1.2, Self.stage(3, beta: 1e-2, evals: 300, seconds: 1.2))
        // The mode search is a phase of its own: its first report is shown at once.
        var search = Self.stage(3, beta: 1e-2, evals: 450, seconds: 1.3)
        search.phase = .modeSearch(evaluations: 150, planned: 1000)
        at(1.3, search)
        var later = Self.stage(3, beta: 1e-2, evals: 1300, seconds: 1.35)
        later.phase = .modeSearch(evaluations: 1000, planned: 1000)
        at(1.35, later)                                                       // held back …
        at(1.4, Self.stage(4, beta: 0.1, evals: 1500, seconds: 1.4))         // … shown with the next stage
        at(1.5, Self.stage(5, beta: 1, evals: 1600, seconds: 1.5, logZ: -3)) // β reaches 1: shown
        at(1.6, Self.stage(6, beta: 1, evals: 1700, seconds: 1.6, logZ: -3)) // held back …
        line.finish()                                                         // … and shown at the end
        let lines = c.all
        #expect(lines.count == 6, "\(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && $0.hasPrefix("[flow] ") })
        #expect(lines[0].contains("stage 1") && lines[1].contains("stage 3"))
        #expect(lines[2].contains("mode search: 150 of ≤ 1000 evaluations"))
        // The search's last count comes first in the write of the stage after it.
        #expect(lines[3].hasPrefix("[flow] mode search: 1000 of ≤ 1000 evaluations"))
        #expect(lines[3].contains("stage 4") && lines[4].contains("stage 5") && lines[4].contains("log Z=-3.000 ± 0.100"))
        #expect(lines[5].contains("stage 6"))
        for (l, evals) in zip([lines[0], lines[1], lines[3]], [100, 300, 1500]) { #expect(l.contains("evals=\(evals)")) }
    }

    @Test func aTerminalGetsOneLiveLine() {
        let c = Capture()
        let line = ProgressLine(terminal: true, write: c.write, now: { 0 })
        line.show(Self.stage(1, beta: 0.5, evals: 100, seconds: 0))
        line.show(Self.stage(2, beta: 1, evals: 200, seconds: 1))
        line.finish()
        #expect(c.all.count == 3)
        #expect(c.all[0].hasPrefix("\r\u{1B}[2K[flow] stage 1") && !c.all[0].contains("\n"))
        #expect(c.all[2] == "\n")
    }

    @Test func whatRemains() throws {
        // With a budget: what is left of it.
        var r = Remaining()
        let row = TraceRow(stage: 3, beta: 0.1, essFraction: 0.5, poolSize: 1, evaluations: 1200, seconds: 10)
        #expect(r.text(budget: Budget(maxEvaluations: 5000), row: row) == "≤ 3800 evals left")
        #expect(r.text(budget: Budget(maxSeconds: 60), row: row) == "≤ 50 s left")
        // Without: log β grew by ln 10 per stage at 2 s a stage; from β = 10⁻² two more stages, 4 s.
        r.record(Self.stage(1, beta: 1e-4, evals: 100, seconds: 0))
        r.record(Self.stage(2, beta: 1e-3, evals: 200, seconds: 2))
        let now = Self.stage(3, beta: 1e-2, evals: 300, seconds: 4)
        r.record(now)
        #expect(r.text(budget: nil, row: now.row) == "~4 s (2 stages) to β = 1")
        #expect(r.text(budget: nil, row: Self.stage(9, beta: 1, evals: 900, seconds: 9).row) == nil)
        // The next population starts from the prior: its pace is measured afresh
        // (not from the first population's first stage).
        r.record(Self.stage(10, beta: 1e-4, evals: 1000, seconds: 20))
        let next = Self.stage(11, beta: 1e-2, evals: 1100, seconds: 21)
        r.record(next)
        #expect(r.text(budget: nil, row: next.row) == "~1 s (1 stage) to β = 1")
    }
}
