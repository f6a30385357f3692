import Foundation
import Testing
@testable import ModelDSL

/// The language's experiments: `condition NAME { … }`, observable
/// placeholders `observe y(p; n) = …`, the Laplace and log10 noise models,
/// and the data columns that name them — parsing, canonical printing and
/// located errors.
@Suite struct FrontendExperimentTests {
    static let model = """
        model decay
        A = a0
        A' = -k*A
        a0 = 1; k = 0.3; base = 2
        c := 2*k
        prior k2 ~ LogUniform(0.01, 10)
        k2 = 0.5
        prior sigma ~ LogUniform(0.01, 1)
        observe y(scale, offset; s) = scale*A + offset ~ Normal(s*sigma)
        observe z(; s) = A ~ Log10Laplace(s)
        observe w = A ~ Laplace(0.1)
        condition low { k = 0.1; A = base/2 }
        condition high {
          k = k2
          a0 = 3*base   # a comment
        }
        condition control {}
        end
        """

    @Test func conditionsAndPlaceholdersParseCheckAndPrintBack() throws {
        let source = ModelSource(path: "m.model", text: Self.model)
        let ast = try ModelParser.parse(source)
        #expect(ast.conditions.map(\.name) == ["low", "high", "control"])
        #expect(ast.conditions[1].values.map(\.name) == ["k", "a0"])
        #expect(ast.observables[0].observableParameters.map(\.name) == ["scale", "offset"])
        #expect(ast.observables[0].noiseParameters.map(\.name) == ["s"])
        #expect(ast.observables[1].observableParameters.isEmpty && ast.observables[1].noiseParameters.map(\.name) == ["s"])
        let text = ast.canonicalText
        #expect(text.contains("observe y(scale, offset; s) = scale*A + offset ~ Normal(s*sigma)\n"))
        #expect(text.contains("observe z(; s) = A ~ Log10Laplace(s)\n"))
        #expect(text.contains("condition low { k = 0.1; A = base/2 }\ncondition high { k = k2; a0 = 3*base }\ncondition control {}\n"))
        #expect(try ModelParser.parse(ModelSource(path: "again.model", text: text)) == ast)

        let model = try ModelChecker.check(ast, source: source)
        let k = try #require(model.constants.firstIndex { $0.name == "k" })
        let a0 = try #require(model.constants.firstIndex { $0.name == "a0" })
        #expect(model.conditions.map(\.name) == ["low", "high", "control"])
        #expect(model.conditions[0].settings.map(\.target) == [.constant(k), .initialValue(0)])
        #expect(model.conditions[1].settings.map(\.target) == [.constant(k), .constant(a0)])
        #expect(model.conditions[1].settings[0].value == .parameter(0))
        #expect(model.observables[0].placeholders == ["scale", "offset", "s"])
        // Placeholders are the parameters after the model's own (2 here).
        #expect(model.observables[0].expression == .binary(.add, .binary(.multiply, .parameter(2), .species(0)), .parameter(3)))
        #expect(model.observables[1].noise == .logLaplace(scale: .binary(.multiply, .number(Foundation.log(10)), .parameter(2))))
        #expect(model.observables[2].noise == .laplace(scale: .number(0.1)))
        #expect(model.describe(model.observables[0]) == "y(scale, offset; s) = scale*A + offset ~ Normal(s*sigma)")
        #expect(model.describe(model.conditions[1]) == "condition high { k = k2; a0 = 3*base }")
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let base = "model m\nA = 1\nA' = -k*A\nk = 1\nprior p ~ Uniform(0, 1)\nobserve y = A ~ Normal(0.1)\n"

    static let refused: [Refused] = [
        Refused(text: base + "condition c { p = 2 }", line: 7, column: 15,
                message: "'p' has a prior, so condition 'c' cannot set it"),
        Refused(text: base + "condition c { kk = 2 }", line: 7, column: 15, message: "unknown symbol 'kk'; did you mean 'k'?"),
        Refused(text: base + "r := 2*A\ncondition c { r = 2 }", line: 8, column: 15, message: "'r' is an assignment rule (':=')"),
        Refused(text: base + "condition c { y = 2 }", line: 7, column: 15, message: "'y' is an observable"),
        Refused(text: base + "condition c { k = A }", line: 7, column: 19,
                message: "value of 'k' in condition 'c' depends on species 'A'; a condition's values may use numbers, constants and parameters"),
        Refused(text: base + "condition c { k = 1; k = 2 }", line: 7, column: 22, message: "'k' is set twice in condition 'c'"),
        Refused(text: base + "condition c {}\ncondition c { k = 2 }", line: 8, column: 11, message: "duplicate condition 'c' (first at line 7)"),
        Refused(text: base + "j = 2*k\ncondition c { k = j }", line: 8, column: 15,
                message: "cyclic definitions in condition 'c': k = j = k"),
        Refused(text: base + "condition c { k = 2", line: 7, column: 20,
                message: "expected '}' to close the '{' of condition 'c' at line 7, column 13, found end of file"),
        Refused(text: base + "condition c k = 2", line: 7, column: 13, message: "expected '{' after 'condition c'"),
        Refused(text: base + "condition c { k 2 }", line: 7, column: 17, message: "expected '=' after 'k' in condition 'c'"),
        Refused(text: base + "condition = 2", line: 7, column: 1, message: "cannot define 'condition': 'condition' is a keyword"),
        Refused(text: base + "observe z(q, q) = q*A ~ Normal(1)", line: 7, column: 14,
                message: "placeholder 'q' appears twice in observable 'z'"),
        Refused(text: base + "observe z(k) = k*A ~ Normal(1)", line: 7, column: 11,
                message: "placeholder 'k' of observable 'z' has the name of constant 'k'"),
        Refused(text: base + "observe z(; s) = s*A ~ Normal(1)", line: 7, column: 18,
                message: "noise parameter 's' can only be used in the noise model of its observable"),
        Refused(text: base + "observe z(a b) = A ~ Normal(1)", line: 7, column: 13,
                message: "expected ',', ';' or ')' in the placeholders of 'z'"),
        Refused(text: base + "observe z(a; b; c) = A ~ Normal(b)", line: 7, column: 15,
                message: "expected ',' or ')' in the placeholders of 'z', found ';'"),
        Refused(text: base + "observe z(; s) = A ~ Normal(s)\nobserve v = A ~ Normal(z)", line: 8, column: 17,
                message: "the noise model of 'v' uses observable 'z', which has placeholders"),
        Refused(text: base + "observe z = A ~ Poisson(1)", line: 7, column: 17,
                message: "unknown noise model 'Poisson'"),
        Refused(text: base + "observe z = A ~ Laplace(0)", line: 7, column: 25,
                message: "the noise scale must be positive and finite, found 0"),
    ]

    @Test(arguments: refused)
    func refusedWithALocatedError(_ c: Refused) {
        let errors = Frontend.errors(c.text)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message.hasPrefix(c.message) == true, "\(errors.first?.message ?? "")")
        #expect(errors.first?.line == c.line, "\(errors.first.map { "\($0.line):\($0.column)" } ?? "")")
        #expect(errors.first?.column == c.column, "\(errors.first.map { "\($0.line):\($0.column)" } ?? "")")
    }

    /// A bad entry inside a condition is reported and the next ones are still read.
    @Test func errorsInsideAConditionDoNotHideTheNextEntries() {
        let errors = Frontend.errors(Self.base + "condition c {\n  k = \n  A = (2\n  k = 3\n}\n")
        #expect(errors.map(\.line) == [8, 9], "\(errors)")
    }

    // MARK: Data

    static func read(_ text: String, model: String = FrontendExperimentTests.model) throws(ModelErrors) -> DataSet {
        let source = ModelSource(path: "m.model", text: model)
        let m = try ModelChecker.check(try ModelParser.parse(source), source: source)
        return try DataReader.parse(ModelSource(path: "d.tsv", text: text), model: m)
    }

    @Test func dataRowsNameConditionsAndPlaceholderValues() throws {
        let data = try Self.read("""
            observableId\tpreequilibrationConditionId\tsimulationConditionId\ttime\tmeasurement\tobservableParameters\tnoiseParameters
            y\t\tlow\t1\t0.5\t2;0.1\tsigma
            y\tcontrol\thigh\t2\t0.4\tbase ; k2\t0.5
            z\t\t\t1\t0.3\t\t2
            w\t\tlow\t1\t0.2\t\t
            """)
        let m = data.measurements
        #expect(m.map(\.condition) == [0, 1, nil, 0])
        #expect(m.map(\.preequilibration) == [nil, 2, nil, nil])
        #expect(m[0].observableParameters == [.number(2), .number(0.1)])
        #expect(m[0].noiseParameters == [.parameter(1)])
        #expect(m[1].observableParameters == [.number(2), .parameter(0)])  // the constant base is its value
        #expect(m[2].noiseParameters == [.number(2)])
        #expect(data.experiments == [Experiment(condition: 0), Experiment(condition: 1, preequilibration: 2), Experiment(), ])
    }

    static let dataRefused: [Refused] = [
        Refused(text: "observableId\tsimulationConditionId\ttime\tmeasurement\nw\thgh\t1\t2", line: 2, column: 3,
                message: "unknown simulationConditionId 'hgh'; did you mean 'high'?"),
        Refused(text: "observableId\tpreequilibrationConditionId\ttime\tmeasurement\nw\tlw\t1\t2", line: 2, column: 3,
                message: "unknown preequilibrationConditionId 'lw'; did you mean 'low'?"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1\t1", line: 2, column: 7,
                message: "observableParameters '1' gives 1 value; observable 'y' has 2 observable parameters (scale, offset)"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1;2\t", line: 2, column: 11,
                message: "empty noiseParameters: observable 'y' needs 1 value (s)"),
        Refused(text: "observableId\ttime\tmeasurement\nz\t1\t2", line: 2, column: 1,
                message: "observable 'z' has 1 noise parameter (s), but the data file has no 'noiseParameters' column"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1;sigmaa\t1", line: 2, column: 9,
                message: "unknown parameter 'sigmaa'; did you mean 'sigma'?"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1;A\t1", line: 2, column: 9,
                message: "observableParameters value 'A' is a species"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1;;\t1", line: 2, column: 7,
                message: "observableParameters '1;;' gives 3 values"),
        Refused(text: "observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\ny\t1\t2\t1;0x2\t1", line: 2, column: 9,
                message: "observableParameters value '0x2' is hexadecimal"),
        Refused(text: "observableId\tsimulationConditionId\ttime\tmeasurement\nw\tlow\t2\t1\nw\tlow\t1\t1", line: 3, column: 7,
                message: "time 1 comes before time 2 of 'w' in the same condition on line 2"),
    ]

    @Test(arguments: dataRefused)
    func dataRefusedWithALocatedError(_ c: Refused) {
        do {
            let data = try Self.read(c.text)
            Issue.record("accepted \(data.measurements.count) rows")
        } catch {
            let first = error.diagnostics.first
            #expect(first?.message.hasPrefix(c.message) == true, "\(first?.message ?? "")")
            #expect(first?.line == c.line && first?.column == c.column, "\(first.map { "\($0.line):\($0.column)" } ?? "")")
        }
    }

    /// Rows of one observable in different conditions are separate series:
    /// only each series must be sorted by time.
    @Test func eachConditionIsItsOwnTimeSeries() throws {
        let data = try Self.read("observableId\tsimulationConditionId\ttime\tmeasurement\nw\tlow\t2\t1\nw\thigh\t1\t1\nw\tlow\t3\t1")
        #expect(data.measurements.map(\.time) == [2, 1, 3])
    }

    /// A model without conditions keeps the old rule: one simulationConditionId
    /// value (the model's own values) is accepted, a second is refused.
    @Test func aModelWithoutConditionsAcceptsOneConditionValue() throws {
        let plain = "model m\nA = 1\nA' = -A\nobserve y = A ~ Normal(0.1)\n"
        let data = try Self.read("observableId\tsimulationConditionId\ttime\tmeasurement\ny\tc0\t1\t2\ny\tc0\t2\t2", model: plain)
        #expect(data.experiments == [Experiment()])
    }

    /// "Never used" is not said of a parameter that only the data's placeholder values use.
    @Test func parametersUsedOnlyByTheDataAreNotUnused() throws {
        let directory = try Frontend.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "model m\nA = 1\nA' = -A\nprior sd ~ LogUniform(0.01, 1)\nprior other ~ LogUniform(0.01, 1)\nobserve y(; s) = A ~ Normal(s)\ndata \"d.tsv\"\n"
            .write(toFile: directory + "/m.model", atomically: true, encoding: .utf8)
        try "observableId\ttime\tmeasurement\tnoiseParameters\ny\t1\t0.4\tsd\n".write(toFile: directory + "/d.tsv", atomically: true, encoding: .utf8)
        let loaded = try LoadedModel.load(path: directory + "/m.model")
        #expect(loaded.warnings.map(\.message) == ["parameter 'other' is never used; only its prior constrains it"])
    }
}
