import Foundation
import Testing
@testable import flowcli
@testable import Inference

/// The fault suite of `fit --resume`: checkpoints made from inputs that have
/// changed since, checkpoints edited field by field (with their hash
/// recomputed, so that only validation stands between them and the sampler),
/// and checkpoints with flipped or missing bytes. Every case must end in a
/// refusal in words (exit 1) — no crash, no hang, no run that silently
/// continues something else. Checkpoints are made in-process (a fixed number
/// of stages, no timing); the resumes run the real `flowcli`.
@Suite(.serialized) struct CheckpointFaultTests {
    /// A fast flow fit of the linear-Gaussian model (files copied into `dir`).
    static func fitArguments(model: String) -> [String] {
        [model, "--seed", "3", "--threads", "1", "--samples-per-stage", "100", "--layers", "2", "--hidden", "8",
         "--training-steps", "20", "--max-evals", "1500", "--checkpoint-every", "1", "--quiet"]
    }

    struct Fixture {
        var directory: String
        var model: String
        var data: String
        var run: String
        var setup: FitSetup
        var sampler: AnnealedFlowSampler<FlowProposal>
        var checkpoint: Checkpoint
        var state: AnnealedFlowRun<FlowProposal>
    }

    /// Copies the linear-Gaussian model and data into a fresh directory and
    /// writes the checkpoint `fit` would write there after `stages` stages.
    static func fixture(stages: Int = 2) throws -> Fixture {
        let dir = try CLI.temporaryDirectory()
        let model = dir + "/lg.model", data = dir + "/linear_gaussian.csv", run = dir + "/run"
        try String(contentsOfFile: CLI.root + "/models/linear_gaussian.model", encoding: .utf8)
            .write(toFile: model, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CLI.root + "/models/linear_gaussian.csv", toPath: data)
        let arguments = try Arguments(fitArguments(model: model), spec: FitCommand().spec)
        let setup = try FitSetup.load(path: model, arguments: arguments)
        let sampler = try #require(try FlowBackend.make(arguments, dimension: setup.model.parameters.count)
                                   as? AnnealedFlowSampler<FlowProposal>)
        var state = try sampler.start(setup.posterior, seed: setup.seed, budget: setup.budget)
        for _ in 0..<stages { _ = try sampler.step(&state, posterior: setup.posterior, budget: setup.budget, progress: { _ in }) }
        try AtomicFile.prepareDirectory(run)
        let checkpoint = try Checkpoint(backend: sampler.name, arguments: arguments.raw, steps: stages,
                                        provenance: setup.provenance(sampler), state: state)
        try checkpoint.write(to: run)
        return Fixture(directory: dir, model: model, data: data, run: run, setup: setup, sampler: sampler,
                       checkpoint: checkpoint, state: state)
    }

    static func resume(_ run: String) throws -> CLI.Output {
        try CLI.run(["fit", "--resume", run, "--quiet"], timeout: 120)
    }

    /// A refusal: exit 1, the message contains every one of `words`, nothing was overwritten by a run.
    static func expectRefused(_ r: CLI.Output, _ words: [String], _ comment: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        CLI.expectOrderly(r, comment, sourceLocation: sourceLocation)
        #expect(r.status == 1, "\(comment): status \(r.status)\n\(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "\(comment): no '\(w)' in\n\(r.stderr)", sourceLocation: sourceLocation) }
    }

    // MARK: Changed inputs between stop and resume

    @Test func theUntouchedCheckpointResumes() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let r = try Self.resume(f.run)
        CLI.expectOrderly(r, "untouched")
        #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Checkpoint.path(in: f.run)))
    }

    @Test func aModelThatGainedAParameterIsRefused() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let text = try String(contentsOfFile: f.model, encoding: .utf8)
            .replacingOccurrences(of: "\nprior k ~ Normal(1, 0.5)\n", with: "\nprior k ~ Normal(1, 0.5)\nprior b ~ Normal(0, 1)\n")
            .replacingOccurrences(of: "observe y = x ~", with: "observe y = x + b ~")
        try text.write(toFile: f.model, atomically: true, encoding: .utf8)
        Self.expectRefused(try Self.resume(f.run), ["cannot resume", "free parameters are now k, b", "(the checkpoint has k)"],
                           "model gained a parameter")
    }

    @Test func aChangedPriorRangeIsRefused() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let text = try String(contentsOfFile: f.model, encoding: .utf8)
            .replacingOccurrences(of: "\nprior k ~ Normal(1, 0.5)\n", with: "\nprior k ~ Normal(1, 0.7)\n")
        try text.write(toFile: f.model, atomically: true, encoding: .utf8)
        Self.expectRefused(try Self.resume(f.run), ["model file '\(f.model)' has changed"], "prior range changed")
    }

    @Test func aChangedDataFileIsRefused() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        var text = try String(contentsOfFile: f.data, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n", with: "\n", options: [], range: nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Change the last measurement's value (same number of rows, still valid).
        let last = try #require(lines.lastIndex { !$0.isEmpty })
        var cells = lines[last].split(separator: ",").map(String.init)
        cells[cells.count - 1] = "0.5"
        var edited = lines.map(String.init)
        edited[last] = cells.joined(separator: ",")
        try edited.joined(separator: "\n").write(toFile: f.data, atomically: true, encoding: .utf8)
        Self.expectRefused(try Self.resume(f.run), ["data file", "has changed"], "data changed")
    }

    @Test func anotherModelsArgumentsAreRefused() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        // Point the recorded arguments at another model and re-seal the file: the provenance still refuses.
        var c = f.checkpoint
        c.arguments[0] = CLI.root + "/models/lotka_volterra.model"
        c.integrity = c.digest
        try c.write(to: f.run)
        Self.expectRefused(try Self.resume(f.run), ["cannot resume", "free parameters are now"], "another model's arguments")
        // The same edit without re-sealing: refused as modified.
        var unsealed = f.checkpoint
        unsealed.arguments[0] = CLI.root + "/models/lotka_volterra.model"
        try unsealed.write(to: f.run)
        Self.expectRefused(try Self.resume(f.run), ["modified or damaged"], "unsealed edit")
    }

    @Test func aKilledRunWhoseDataChangedIsRefused() throws {
        // A checkpoint written by the real process, which is then killed.
        let f = try Self.fixture(stages: 0)
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        try FileManager.default.removeItem(atPath: f.run)
        let exe = try #require(CLI.executable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        // Slower stages than the fixture's, so the kill lands while the run is going.
        var arguments = Self.fitArguments(model: f.model)
        arguments[arguments.firstIndex(of: "--training-steps")! + 1] = "400"
        process.arguments = ["fit"] + arguments + ["--output", f.run]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && !FileManager.default.fileExists(atPath: Checkpoint.path(in: f.run)) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let finished = !process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        guard FileManager.default.fileExists(atPath: Checkpoint.path(in: f.run)) else {
            // Only a run that finished (and removed its checkpoint) may leave none.
            #expect(finished && [0, 3].contains(process.terminationStatus), "no checkpoint, status \(process.terminationStatus)")
            return
        }
        try (try String(contentsOfFile: f.data, encoding: .utf8) + "y,10,5.5\n").write(toFile: f.data, atomically: true, encoding: .utf8)
        Self.expectRefused(try Self.resume(f.run), ["data file", "has changed"], "killed, then data changed")
    }

    // MARK: Edited state (re-sealed): validation

    /// The edits of a decoded state, each of which must be refused.
    static let edits: [(String, @Sendable (inout AnnealedFlowRun<FlowProposal>) throws -> Void)] = [
        ("β = NaN", { $0.current!.beta = .nan }),
        ("β = 2", { $0.current!.beta = 2 }),
        ("β = −1", { $0.current!.beta = -1 }),
        ("all-zero generator", { run in
            run.current!.rng = try JSONDecoder().decode(RandomSource.self, from: Data(#"{"s0":0,"s1":0,"s2":0,"s3":0}"#.utf8))
        }),
        ("empty pool", { $0.current!.pool = SamplePool(dimension: 1) }),
        ("pool of another dimension", { $0.current!.pool = SamplePool(dimension: 2) }),
        ("truncated pool points", { run in
            run.current!.pool = try edited(run.current!.pool) { pool in
                var stages = pool["stages"] as! [[String: Any]]
                stages[0]["points"] = Array((stages[0]["points"] as! [Double]).dropLast())
                pool["stages"] = stages
            }
        }),
        ("NaN log-likelihood", { run in
            run.current!.pool = try edited(run.current!.pool) { pool in
                var stages = pool["stages"] as! [[String: Any]]
                var logL = stages[0]["logLikelihood"] as! [Double]
                logL[0] = .nan
                stages[0]["logLikelihood"] = logL
                pool["stages"] = stages
            }
        }),
        ("a proposal missing", { $0.current!.proposals.removeLast() }),
        ("a flow of another dimension", { run in
            var rng = RandomSource(seed: 1)
            run.current!.flow = try FlowProposal(dimension: 2, settings: run.current!.settings, rng: &rng)
        }),
        ("another sampler's settings", { run in
            run.current = try edited(run.current!) { population in
                var settings = population["settings"] as! [String: Any]
                var schedule = settings["schedule"] as! [String: Any]
                schedule["samplesPerStage"] = (schedule["samplesPerStage"] as! Int) + 1
                settings["schedule"] = schedule
                population["settings"] = settings
            }
        }),
        ("population index past the end", { $0.populationIndex = 5 }),
        ("trace β out of range", { $0.trace[0].beta = 3 }),
        ("negative elapsed time", { $0.elapsedSeconds = -1 }),
        ("fewer trace rows than stages", { $0.globalStage += 1 }),
    ]

    @Test func everyEditedFieldIsRefusedInProcess() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let d = f.setup.posterior.dimension
        // The state the sampler wrote passes.
        try f.state.validate(dimension: d, settings: f.sampler.annealing)
        #expect(throws: StateProblem.self) { try f.state.validate(dimension: d + 1, settings: f.sampler.annealing) }
        for (name, edit) in Self.edits {
            var state = f.state
            try edit(&state)
            #expect(throws: StateProblem.self, "\(name) accepted") {
                try state.validate(dimension: d, settings: f.sampler.annealing)
            }
        }
    }

    @Test func editedCheckpointsAreRefusedByTheTool() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        // The cases that crashed or hung before validation existed, end to end.
        for (name, edit) in Self.edits where ["β = NaN", "β = 2", "all-zero generator", "empty pool",
                                              "a flow of another dimension", "pool of another dimension"].contains(name) {
            var state = f.state
            try edit(&state)
            try Checkpoint(backend: f.checkpoint.backend, arguments: f.checkpoint.arguments, steps: f.checkpoint.steps,
                           provenance: f.checkpoint.provenance, state: state).write(to: f.run)
            Self.expectRefused(try Self.resume(f.run), ["damaged or not a flowcli checkpoint", "inconsistent"], name)
        }
    }

    /// `value` with its property-list form changed by `change` (for fields tests cannot set).
    static func edited<T: Codable>(_ value: T, _ change: (inout [String: Any]) -> Void) throws -> T {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        var plist = try #require(try PropertyListSerialization.propertyList(from: encoder.encode(value), format: nil)
                                 as? [String: Any])
        change(&plist)
        let data = try PropertyListSerialization.data(fromPropertyList: plist, format: .binary, options: 0)
        return try PropertyListDecoder().decode(T.self, from: data)
    }

    // MARK: Damaged bytes

    @Test func flippedAndMissingBytesAreRefused() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let path = Checkpoint.path(in: f.run)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var lcg: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ n: Int) -> Int {
            lcg = lcg &* 6364136223846793005 &+ 1442695040888963407
            return Int((lcg >> 33) % UInt64(n))
        }
        var variants: [(String, Data)] = [("empty file", Data()), ("not a property list", Data("hello".utf8))]
        for k in 0..<16 {
            var bytes = original
            let i = next(bytes.count)
            bytes[i] ^= UInt8(1 + next(255))
            variants.append(("byte \(i) flipped (\(k))", bytes))
        }
        for k in 0..<6 { variants.append(("truncated (\(k))", original.prefix(next(original.count)))) }
        for (name, bytes) in variants {
            // A flip the decoder cannot see (e.g. in the trailer's unused bytes) leaves the same checkpoint: it may resume.
            let same = (try? PropertyListDecoder().decode(Checkpoint.self, from: bytes)) == f.checkpoint
            try bytes.write(to: URL(fileURLWithPath: path))
            let r = try Self.resume(f.run)
            if same {
                CLI.expectOrderly(r, name)
                try f.checkpoint.write(to: f.run)   // it was consumed
            } else {
                Self.expectRefused(r, ["checkpoint"], name)
                #expect(!r.stderr.contains("usage:"), "\(name): reported as a usage error")
            }
        }
    }

    @Test func missingCheckpointAndOtherFormatsAreExplained() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        var old = f.checkpoint
        old.version = 1
        old.integrity = old.digest
        try old.write(to: f.run)
        Self.expectRefused(try Self.resume(f.run), ["checkpoint of format 1", "start the run again"], "format 1")
        Self.expectRefused(try Self.resume(f.directory + "/nowhere"), ["no checkpoint", "does not exist"], "no directory")
    }
}
