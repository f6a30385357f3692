import Foundation

/// Writes files so that a reader (or a crash) never sees half of one: the
/// text goes to a temporary file in the same directory, is flushed to disk,
/// and is then renamed over the destination (rename is atomic on POSIX).
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        guard let data = text.data(using: .utf8) else { throw CLIError("cannot encode \(path)") }
        try write(data: data, to: path)
    }

    static func write(data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CLIError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok else {
            unlink(tmp)
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw CLIError("cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A runtime failure of a command (bad file, I/O): printed as `flowcli: error: …`, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension AtomicFile {
    /// Creates `path` (and its parents) if needed and checks that it is a
    /// writable directory — before a long run, so that a bad `--output` is
    /// reported at once rather than after the work is done. Returns whether
    /// it created the directory (see ``removeIfCreatedAndEmpty(_:created:)``).
    @discardableResult
    static func prepareDirectory(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        var created = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError("output '\(path)' exists and is not a directory") }
        } else {
            created = true
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create output directory '\(path)': \(error.localizedDescription)")
            }
        }
        guard access(path, W_OK) == 0 else { throw CLIError("output directory '\(path)' is not writable") }
        // A process killed while writing leaves its hidden temporary file behind; remove those.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: path + "/" + name)
        }
        return created
    }

    /// After a failed run: removes `path` if this run created it and nothing
    /// was written there, so that a failure leaves no empty run directory.
    static func removeIfCreatedAndEmpty(_ path: String, created: Bool) {
        guard created, (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
