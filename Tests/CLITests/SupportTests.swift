import Testing
@testable import flowcli

/// In-process tests of the CLI's parsing helpers.
@Suite struct SupportTests {
    @Test func timeGridIncludesTheEndDespiteRounding() throws {
        let t = try TimeGrid.parse("0:1:0.1")
        #expect(t.count == 11)
        #expect(t.last == 1.0000000000000000)
        #expect(t[3] == 0.30000000000000004)  // 0 + 3·0.1, not repeated addition
        #expect(try TimeGrid.parse("5:150:5").count == 30)
        #expect(try TimeGrid.parse("2:2:1") == [2])
        #expect(try TimeGrid.parse("0, 1,2.5") == [0, 1, 2.5])
    }

    @Test(arguments: ["0:1", "1:0:0.1", "0:1:-1", "0:1:nan", "a,b", "0:1e12:1e-3", "1,,2", "inf"])
    func timeGridRejects(_ text: String) {
        #expect(throws: UsageError.self) { try TimeGrid.parse(text) }
    }

    @Test func argumentsParseFormsAndSuggest() throws {
        let spec = Arguments.Spec(valued: ["data", "threads"], switches: ["quiet"], repeatable: ["param"])
        let a = try Arguments(["m.model", "--data=x.csv", "--param", "k=1", "--param", "n=-2", "--quiet", "--threads", "3"], spec: spec)
        #expect(a.positional == ["m.model"])
        #expect(a.string("data") == "x.csv")
        #expect(a.has("quiet"))
        #expect(try a.int("threads", default: 1) == 3)
        let pairs = try a.assignments("param")
        #expect(pairs.map(\.0) == ["k", "n"] && pairs.map(\.1) == [1, -2])
        #expect(throws: UsageError.self) { try Arguments(["--thread", "2"], spec: spec) }
        do {
            _ = try Arguments(["--thread", "2"], spec: spec)
        } catch {
            #expect(error.message == "unknown option --thread; did you mean --threads?")
        }
    }

    @Test func numbersRoundTrip() {
        #expect(formatNumber(40) == "40")
        #expect(formatNumber(-0.0) == "0")
        #expect(formatNumber(0.1) == "0.1")
        #expect(formatNumber(-.infinity) == "-inf")
        #expect(formatNumber(.nan) == "nan")
        for x in [1.0 / 3, 26.042106511405663, 1e-300, 6.02e23, 1e15 + 0.5] {
            #expect(Double(formatNumber(x)) == x)
        }
    }

    @Test func everyCommandIsListedOnceWithHelp() {
        let names = FlowCLI.commands.map(\.name)
        #expect(Set(names).count == names.count)
        for command in FlowCLI.commands {
            #expect(command.help.hasPrefix("usage: flowcli \(command.name)"))
            #expect(FlowCLI.help.contains("  \(command.name) "))
        }
        #expect(BackendFactory.names == ["flow", "ensemble", "smc"])
        #expect(FlowCLI.commands.map(\.name) == ["check", "import", "simulate", "loglik", "fit", "compare", "report", "bench"])
    }
}
