import Testing
@testable import ModelDSL

/// One test per class of syntax error: message text and line:column.
@Suite struct FrontendSyntaxErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(text: "model t\nx = 0\nx' = 2 * * 3", line: 3, column: 10,
             message: "expected an expression, found '*'"),
        Case(text: "model t\ndata \"abc.csv\nx = 0", line: 2, column: 6,
             message: "unterminated string; add a closing '\"'"),
        Case(text: "model t\nx = 0\nx' = 1.2.3", line: 3, column: 6, message: "bad number '1.2.3'"),
        Case(text: "model t\nx = 0\nx' = 2x", line: 3, column: 6, message: "bad number '2x'"),
        Case(text: "model t\nx = 0\nx' = 1e", line: 3, column: 6, message: "bad number '1e'"),
        Case(text: "model t\nx = 0\nx' = 1e999", line: 3, column: 6, message: "number '1e999' is out of range"),
        Case(text: "model t\nA = 0; B = 0\ntx: A B; 1", line: 3, column: 7,
             message: "expected '+' or '->' in reaction, found 'B'"),
        Case(text: "model t\nA = 0; B = 0\ntx: A -> B 2*A", line: 3, column: 12,
             message: "expected ';' and a rate law after the reaction, found number 2"),
        Case(text: "model t\nA = 0\nA -> ", line: 3, column: 6,
             message: "expected ';' and a rate law after the reaction, found end of file"),
        Case(text: "model t\nx = 0\nx' = 3 $ 4", line: 3, column: 8, message: "unexpected character '$'"),
        Case(text: "model t\nx = 0\nx' = 1 < x <= 2", line: 3, column: 12,
             message: "comparisons cannot be chained; write 'a < b && b <= c'"),
        Case(text: "model t\nx = 0\nx' = x & 1", line: 3, column: 8,
             message: "unexpected character '&'; the logical operators are '&&', '||' and '!'"),
        Case(text: "model t\nx = 0\nx in 2", line: 3, column: 6,
             message: "expected a compartment name after 'x in', found number 2"),
        Case(text: "model t\nx = 0\nx' = (1 + 2\n", line: 3, column: 12,
             message: "expected ')' to close the '(' at line 3, column 6, found end of line"),
        Case(text: "model t\nx = 0 1", line: 2, column: 7,
             message: "expected end of line or ';' after the statement, found number 1"),
        Case(text: "x = 0\nx' = 1", line: 1, column: 1,
             message: "a model file starts with 'model NAME', found 'x'"),
        Case(text: "model\nx = 0", line: 1, column: 6,
             message: "expected a model name after 'model', found end of line"),
        Case(text: "model t\nx = 0\nx' = 1\nend\ny = 2", line: 5, column: 1, message: "statement after 'end'"),
        Case(text: "model t\nmodel u\nx = 0", line: 2, column: 1, message: "only one 'model' statement is allowed"),
        Case(text: "model t\nx = 0\nx' = f(1,", line: 3, column: 10,
             message: "expected an expression, found end of file"),
        Case(text: "model t\nprior k Uniform(0, 1)", line: 2, column: 9,
             message: "expected '~' after 'prior k', found 'Uniform'"),
        Case(text: "model t\nprior k ~ Uniform(0, 1) in (0, 1)", line: 2, column: 28,
             message: "expected '[' after 'in' (as in 'in [lo, hi]'), found '('"),
        Case(text: "model t\nobserve y = x", line: 2, column: 14,
             message: "expected '~' and a noise model such as 'Normal(sd)', found end of file"),
        Case(text: "model t\ndata abc.csv", line: 2, column: 6,
             message: "expected a quoted path after 'data' (e.g. data \"measurements.csv\"), found 'abc'"),
        Case(text: "model t\nx y", line: 2, column: 3,
             message: "expected '=', ':=', ''', '->' or 'in' after 'x', found 'y'"),
        Case(text: "model t\n) = 3", line: 2, column: 1, message: "expected a statement, found ')'"),
        Case(text: "", line: 1, column: 1, message: "empty model; a model file starts with 'model NAME'"),
    ]

    @Test(arguments: cases)
    func syntaxError(_ c: Case) {
        let errors = Frontend.errors(c.text)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.message == c.message)
        #expect(error.line == c.line)
        #expect(error.column == c.column)
        #expect(error.severity == .error)
        #expect(error.file == "test.model")
    }

    @Test func everyBrokenStatementIsReported() {
        // Three independent syntax errors on three lines: three diagnostics.
        let errors = Frontend.errors("model t\nx = 0\nx' = 1 +\ny = (2\nz = 3 $\nw = 4")
        #expect(errors.map(\.line) == [3, 4, 5])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let errors = Frontend.errors("model t\nx = 0\nx' = \(deep)")
        #expect(errors.count == 1)
        #expect(errors.first?.message == "expression is nested too deeply (more than 200 levels)")
        let minus = String(repeating: "-", count: 50_000) + "1"
        #expect(Frontend.errors("model t\nx = 0\nx' = \(minus)").count == 1)
        let long = Array(repeating: "x", count: 50_000).joined(separator: " + ")
        let chain = Frontend.errors("model t\nx = 0\nx' = \(long)")
        #expect(chain.count == 1)
        #expect(chain.first?.message.hasPrefix("expression is too deep") == true)
    }

    @Test func nestingWithinTheLimitIsFine() throws {
        let depth = ModelParser.maximumDepth - 5
        let nested = String(repeating: "(1 + ", count: depth) + "x" + String(repeating: ")", count: depth)
        let model = try Frontend.check("model t\nx = 0\nx' = \(nested)")
        #expect(TestEvaluator(model: model, state: [2], parameters: []).value(model.rates[0]) == Double(depth + 2))
        #expect(ModelParser.maximumDepth == 200)
    }

    @Test func renderingShowsTheLineAndACaret() throws {
        let source = ModelSource(path: "m.model", text: "model t\nx = 0\n\tx' = 3 $ 4\n")
        do {
            _ = try ModelParser.parse(source)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                m.model:3:9: error: unexpected character '$'
                 3 | \tx' = 3 $ 4
                   | \t       ^
                """)
        }
    }
}

@Suite struct FrontendLineEndingTests {
    @Test func crlfLinesGiveTheSameColumns() {
        let errors = Frontend.errors("model t\r\nx = 0\r\nx' = (1 + 2\r\n")
        #expect(errors.map(\.line) == [3])
        #expect(errors.map(\.column) == [12])
    }

    @Test func thousandsOfErrorsAreAllReportedAndRendered() {
        var broken = "model g\n"
        var unknown = "model g\n"
        for i in 0..<5000 {
            broken += "x\(i) = (\(i) +\n"
            unknown += "s\(i) = 0; s\(i)' = -k\(i)*s\(i)\n"
        }
        for text in [broken, unknown] {
            let source = ModelSource(path: "g.model", text: text)
            do {
                _ = try ModelChecker.check(try ModelParser.parse(source), source: source)
                Issue.record("expected errors")
            } catch {
                #expect(error.diagnostics.count == 5000)
                #expect(error.diagnostics.map(\.line) == Array(2...5001))
                #expect(error.description.components(separatedBy: "\n\n").count == 5000)
            }
        }
    }
}
