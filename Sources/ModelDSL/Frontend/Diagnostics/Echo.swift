/// User text repeated inside a message: at most ``limit`` Unicode scalars,
/// then `…`. A 10 000-character bad token is named once, shortened; the
/// source line under the message (clipped around the caret, see
/// ``Diagnostic/rendered(sourceLine:)``) shows where it is.
enum Echo {
    static let limit = 40

    /// `text` in single quotes, shortened.
    static func quoted(_ text: String) -> String { "'\(shortened(text))'" }

    /// `message` with every word (a run without spaces) longer than
    /// ``wordLimit`` scalars cut to its opening quotes, ``limit`` scalars, `…`
    /// and its closing punctuation (`'qqq…q';` → `'qqq…';`). A net under the
    /// messages that name user text without ``quoted(_:)``: no phrase of the
    /// tool's own is that long, and quoted echoes stay under it.
    static func clippingLongWords(_ message: String) -> String {
        guard message.unicodeScalars.count > wordLimit else { return message }
        let words = message.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let scalars = Array(word.unicodeScalars)
            guard scalars.count > wordLimit else { return String(word) }
            let opening = scalars.prefix { "'\"([{".unicodeScalars.contains($0) }.count
            let closing = scalars.reversed().prefix { "'\")]},;:?.!".unicodeScalars.contains($0) }.count
            var clipped = String.UnicodeScalarView(scalars[0..<min(scalars.count - closing, opening + limit)])
            clipped.append("…")
            clipped.append(contentsOf: scalars[(scalars.count - closing)...])
            return String(clipped)
        }
        return words.joined(separator: " ")
    }

    /// Longer words are cut by ``clippingLongWords(_:)``.
    static let wordLimit = 64

    /// The first ``limit`` scalars of `text`, then `…` if anything was cut.
    static func shortened(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit))) + "…"
    }
}
