/// One problem found in a model or data file, located by line and column.
///
/// Rendered like a compiler message:
/// ```
/// models/x.model:9:13: error: unknown symbol 'alpah1'; did you mean 'alpha1'?
///     9 | tx1: -> m1; alpah1/(1 + p3^n)
///       |             ^~~~~~
/// ```
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    /// The file the problem is in, as given by the caller.
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file (e.g. it cannot be read).
    public var line: Int
    /// 1-based column (in Unicode scalars); 0 when ``line`` is 0.
    public var column: Int
    /// How many columns the caret underline covers (at least 1).
    public var length: Int
    /// The full one-line message, including any "did you mean …?".
    public var message: String
    /// A machine-usable replacement (e.g. the name a misspelling probably meant), if any.
    public var suggestion: String?

    public init(
        severity: Severity, file: String, line: Int, column: Int, length: Int = 1,
        message: String, suggestion: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:column: severity: message` (or `file: severity: message` without a position).
    public var description: String {
        let position = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(position): \(severity.rawValue): \(message)"
    }

    /// The header line, then — when `sourceLine` is given — the source line and a
    /// caret under the column (tabs in the line are copied so the caret lines up).
    /// A line longer than ``shownWidth`` scalars is clipped to that many around
    /// the column, with `…` where it was cut, so a huge line is not echoed whole;
    /// control characters are shown as pictures (see ``visible(_:)``).
    public func rendered(sourceLine: String?) -> String {
        guard line > 0, let sourceLine else { return description }
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let scalars = Array(sourceLine.unicodeScalars)
        let caret = column - 1
        var (start, end) = (0, scalars.count)
        if scalars.count > Self.shownWidth {
            start = min(max(0, caret - Self.shownWidth / 4), scalars.count - Self.shownWidth)
            end = start + Self.shownWidth
        }
        var shownLine = start > 0 ? "…" : ""
        shownLine.unicodeScalars.append(contentsOf: scalars[start..<end].map(Self.visible))
        if end < scalars.count { shownLine += "…" }
        var caretIndent = start > 0 ? " " : ""
        for scalar in scalars[start..<min(max(start, caret), end)] {
            caretIndent.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        if caret > end {
            caretIndent += String(repeating: " ", count: caret - end)
        }
        let available = max(1, end - caret)
        let underline = "^" + String(repeating: "~", count: max(0, min(length, available) - 1))
        return "\(description)\n \(gutter) | \(shownLine)\n \(pad) | \(caretIndent)\(underline)"
    }

    /// A control character as its one-column picture (U+2400…U+2421: `␀`, `␛`,
    /// `␡`; C1 controls as `�`), so that a source line never sends a NUL or
    /// an escape sequence to the terminal; a tab stays a tab.
    static func visible(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c.value {
        case 0x09: return c
        case 0..<0x20: return Unicode.Scalar(0x2400 + c.value)!
        case 0x7F: return "\u{2421}"
        case 0x80...0x9F: return "\u{FFFD}"
        default: return c
        }
    }

    /// The most source-line scalars ``rendered(sourceLine:)`` shows.
    public static let shownWidth = 120
}
