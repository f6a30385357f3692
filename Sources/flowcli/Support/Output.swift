import Foundation

/// Writes text to stdout: the command's result (CSV, tables, summaries).
func writeOut(_ text: String) {
    writeAll(STDOUT_FILENO, text)
}

/// Writes a line to stderr: progress, notes, warnings and errors.
func printError(_ text: String) {
    writeAll(STDERR_FILENO, text + "\n")
}

/// Writes the whole of `text` to a file descriptor with POSIX `write`
/// (retrying short writes and EINTR). A closed pipe or full disk ends the
/// write quietly: there is no one left to tell.
func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
            let n = write(fd, base + offset, raw.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// `1 observable`, `2 observables`.
func counted(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
}
