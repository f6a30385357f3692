/// One PEtab table (parameters, observables, conditions): a TSV file with a
/// header row, read with the data reader's line splitting (quoted fields,
/// trimmed spaces; blank lines and `#` lines skipped; control characters
/// refused). Fields are located in the file numbered `fileIndex` of the
/// problem's sources (``SourceLocation/file``).
struct PEtabTable {
    struct Row {
        var line: Int
        var fields: [DelimitedLine.Field]
    }

    let path: String
    let fileIndex: Int
    let header: [DelimitedLine.Field]
    let headerLine: Int
    let rows: [Row]

    /// Reads `source`; problems go to `diagnostics` (whose other files
    /// include `source.path` at `fileIndex`). Nil when the table cannot be used.
    static func read(_ source: ModelSource, fileIndex: Int, role: String, required: [String],
                     diagnostics: inout DiagnosticBag) -> PEtabTable? {
        var header: [DelimitedLine.Field]?
        var headerLine = 0
        var rows: [Row] = []
        let errorsBefore = diagnostics.errors.count
        for (offset, rawLine) in source.lines.enumerated() {
            let number = offset + 1
            var line = rawLine
            if offset == 0, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }
            if let bad = ControlCharacter.first(in: line) {
                diagnostics.error(ControlCharacter.message(bad.scalar),
                                  at: SourceLocation(line: number, column: bad.column, file: fileIndex))
                if header == nil { return nil }
                continue
            }
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let fields: [DelimitedLine.Field]
            do {
                fields = try DelimitedLine.fields(of: line, delimiter: "\t")
            } catch {
                diagnostics.error(error.message, at: SourceLocation(line: number, column: error.column, file: fileIndex))
                continue
            }
            guard let head = header else {
                header = fields
                headerLine = number
                continue
            }
            guard fields.count <= head.count else {
                diagnostics.error("expected \(head.count) fields as in the header (line \(headerLine)), found \(fields.count)",
                                  at: SourceLocation(line: number, column: fields[head.count].column, file: fileIndex))
                continue
            }
            // Trailing empty fields may be left out (spreadsheets drop them).
            var padded = fields
            let end = line.unicodeScalars.count + 1
            while padded.count < head.count { padded.append(DelimitedLine.Field(text: "", column: end)) }
            rows.append(Row(line: number, fields: padded))
        }
        guard let header else {
            diagnostics.error("empty \(role) table; expected a header line naming its columns (\(required.joined(separator: ", ")))",
                              at: SourceLocation(line: 1, column: 1, file: fileIndex))
            return nil
        }
        let names = header.map(\.text)
        for (i, field) in header.enumerated() where names[..<i].contains(field.text) && !field.text.isEmpty {
            diagnostics.error("column '\(field.text)' appears more than once",
                              at: SourceLocation(line: headerLine, column: field.column, file: fileIndex))
        }
        for name in required where !names.contains(name) {
            let guess = NameSuggestion.closest(to: name, among: names.filter { $0.unicodeScalars.count <= 64 })
            diagnostics.error("missing required column '\(name)' in the \(role) table" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
                              at: SourceLocation(line: headerLine, column: 1, file: fileIndex), suggestion: guess)
        }
        guard diagnostics.errors.count == errorsBefore else { return nil }
        return PEtabTable(path: source.path, fileIndex: fileIndex, header: header, headerLine: headerLine, rows: rows)
    }

    /// The index of column `name`, if present.
    func column(_ name: String) -> Int? { header.firstIndex { $0.text == name } }

    /// The field of column `name` in `row` (nil when the column is absent).
    func field(_ name: String, _ row: Row) -> DelimitedLine.Field? { column(name).map { row.fields[$0] } }

    func location(_ row: Row, _ field: DelimitedLine.Field) -> SourceLocation {
        SourceLocation(line: row.line, column: field.column, file: fileIndex)
    }

    func headerLocation(_ column: Int) -> SourceLocation {
        SourceLocation(line: headerLine, column: header[column].column, file: fileIndex)
    }
}
