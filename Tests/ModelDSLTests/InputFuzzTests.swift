import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The in-process fuzz and fault suite (issue 12): the shipped models and
/// their data, damaged by ``InputMutator`` with a fixed seed, go through the
/// whole front end — bytes → UTF-8 → parse → check → data → likelihood setup →
/// one log-likelihood evaluation. For every case: no crash; no hang (each case
/// runs on its own thread under a generous time limit that fails the test
/// rather than waiting forever; nothing is asserted about speed); every error
/// located in the file it is about (line in the file, column in the line or
/// just past its end), its message free of Swift/Foundation internals and of
/// long echoed tokens; a log-likelihood that is finite or −∞, never NaN; and
/// no silent acceptance of a planted issue-12 input.
@Suite struct InputFuzzTests {
    static let models = ["repressilator", "lotka_volterra", "goodwin", "linear_gaussian", "sir"]
    static let modelPath = "mutant.model"
    static let dataPath = "mutant.csv"
    /// Text no message may contain: internals of the standard library or Foundation.
    static let internals = ["NSCocoaErrorDomain", "Swift.", "DecodingError", "Optional(", "Foundation.", "__"]
    /// An enum case printed by default, as `nonFiniteInput(row: 0, column: 0)`.
    static let enumDump = #"[a-z][A-Za-z0-9]*\([a-z][A-Za-z0-9]*: "#
    /// Per case; a hang, not a speed limit (a case takes milliseconds).
    static let timeLimit = 60.0

    struct Corpus: Sendable {
        var name: String
        var model: [UInt8]
        var data: [UInt8]
    }

    static func corpus() throws -> [Corpus] {
        try models.map { name in
            let root = Frontend.repositoryRoot + "/models/" + name
            return Corpus(name: name, model: Array(try Data(contentsOf: URL(fileURLWithPath: root + ".model"))),
                          data: Array(try Data(contentsOf: URL(fileURLWithPath: root + ".csv"))))
        }
    }

    enum Outcome: Sendable {
        case evaluated(logLikelihood: Double)
        case refused(ModelErrors, model: ModelSource?, data: ModelSource?)
        /// The front end accepted what the likelihood then refused: a gap in the checks.
        case setupRefused(String)
    }

    /// One case through the front end and the likelihood.
    static func run(model: [UInt8], data: [UInt8]) -> Outcome {
        var modelSource: ModelSource?
        var dataSource: ModelSource?
        do throws(ModelErrors) {
            switch TextFile.decode(model) {
            case .success(let text): modelSource = ModelSource(path: modelPath, text: text)
            case .failure(let bad): throw bad.errors(file: modelPath, role: "model")
            }
            let loaded = try LoadedModel.load(source: modelSource!, readData: false)
            switch TextFile.decode(data) {
            case .success(let text): dataSource = ModelSource(path: dataPath, text: text)
            case .failure(let bad): throw bad.errors(file: dataPath, role: "data")
            }
            let measurements = try DataReader.parse(dataSource!, model: loaded.model)
            do {
                let likelihood = try ModelLikelihood(model: loaded.model, data: measurements,
                                                     options: SolverOptions(maxSteps: 20_000))
                let point = loaded.model.parameters.map { $0.nominal ?? central($0.prior) }
                return .evaluated(logLikelihood: try likelihood.logLikelihoods([point]).logLikelihoods[0])
            } catch {
                return .setupRefused("\(error)")
            }
        } catch {
            return .refused(error, model: modelSource, data: dataSource)
        }
    }

    /// A point inside the prior (the fuzz needs one evaluation, not the median).
    static func central(_ p: PriorSpec) -> Double {
        var x: Double
        switch p.kind {
        case .uniform: x = (p.first + p.second) / 2
        case .logUniform: x = (p.first * p.second).squareRoot()
        case .normal: x = p.first
        case .logNormal: x = Foundation.exp(p.first)
        }
        if let t = p.truncation { x = min(max(x, t.lowerBound), t.upperBound) }
        return x
    }

    /// Runs `body` on its own thread (16 MiB of stack, like a main thread's);
    /// nil when it has not finished within `seconds`.
    static func withinLimit<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        return done.wait(timeout: .now() + seconds) == .success ? box.value : nil
    }

    /// Every diagnostic is an error located in the file it names, with a clean, short message.
    static func expectWellFormed(_ error: ModelErrors, model: ModelSource?, data: ModelSource?, context: String) {
        #expect(!error.diagnostics.isEmpty, "\(context)")
        for d in error.diagnostics {
            // The error's own copy of the file first (text that is not UTF-8 is shown decoded lossily).
            let source = error.sources.first { $0.path == d.file } ?? (d.file == modelPath ? model : data)
            #expect(d.file == modelPath || d.file == dataPath, "\(d) — \(context)")
            #expect(d.severity == .error)
            let lines = source?.lines ?? []
            let located = d.line >= 1 && d.line <= lines.count
                && d.column >= 1 && d.column <= lines[d.line - 1].unicodeScalars.count + 1
            #expect(located, "not located in \(d.file) (\(lines.count) lines): \(d.description.prefix(300)) — \(context)")
            for word in internals {
                #expect(!d.message.contains(word), "\(d.message.prefix(300)) — \(context)")
            }
            #expect(d.message.range(of: enumDump, options: .regularExpression) == nil, "\(d.message.prefix(300)) — \(context)")
            #expect(d.message.unicodeScalars.count <= 400, "\(d.message.unicodeScalars.count) characters: \(d.message.prefix(300)) — \(context)")
        }
        // Rendered, each diagnostic is its message and two clipped lines.
        let longest = error.description.split(separator: "\n").map(\.unicodeScalars.count).max() ?? 0
        #expect(longest <= 400 + 2 * Diagnostic.shownWidth, "a rendered line of \(longest) characters — \(context)")
    }

    @Test func mutatedModelsAndDataFailCleanlyOrEvaluate() throws {
        let corpus = try Self.corpus()
        var mutator = InputMutator(seed: 0x0012_F022)
        var (evaluated, refused, planted) = (0, 0, 0)
        for index in 0..<500 {
            let original = corpus[index % corpus.count]
            var (model, data) = (original.model, original.data)
            let target = mutator.int(0..<5)  // 0, 1: model; 2, 3: data; 4: both
            var edits: [String] = []
            // One case in five only perturbs numbers: most of those files stay
            // readable and reach the likelihood with extreme values.
            let gentle = mutator.int(0..<5) == 0
            for _ in 0..<mutator.int(1..<4) {
                let edit = gentle ? .replaceNumber : mutator.pick(InputMutator.Blind.allCases)
                edits.append("\(edit)")
                if target <= 1 || target == 4 { model = mutator.apply(edit, to: model) }
                if target >= 2 { data = mutator.apply(edit, to: data) }
            }
            var refusal: InputMutator.Refusal?
            if mutator.int(0..<10) < 4 {
                let candidate = mutator.pick(InputMutator.Refusal.allCases)
                if let planted = mutator.apply(candidate, model: model, data: data) {
                    (model, data, refusal) = (planted.model, planted.data, candidate)
                    edits.append("then \(candidate)")
                }
            }
            let context = "case \(index) (\(original.name): \(edits.joined(separator: ", ")))"
            let (m, d) = (model, data)
            guard let outcome = Self.withinLimit(Self.timeLimit, { Self.run(model: m, data: d) }) else {
                Issue.record("no result within \(Self.timeLimit) s: \(context)")
                return
            }
            switch outcome {
            case .evaluated(let logLikelihood):
                evaluated += 1
                #expect(!logLikelihood.isNaN, "\(context)")
                #expect(refusal == nil, "accepted silently: \(context)")
            case let .refused(error, modelSource, dataSource):
                refused += 1
                if refusal != nil { planted += 1 }
                Self.expectWellFormed(error, model: modelSource, data: dataSource, context: context)
            case .setupRefused(let message):
                Issue.record("the front end accepted what the likelihood refused (\(message)): \(context)")
            }
        }
        // The harness exercises both outcomes and the planted inputs (not tuned: loose floors).
        #expect(evaluated >= 50 && refused >= 200 && planted >= 100, "evaluated \(evaluated), refused \(refused), planted \(planted)")
    }
}

/// The result of a body run on another thread; written once before a semaphore
/// is signalled, read after the wait succeeds.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
