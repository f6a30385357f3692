import Foundation

/// Reading a whole text file, with a readable reason when that fails.
enum TextFile {
    struct Failure: Error {
        /// "file not found", "is a directory", "the file is not UTF-8 text: …"
        var reason: String
        /// Where the bytes stop being UTF-8, when that is the problem.
        var invalidUTF8: InvalidUTF8?
    }

    /// The first byte that is not part of valid UTF-8, located.
    struct InvalidUTF8: Error, Hashable, Sendable {
        /// 0-based offset of the first byte of the invalid sequence.
        var byteOffset: Int
        var byte: UInt8
        /// 1-based line and column (Unicode scalars of the valid text before it on that line).
        var line: Int
        var column: Int
        /// The whole text with each invalid sequence replaced by U+FFFD, to show the line.
        var lossyText: String

        var reason: String {
            let hex = String(byte, radix: 16, uppercase: true)
            return "the file is not UTF-8 text: invalid byte 0x\(hex.count < 2 ? "0" : "")\(hex) at byte offset \(byteOffset) (line \(line), column \(column))"
        }

        /// The error as a diagnostic in `file` at the bad byte, with the line shown.
        func errors(file: String, role: String) -> ModelErrors {
            let hex = String(byte, radix: 16, uppercase: true)
            let message = "\(role) file is not UTF-8 text: invalid byte 0x\(hex.count < 2 ? "0" : "")\(hex) at byte offset \(byteOffset); save it as UTF-8"
            return ModelErrors([Diagnostic(severity: .error, file: file, line: line, column: column, message: message)],
                               sources: [ModelSource(path: file, text: lossyText)])
        }
    }

    /// The file's text (UTF-8). Cost: one read of the file and one validation pass.
    static func read(_ path: String) throws(Failure) -> String {
        var isDirectory: ObjCBool = false
        // C file APIs stop at a NUL, so "a.csv\0junk" would open "a.csv".
        guard !path.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw Failure(reason: "the path contains a NUL byte")
        }
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(reason: "file not found")
        }
        guard !isDirectory.boolValue else { throw Failure(reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(reason: "the file cannot be read")
        }
        switch decode(Array(data)) {
        case .success(let text): return text
        case .failure(let bad): throw Failure(reason: bad.reason, invalidUTF8: bad)
        }
    }

    /// The file as a source; any failure is a ``ModelErrors``: invalid UTF-8 at
    /// the bad byte's line and column, anything else as "cannot read `role` file …".
    static func source(_ path: String, role: String) throws(ModelErrors) -> ModelSource {
        do {
            return ModelSource(path: path, text: try read(path))
        } catch {
            if let bad = error.invalidUTF8 { throw bad.errors(file: path, role: role) }
            throw ModelErrors(file: path, message: "cannot read \(role) file '\(path)': \(error.reason)")
        }
    }

    /// Strict UTF-8 decoding (no overlong forms, surrogates or code points past
    /// U+10FFFF), locating the first invalid sequence. Cost: one pass; a second
    /// only when the bytes are invalid.
    static func decode(_ bytes: [UInt8]) -> Result<String, InvalidUTF8> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var (offset, line, column) = (0, 1, 1)
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
            case .emptyInput:
                // Unreachable: the bytes failed validation, so the decoder meets an error first.
                return .success(String(decoding: bytes, as: UTF8.self))
            case .error:
                return .failure(InvalidUTF8(byteOffset: offset, byte: bytes[offset], line: line, column: column,
                                            lossyText: String(decoding: bytes, as: UTF8.self)))
            }
        }
    }
}

extension ModelSource {
    /// The model file at `path`, read as ``LoadedModel/load(path:dataPath:)``
    /// reads it: "cannot read model file …" (not found, a directory, …), or
    /// bytes that are not UTF-8 reported at their line and column.
    public static func readModel(path: String) throws(ModelErrors) -> ModelSource {
        try TextFile.source(path, role: "model")
    }
}
