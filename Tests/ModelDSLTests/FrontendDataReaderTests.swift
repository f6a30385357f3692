import Foundation
import Testing
@testable import ModelDSL

/// The PEtab long-format reader: good files and one test per error class.
@Suite struct FrontendDataReaderTests {
    static let modelText = """
        model d
        x = 1; x' = -k*x; k = 0.5
        y = 2; y' = k*x
        observe total = x + y ~ Normal(0.1)
        observe ratio = x/y ~ LogNormal(0.1)
        """

    let model: CheckedModel

    init() throws {
        model = try Frontend.check(Self.modelText)
    }

    func read(_ text: String, file: String = "data.csv") throws(ModelErrors) -> DataSet {
        try DataReader.parse(ModelSource(path: file, text: text), model: model)
    }

    /// The single error reading `text` gives.
    func error(_ text: String, file: String = "data.csv") -> Diagnostic? {
        do {
            _ = try read(text, file: file)
            Issue.record("expected an error")
            return nil
        } catch {
            #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
            return error.diagnostics.first
        }
    }

    @Test func readsLongFormatInAnyColumnOrder() throws {
        let data = try read("""
            # a comment
            time, measurement ,observableId,datasetId

            0,3.0,total,"a"
            0.5,  2.9 ,"ratio",b
            "1.5",1e-1,total,"quoted, with comma"
               # an indented comment
            2,0.25,ratio,
            """)
        #expect(data.measurements == [
            DataSet.Measurement(observable: 0, time: 0, value: 3, line: 4),
            DataSet.Measurement(observable: 1, time: 0.5, value: 2.9, line: 5),
            DataSet.Measurement(observable: 0, time: 1.5, value: 0.1, line: 6),
            DataSet.Measurement(observable: 1, time: 2, value: 0.25, line: 8),
        ])
        #expect(data.times == [0, 0.5, 1.5, 2])
        #expect(data.source == "data.csv")
    }

    @Test func readsTSVAndCRLF() throws {
        let data = try read("observableId\ttime\tmeasurement\r\ntotal\t1\t2.5\r\ntotal\t2\t2.25\r\n", file: "d.TSV")
        #expect(data.measurements.map(\.value) == [2.5, 2.25])
    }

    @Test func rejectsOtherExtensions() {
        let e = error("observableId,time,measurement\ntotal,1,2", file: "data.txt")
        #expect(e?.message == "unsupported data file 'data.txt' (extension '.txt'); use a .csv or .tsv file")
        #expect(e?.line == 0)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let header = "observableId,time,measurement\n"
    static let cases: [Case] = [
        Case(text: "observableID,time,measurement\ntotal,1,2", line: 1, column: 1,
             message: "missing required column 'observableId'; did you mean 'observableID'?"),
        Case(text: "observableId,measurement\ntotal,2", line: 1, column: 1, message: "missing required column 'time'"),
        Case(text: "observableId,time,time,measurement\ntotal,1,1,2", line: 1, column: 19,
             message: "column 'time' appears more than once"),
        Case(text: header + "total,1,2,3", line: 2, column: 11,
             message: "expected 3 fields as in the header (line 1), found 4"),
        Case(text: header + "total,1", line: 2, column: 8,
             message: "expected 3 fields as in the header (line 1), found 2"),
        Case(text: header + "total,1,abc", line: 2, column: 9, message: "measurement 'abc' is not a number"),
        Case(text: header + "total,one,2", line: 2, column: 7, message: "time 'one' is not a number"),
        Case(text: header + "total,1,nan", line: 2, column: 9, message: "measurement 'nan' is not finite"),
        Case(text: header + "total,inf,2", line: 2, column: 7, message: "time 'inf' is not finite (steady-state measurements, time = inf, are not supported)"),
        Case(text: header + "total,1,", line: 2, column: 9, message: "measurement '' is not a number"),
        Case(text: header + "totl,1,2", line: 2, column: 1, message: "unknown observableId 'totl'; did you mean 'total'?"),
        Case(text: header + ",1,2", line: 2, column: 1, message: "empty observableId"),
        Case(text: header + "total,-1,2", line: 2, column: 7, message: "negative time -1"),
        Case(text: header + "total,2,1\nratio,1,1\ntotal,1.5,1", line: 4, column: 7,
             message: "time 1.5 comes before time 2 of 'total' on line 2; sort each observable's rows by time"),
        Case(text: header + "ratio,1,0", line: 2, column: 9,
             message: "measurement 0 of 'ratio' must be positive: its noise model is LogNormal"),
        Case(text: header + "\n# nothing\n", line: 1, column: 1, message: "the data file has no measurements"),
        Case(text: "\n\n", line: 1, column: 1,
             message: "empty data file; expected a header line 'observableId,time,measurement'"),
        Case(text: header + "\"total,1,2", line: 2, column: 1, message: "unterminated quoted field"),
        Case(text: header + "\"total\"x,1,2", line: 2, column: 8, message: "unexpected text after a quoted field"),
    ]

    @Test(arguments: cases)
    func dataError(_ c: Case) {
        guard let e = error(c.text) else { return }
        #expect(e.message == c.message)
        #expect(e.line == c.line)
        #expect(e.column == c.column)
        #expect(e.file == "data.csv")
    }

    @Test func everyBadRowIsReported() {
        do {
            _ = try read(Self.header + "total,1,x\ntotal,2,3\nfoo,3,3\ntotal,-4,1")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.line) == [2, 4, 5])
            #expect(error.description.contains(" 4 | foo,3,3\n   | ^~~"))
        }
    }

    @Test func filesRelativeToTheModelAndOverrides() throws {
        let directory = try Frontend.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let modelPath = "\(directory)/m.model"
        try (Self.modelText + "\ndata \"sub/m.csv\"\n").write(toFile: modelPath, atomically: true, encoding: .utf8)
        // Missing data file: the error points at the model's data statement.
        do {
            _ = try LoadedModel.load(path: modelPath)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.message == "cannot read data file '\(directory)/sub/m.csv': file not found")
            #expect(error.diagnostics.first?.line == 6)
            #expect(error.diagnostics.first?.column == 6)
        }
        try FileManager.default.createDirectory(atPath: "\(directory)/sub", withIntermediateDirectories: true)
        try "observableId,time,measurement\ntotal,1,2\n".write(toFile: "\(directory)/sub/m.csv", atomically: true, encoding: .utf8)
        let loaded = try LoadedModel.load(path: modelPath)
        #expect(loaded.data?.measurements.count == 1)
        #expect(loaded.data?.source == "\(directory)/sub/m.csv")
        #expect(loaded.warnings.map(\.message) == ["observable 'ratio' has no measurements in '\(directory)/sub/m.csv'"])
        // An override path replaces the model's.
        try "observableId,time,measurement\nratio,1,2\ntotal,1,2\n".write(toFile: "\(directory)/o.csv", atomically: true, encoding: .utf8)
        let overridden = try LoadedModel.load(path: modelPath, dataPath: "\(directory)/o.csv")
        #expect(overridden.data?.measurements.count == 2)
        #expect(overridden.warnings.isEmpty)
        do {
            _ = try DataReader.read(path: "\(directory)/none.csv", model: loaded.model)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(directory)/none.csv: error: cannot read data file '\(directory)/none.csv': file not found")
        }
        do {
            _ = try LoadedModel.load(path: "\(directory)/missing.model")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.message == "cannot read model file '\(directory)/missing.model': file not found")
        }
        #expect(DataReader.resolve(dataPath: "d.csv", relativeTo: "models/x.model") == "models/d.csv")
        #expect(DataReader.resolve(dataPath: "d.csv", relativeTo: "x.model") == "d.csv")
        #expect(DataReader.resolve(dataPath: "/abs/d.csv", relativeTo: "models/x.model") == "/abs/d.csv")
    }
}
