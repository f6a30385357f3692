import Foundation
import Testing
@testable import ModelDSL

/// Input that used to be accepted silently (issue 12, items 4 and 6) is now
/// refused with an error at the offending header cell or field; input that is
/// harmless stays accepted.
@Suite struct FrontendInputRefusalTests {
    static let model: CheckedModel = {
        // A model every case can read: one Normal and one LogNormal observable.
        try! Frontend.check(FrontendDataReaderTests.modelText)
    }()

    static func read(_ text: String, file: String = "data.csv") throws(ModelErrors) -> DataSet {
        try DataReader.parse(ModelSource(path: file, text: text), model: model)
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        /// The start of the expected message.
        var message: String
        var testDescription: String { message }
    }

    static let header = "observableId,time,measurement\n"
    static let conditions = "observableId,simulationConditionId,time,measurement\n"

    /// Item 4: PEtab columns that would change the meaning of the data.
    static let refusedColumns: [Refused] = [
        Refused(text: conditions + "total,c0,1,2\ntotal,c0,2,3\ntotal,c1,2,3\ntotal,c2,3,4", line: 4, column: 7,
                message: "simulationConditionId 'c1' differs from 'c0' on line 2 (1 more row like it): the model declares no conditions"),
        Refused(text: conditions + "total,c0,1,2\nratio,,1,2", line: 3, column: 7,
                message: "simulationConditionId '' differs from 'c0' on line 2: "),
        Refused(text: "observableId,preequilibrationConditionId,time,measurement\ntotal,,1,2\ntotal,pre,2,3", line: 3, column: 7,
                message: "preequilibrationConditionId 'pre' names no condition: the model declares none"),
        Refused(text: "observableId,time,measurement,observableParameters\ntotal,1,2,\ntotal,2,3,0.5;2", line: 3, column: 11,
                message: "observableParameters '0.5;2' for observable 'total', which declares no observable parameters"),
        Refused(text: "observableId,time,measurement,noiseParameters\ntotal,1,2,\ntotal,2,3,0.1", line: 3, column: 11,
                message: "noiseParameters '0.1' for observable 'total', which declares no noise parameters"),
        Refused(text: "observableId,experimentId,time,measurement\ntotal,e1,1,2\ntotal,e2,2,3", line: 3, column: 7,
                message: "experimentId 'e2' differs from 'e1' on line 2: "),
        Refused(text: "observableId,time,measurement,noiseParameter\ntotal,1,2,0.1", line: 1, column: 31,
                message: "unknown column 'noiseParameter'; did you mean 'noiseParameters'?"),
        Refused(text: "observableId,time,measurement,simulationConditionID\ntotal,1,2,c0", line: 1, column: 31,
                message: "unknown column 'simulationConditionID'; did you mean 'simulationConditionId'?"),
        Refused(text: "observableId,noiseParameters,time,measurement,noiseParameters\ntotal,,1,2,", line: 1, column: 47,
                message: "column 'noiseParameters' appears more than once"),
    ]

    /// Item 6: bytes and numbers that are not data.
    static let refusedText: [Refused] = [
        Refused(text: header + "total,1,2.5\0", line: 2, column: 12, message: "NUL byte (U+0000) in the data file"),
        Refused(text: header + "total,1,2.5\0junk", line: 2, column: 12, message: "NUL byte (U+0000) in the data file"),
        Refused(text: header + "tot\0al,1,2", line: 2, column: 4, message: "NUL byte (U+0000)"),
        Refused(text: header + "\"total\0\",1,2", line: 2, column: 7, message: "NUL byte (U+0000)"),
        Refused(text: header + "# a comment \0\ntotal,1,2", line: 2, column: 13, message: "NUL byte (U+0000)"),
        Refused(text: "o\0b\0s\0", line: 1, column: 2, message: "NUL byte (U+0000) in the data file; a data file is plain text (if it is UTF-16"),
        Refused(text: header + "total,1,2\rtotal,2,3", line: 2, column: 10, message: "carriage return (U+000D) inside a line"),
        Refused(text: header + "total,1,2\u{1B}", line: 2, column: 10, message: "control character U+001B in the data file"),
        Refused(text: header + "total,1,2\u{85}", line: 2, column: 10, message: "control character U+0085"),
        Refused(text: header + "total,0x1.3p0,2", line: 2, column: 7,
                message: "time '0x1.3p0' is hexadecimal; write numbers in decimal"),
        Refused(text: header + "total,1,0x10", line: 2, column: 9, message: "measurement '0x10' is hexadecimal"),
        Refused(text: header + "total,1,Infinity", line: 2, column: 9, message: "measurement 'Infinity' is not finite"),
        Refused(text: header + "total,1,-inf", line: 2, column: 9, message: "measurement '-inf' is not finite"),
        Refused(text: header + "total,1,NaN", line: 2, column: 9, message: "measurement 'NaN' is not finite"),
        Refused(text: header + "total,1,nan(0x1)", line: 2, column: 9, message: "measurement 'nan(0x1)' is not finite"),
        Refused(text: header + "total,1,snan", line: 2, column: 9, message: "measurement 'snan' is not finite"),
        Refused(text: header + "total,1,1e400", line: 2, column: 9, message: "measurement '1e400' is out of range"),
        Refused(text: header + "total,1,1_0", line: 2, column: 9, message: "measurement '1_0' is not a number"),
        Refused(text: header + "total,1,1e", line: 2, column: 9, message: "measurement '1e' is not a number"),
        Refused(text: header + "total,1,.", line: 2, column: 9, message: "measurement '.' is not a number"),
        Refused(text: header + "total,1,+-1", line: 2, column: 9, message: "measurement '+-1' is not a number"),
        Refused(text: header + "total,1,١", line: 2, column: 9, message: "measurement '١' is not a number"),
    ]

    @Test(arguments: refusedColumns + refusedText)
    func refused(_ c: Refused) {
        do {
            let data = try Self.read(c.text)
            Issue.record("accepted silently: \(data.measurements.count) measurements from \(c.text.debugDescription)")
        } catch {
            let first = error.diagnostics.first
            #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
            #expect(first?.message.hasPrefix(c.message) == true, "\(first?.message ?? "")")
            #expect(first?.line == c.line)
            #expect(first?.column == c.column)
        }
    }

    /// What PEtab files commonly carry and does not change the likelihood stays accepted.
    @Test func harmlessColumnsAndNumbersAreAccepted() throws {
        let data = try Self.read("""
            observableId\tpreequilibrationConditionId\tsimulationConditionId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\tdatasetId\treplicateId\tnote
            total\t\tc0\t1\t+2.5\t\t\td1\tr1\tfirst
            total\t\tc0\t2.\t.5\t\t\td2\tr2\t
            ratio\t\tc0\t00012\t1E+2\t\t\td2\tr1\tx
            """, file: "d.tsv")
        #expect(data.measurements.map(\.value) == [2.5, 0.5, 100])
        #expect(data.measurements.map(\.time) == [1, 2, 12])
        // Decimal literals round to the nearest double, as everywhere: 1e-400 is 0.
        let tiny = try Self.read(Self.header + "total,1e-400,-0\n")
        #expect(tiny.measurements.map(\.time) == [0])
    }

    /// Item 6: a file that is not UTF-8 is refused at the line and column of the
    /// first bad byte, and the message gives its byte offset.
    @Test func invalidUTF8IsLocated() throws {
        let directory = try Frontend.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let header = Array("observableId,time,measurement\n".utf8)
        let dataPath = directory + "/bad.csv"
        // Line 3, after "total,2,"; the comment line 2 holds a two-byte "é".
        let bytes = header + Array("# é\n".utf8) + Array("total,2,".utf8) + [0xFF] + Array("3\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: dataPath))
        do {
            _ = try DataReader.read(path: dataPath, model: Self.model)
            Issue.record("accepted a file that is not UTF-8")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.line == 3 && d.column == 9, "\(d)")
            #expect(d.message == "data file is not UTF-8 text: invalid byte 0xFF at byte offset \(header.count + 5 + 8); save it as UTF-8")
            #expect(error.description.contains(" 3 | total,2,\u{FFFD}3\n   |         ^"), "\(error.description)")
        }
        // The same file named by a model's data statement: located in the data file.
        let modelPath = directory + "/m.model"
        try (FrontendDataReaderTests.modelText + "\ndata \"bad.csv\"\n").write(toFile: modelPath, atomically: true, encoding: .utf8)
        do {
            _ = try LoadedModel.load(path: modelPath)
            Issue.record("accepted a file that is not UTF-8")
        } catch {
            #expect(error.diagnostics.map(\.file) == [dataPath])
            #expect(error.diagnostics.first?.line == 3 && error.diagnostics.first?.column == 9)
        }
        // A model file: a lone continuation byte on line 2, column 6.
        let badModel = directory + "/bad.model"
        try Data(Array("model m\nx = 1\u{80}\n".utf8).map { $0 == 0xC2 ? 0x20 : $0 }).write(to: URL(fileURLWithPath: badModel))
        do {
            _ = try LoadedModel.load(path: badModel)
            Issue.record("accepted a model that is not UTF-8")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect((d.file, d.line, d.column) == (badModel, 2, 7), "\(d)")
            #expect(d.message == "model file is not UTF-8 text: invalid byte 0x80 at byte offset 14; save it as UTF-8")
        }
    }

    /// A NUL inside a data path would make the C file API open a different file.
    @Test func dataPathWithNULIsRefused() throws {
        let directory = try Frontend.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try (Self.header + "total,1,2\n").write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
        let modelPath = directory + "/m.model"
        try (FrontendDataReaderTests.modelText + "\ndata \"d.csv\u{0}.csv\"\n").write(toFile: modelPath, atomically: true, encoding: .utf8)
        do {
            let loaded = try LoadedModel.load(path: modelPath)
            Issue.record("read \(loaded.data?.source ?? "nothing") for a path with a NUL")
        } catch {
            #expect(error.diagnostics.first?.message.hasPrefix("the data path contains the control character U+0000") == true, "\(error)")
            #expect(error.diagnostics.first?.line == 6)
        }
    }

    /// Long bad tokens are named once, shortened to 40 characters and '…', and
    /// the source line is clipped around the caret.
    @Test func longTokensAreShortened() {
        let long = String(repeating: "q", count: 5000)
        let cases = [
            ("model m\nx' = -k*\(long)\nk = 1\nx = 1\n", "unknown symbol '\(String(repeating: "q", count: 40))…'"),
            ("model m\nx' = -\(String(repeating: "$", count: 5000))\nx = 1\n", "unexpected characters '\(String(repeating: "$", count: 40))…'"),
            ("model m\nx' = 1\(long)\nx = 1\n", "bad number '1\(String(repeating: "q", count: 39))…'"),
            ("model m\nx' = 1\nx = 1 \(long)\n", "expected end of line or ';' after the statement, found '\(String(repeating: "q", count: 40))…'"),
            // A message built without Echo is clipped word by word, keeping its punctuation.
            ("model m\nx' = 1\nx = 1\n\(long) 5\n",
             "expected '=', ':=', ''', '->' or 'in' after '\(String(repeating: "q", count: 40))…', found number 5"),
        ]
        for (text, message) in cases {
            do {
                _ = try Frontend.check(text)
                Issue.record("accepted \(message)")
            } catch let error as ModelErrors {
                #expect(error.diagnostics.first?.message.hasPrefix(message) == true, "\(error.diagnostics.first?.message.prefix(200) ?? "")")
                let rendered = error.description
                #expect(rendered.count < 600, "\(rendered.count) characters")
                #expect(!rendered.contains(String(repeating: "q", count: 130)))
            } catch {
                Issue.record("\(error)")
            }
        }
        do {
            _ = try Self.read(Self.header + "\(long),1,2\ntotal,1,\(long)\n")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == [
                "unknown observableId '\(String(repeating: "q", count: 40))…'",
                "measurement '\(String(repeating: "q", count: 40))…' is not a number",
            ])
            #expect(error.description.count < 1000)
        }
    }

    /// The clipped source line keeps the caret under the column.
    @Test func clippedLineKeepsTheCaret() {
        let line = String(repeating: "a", count: 300) + "XYZ" + String(repeating: "b", count: 300)
        let d = Diagnostic(severity: .error, file: "f", line: 7, column: 301, length: 3, message: "m")
        let lines = d.rendered(sourceLine: line).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let shown = Array(lines[1].unicodeScalars), marks = Array(lines[2].unicodeScalars)
        let caret = marks.firstIndex(of: "^")
        #expect(caret.map { String(String.UnicodeScalarView(shown[$0..<$0 + 3])) } == "XYZ")
        #expect(lines[1].hasPrefix(" 7 | …a") && lines[1].hasSuffix("b…"))
        #expect(lines[2].hasSuffix("^~~"))
        #expect(shown.count <= 7 + Diagnostic.shownWidth + 2)
        // Control characters are shown as pictures, never sent to the terminal; tabs stay.
        let control = Diagnostic(severity: .error, file: "f", line: 1, column: 3, message: "m")
            .rendered(sourceLine: "a\u{0}b\u{1B}[31m\tc\u{7F}\u{85}")
        #expect(control == "f:1:3: error: m\n 1 | a\u{2400}b\u{241B}[31m\tc\u{2421}\u{FFFD}\n   |   ^")
        // Short lines are shown whole.
        let short = Diagnostic(severity: .error, file: "f", line: 1, column: 3, message: "m").rendered(sourceLine: "abcd")
        #expect(short == "f:1:3: error: m\n 1 | abcd\n   |   ^")
    }
}
