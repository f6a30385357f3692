import Foundation
import Inference

/// A resumable run's state on disk: `DIR/checkpoint.plist`, a binary
/// property list (exact doubles, infinities and NaNs included) written
/// atomically. It holds
/// - the `fit` arguments that started the run, so `--resume` rebuilds the same
///   model, data, settings and thread count;
/// - its ``Provenance``: content hashes of the model text, the data file and
///   the settings, the free parameters and the flowcli version, so that a
///   resume after any of them changed is refused, naming what changed;
/// - the sampler's state after a whole stage, encoded;
/// - a SHA-256 over all of the above (``integrity``), so that a file edited or
///   damaged after it was written is refused before its state is even decoded
///   (and a decoded state is validated besides:
///   ``CheckpointableBackend/validate(_:posterior:)``).
struct Checkpoint: Codable, Sendable, Equatable {
    /// 2: provenance and a hashed state (format 1 had neither).
    static let formatVersion = 2
    static func path(in directory: String) -> String { directory + "/checkpoint.plist" }

    var version: Int
    var flowcliVersion: String
    var backend: String
    /// `fit`'s arguments, as given.
    var arguments: [String]
    var steps: Int
    var provenance: Provenance
    /// The sampler's state as a binary property list.
    var state: Data
    /// SHA-256 of every other field (``digest``).
    var integrity: String

    init<State: Encodable>(backend: String, arguments: [String], steps: Int, provenance: Provenance, state: State) throws {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        let data: Data
        do { data = try encoder.encode(state) } catch {
            throw CLIError("cannot encode the checkpoint: \(UserMessage.describe(error))")
        }
        self.version = Self.formatVersion
        self.flowcliVersion = FlowCLI.version
        self.backend = backend
        self.arguments = arguments
        self.steps = steps
        self.provenance = provenance
        self.state = data
        self.integrity = ""
        self.integrity = digest
    }

    /// SHA-256 of the header fields (as sorted-key JSON) followed by the state's bytes.
    var digest: String {
        struct Header: Encodable {
            var version: Int
            var flowcliVersion: String
            var backend: String
            var arguments: [String]
            var steps: Int
            var provenance: Provenance
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = (try? encoder.encode(Header(version: version, flowcliVersion: flowcliVersion, backend: backend,
                                                  arguments: arguments, steps: steps, provenance: provenance))) ?? Data()
        return SHA256.hex(header + state)
    }

    func write(to directory: String) throws {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw CLIError("cannot encode the checkpoint: \(UserMessage.describe(error))")
        }
        try AtomicFile.write(data: data, to: Self.path(in: directory))
    }

    /// The checkpoint in `directory` (its state still encoded).
    /// - Throws: ``CLIError`` in words: no checkpoint, a damaged file, another format.
    static func read(from directory: String) throws -> Checkpoint {
        let path = Self.path(in: directory)
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: directory) ? "" : " ('\(directory)' does not exist)"
            throw CLIError("no checkpoint at '\(path)'\(why): a finished run removes its checkpoint, and only the flow "
                           + "backend writes one; start the run with flowcli fit MODEL … --output DIR")
        }
        struct Version: Decodable { var version: Int }
        guard let version = try? PropertyListDecoder().decode(Version.self, from: data).version else {
            throw damaged(path, because: "it cannot be read as a checkpoint")
        }
        guard version == formatVersion else {
            throw CLIError("'\(path)' is a checkpoint of format \(version), written by another flowcli version; "
                           + "this flowcli reads format \(formatVersion): start the run again (remove the checkpoint)")
        }
        let checkpoint: Checkpoint
        do { checkpoint = try PropertyListDecoder().decode(Checkpoint.self, from: data) } catch {
            throw damaged(path, because: UserMessage.describe(error))
        }
        guard checkpoint.digest == checkpoint.integrity else {
            throw damaged(path, because: "its content does not match the hash recorded with it (the file was modified "
                          + "or damaged after it was written)")
        }
        return checkpoint
    }

    /// The sampler state (the file's integrity was checked by ``read(from:)``).
    func decodeState<State: Decodable>(_ type: State.Type, path: String) throws -> State {
        do { return try PropertyListDecoder().decode(State.self, from: state) } catch {
            throw Self.damaged(path, because: "its sampler state cannot be read: \(UserMessage.describe(error))")
        }
    }

    static func damaged(_ path: String, because reason: String) -> CLIError {
        CLIError("'\(path)' is damaged or not a flowcli checkpoint: \(reason). The run cannot continue from it; "
                 + "remove it and start the run again (flowcli fit MODEL … --output DIR)")
    }
}

/// What a checkpoint was made from.
struct Provenance: Codable, Sendable, Equatable {
    var modelFile: String
    /// SHA-256 of the model file's text.
    var modelHash: String
    var dataFile: String
    /// SHA-256 of the data file's bytes.
    var dataHash: String
    /// The free parameters, in order.
    var parameters: [String]
    /// SHA-256 of the settings in force (backend settings, solver, budget, seed, threads), as canonical JSON.
    var settingsHash: String

    /// Each input of `now` that differs from this (the checkpoint's) record, in words.
    func differences(from now: Provenance) -> [String] {
        var out: [String] = []
        if parameters != now.parameters {
            out.append("the model's free parameters are now \(Self.list(now.parameters)) (the checkpoint has \(Self.list(parameters)))")
        }
        if modelFile != now.modelFile {
            out.append("the model file is now '\(now.modelFile)' (the checkpoint was made from '\(modelFile)')")
        } else if modelHash != now.modelHash {
            out.append("the model file '\(modelFile)' has changed since the checkpoint was written")
        }
        if dataFile != now.dataFile {
            out.append("the data file is now '\(now.dataFile)' (the checkpoint was made with '\(dataFile)')")
        } else if dataHash != now.dataHash {
            out.append("the data file '\(dataFile)' has changed since the checkpoint was written")
        }
        if settingsHash != now.settingsHash {
            out.append("the settings in force differ from those the run was started with")
        }
        return out
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}

/// A resumable backend whose decoded state can be checked before it is
/// continued (a checkpoint may have been edited: every field is checked).
protocol CheckpointableBackend: ResumableBackend {
    /// Throws, in words, if `state` cannot be continued on `posterior` with this backend's settings.
    func validate(_ state: State, posterior: Posterior) throws
}

/// How often a resumable run writes its checkpoint.
struct CheckpointPolicy {
    var everyStages: Int
    var everySeconds: Double
    /// A save is not due until this many times the previous save's duration
    /// has passed since it, so saving takes at most about 1/(1 + factor) of
    /// the run's wall time. (The flow backend's state grows with its stages:
    /// Crauste's reached 319 MB after 700 stages of half a second, and saving
    /// it every 20 stages took most of the run.)
    var overheadFactor = 10.0

    /// Whether a save is due after `steps` steps, `sinceLastSave` seconds after
    /// the previous save, which took `lastSaveDuration` seconds.
    func isDue(steps: Int, sinceLastSave: Double, lastSaveDuration: Double) -> Bool {
        (steps % everyStages == 0 || sinceLastSave >= everySeconds) && sinceLastSave >= overheadFactor * lastSaveDuration
    }
}
