/// User text repeated inside a message: at most ``limit`` Unicode scalars,
/// then `…`. A 10 000-character bad token is named once, shortened; the
/// source line under the message (clipped around the caret, see
/// ``Diagnostic/rendered(sourceLine:)``) shows where it is.
enum Echo {
    static let limit = 40

    /// `text` in single quotes, shortened.
    static func quoted(_ text: String) -> String { "'\(shortened(text))'" }

    /// The first ``limit`` scalars of `text`, then `…` if anything was cut.
    static func shortened(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit))) + "…"
    }
}
