/// Control characters, which a plain-text data file never contains: C0
/// (U+0000–U+001F) except tab, DEL (U+007F) and C1 (U+0080–U+009F).
///
/// Line ends are not seen here (`ModelSource.lines` removes `\n` and a `\r`
/// before it), so a `\r` that is found ends no line: old Mac line ends, or a
/// stray byte. A NUL is refused in particular because C-level parsing stops at
/// it (`Double("1.5\0junk")` is 1.5) and because a UTF-16 file without a
/// byte-order mark reads as UTF-8 text with a NUL after every ASCII letter.
enum ControlCharacter {
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || (c.value >= 0x7F && c.value <= 0x9F)
    }

    /// The first control character in `line` and its 1-based column (in scalars).
    static func first(in line: String) -> (column: Int, scalar: Unicode.Scalar)? {
        for (offset, c) in line.unicodeScalars.enumerated() where isControl(c) {
            return (offset + 1, c)
        }
        return nil
    }

    /// What to tell the user about `c`.
    static func message(_ c: Unicode.Scalar) -> String {
        switch c {
        case "\0":
            return "NUL byte (U+0000) in the data file; a data file is plain text (if it is UTF-16, save it as UTF-8)"
        case "\r":
            return "carriage return (U+000D) inside a line; end lines with \\n or \\r\\n"
        default:
            return "control character U+\(hex(c)) in the data file; a data file is plain text"
        }
    }

    /// `0007`, `007F`, `0085`: the code point in at least four hex digits.
    static func hex(_ c: Unicode.Scalar) -> String {
        let digits = String(c.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
