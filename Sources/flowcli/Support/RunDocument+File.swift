import Foundation
import Inference

extension RunDocument {
    /// The encoder of run and compare documents: pretty-printed, keys sorted
    /// (so that equal runs give byte-equal files), slashes in paths as is.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `summary.json`'s bytes (with a final newline).
    func encoded() throws -> Data {
        do {
            var data = try Self.encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw CLIError("cannot encode the run summary: \(UserMessage.describe(error))")
        }
    }

    /// Reads `summary.json` at `path`.
    /// - Throws: ``ReportError`` for a missing file, a file that is not JSON,
    ///   a summary of an older or newer flowcli, or one with a missing or
    ///   mistyped key — each said in words, with the key's path.
    static func load(path: String) throws(ReportError) -> RunDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "missing or not readable")
        }
        return try decode(data, path: path)
    }

    static func decode(_ data: Data, path: String) throws(ReportError) -> RunDocument {
        struct Version: Decodable { var format: Int? }
        let version: Version
        do { version = try JSONDecoder().decode(Version.self, from: data) } catch {
            throw .malformedSummary(path: path, reason: "it is not a JSON object (damaged, or not written by flowcli)")
        }
        guard let format = version.format else {
            throw .malformedSummary(path: path, reason: "it was written by an older flowcli (it has no \"format\" key); "
                                    + "run the fit again with this flowcli")
        }
        guard format == currentFormat else {
            let newer = format > currentFormat ? "a newer" : "an older"
            throw .malformedSummary(path: path, reason: "it was written by \(newer) flowcli (summary format \(format); "
                                    + "this flowcli reads format \(currentFormat))")
        }
        do { return try JSONDecoder().decode(RunDocument.self, from: data) } catch {
            throw .malformedSummary(path: path, reason: UserMessage.describe(error))
        }
    }
}
