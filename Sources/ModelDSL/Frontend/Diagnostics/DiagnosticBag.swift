/// Collects diagnostics for one file while a phase runs; the phase keeps going
/// after an error so that every problem is reported in one go.
struct DiagnosticBag: Sendable {
    let file: String
    /// The files of locations with `file` 1, 2, … (a PEtab problem's tables).
    let otherFiles: [String]
    private(set) var all: [Diagnostic] = []
    private var suggestionsMade = 0
    static let suggestionLimit = 100

    init(file: String, otherFiles: [String] = []) {
        self.file = file
        self.otherFiles = otherFiles
    }

    /// The file a location points into.
    func path(of location: SourceLocation) -> String {
        location.file >= 1 && location.file <= otherFiles.count ? otherFiles[location.file - 1] : file
    }

    var hasErrors: Bool { all.contains { $0.severity == .error } }
    var errors: [Diagnostic] { sorted(all.filter { $0.severity == .error }) }
    var warnings: [Diagnostic] { sorted(all.filter { $0.severity == .warning }) }

    /// Records an error (an exact repeat of the previous diagnostic is dropped).
    mutating func error(
        _ message: String, at location: SourceLocation, length: Int = 1, suggestion: String? = nil
    ) {
        let diagnostic = Diagnostic(
            severity: .error, file: path(of: location), line: location.line, column: location.column,
            length: length, message: Echo.clippingLongWords(message), suggestion: suggestion)
        if all.last != diagnostic { all.append(diagnostic) }
    }

    @discardableResult
    mutating func warning(_ message: String, at location: SourceLocation, length: Int = 1) -> Diagnostic {
        let diagnostic = Diagnostic(
            severity: .warning, file: path(of: location), line: location.line, column: location.column,
            length: length, message: Echo.clippingLongWords(message))
        all.append(diagnostic)
        return diagnostic
    }

    /// An error naming an unknown thing, with "did you mean …?" when a candidate is
    /// close. Suggestions are only searched for the first ``suggestionLimit``
    /// unknown names of up to 64 characters, which bounds the cost on garbage input.
    mutating func unknown(
        _ what: String, _ name: String, at location: SourceLocation, candidates: [String]
    ) {
        var guess: String?
        if suggestionsMade < Self.suggestionLimit, name.unicodeScalars.count <= 64 {
            suggestionsMade += 1
            guess = NameSuggestion.closest(to: name, among: candidates)
        }
        let hint = guess.map { "; did you mean '\($0)'?" } ?? ""
        error("unknown \(what) \(Echo.quoted(name))\(hint)", at: location, length: name.unicodeScalars.count,
              suggestion: guess)
    }

    /// Throws every error collected so far (sorted by position), if there is
    /// any; `others` are the sources of ``otherFiles``, for showing their lines.
    func throwIfErrors(source: ModelSource?, others: [ModelSource] = []) throws(ModelErrors) {
        guard hasErrors else { return }
        throw ModelErrors(errors, sources: (source.map { [$0] } ?? []) + others)
    }

    private func sorted(_ list: [Diagnostic]) -> [Diagnostic] {
        // Stable: diagnostics at the same position keep the order they were found in;
        // the bag's own file first, then the others in their order.
        func rank(_ d: Diagnostic) -> Int { d.file == file ? 0 : 1 + (otherFiles.firstIndex(of: d.file) ?? 0) }
        return list.enumerated().sorted { a, b in
            (rank(a.element), a.element.line, a.element.column, a.offset)
                < (rank(b.element), b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
