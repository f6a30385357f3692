import Foundation
import Testing

@Suite struct UsageTests {
    static let commands = ["check", "import", "simulate", "loglik", "fit", "compare", "report", "bench"]

    @Test func topLevelHelpListsEveryCommand() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for c in Self.commands { #expect(r.stdout.contains("\n  \(c) ")) }
        let bare = try CLI.run([])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("usage: flowcli COMMAND"))
    }

    @Test func version() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("flowcli "))
    }

    @Test(arguments: commands)
    func everyCommandHasHelp(_ command: String) throws {
        let r = try CLI.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("usage: flowcli \(command)"))
        // --help wins over anything else on the line.
        #expect(try CLI.run([command, "--bogus", "-h"]).status == 0)
    }

    @Test func unknownFlagIsAUsageErrorWithSuggestion() throws {
        let r = try CLI.run(["check", CLI.modelPath("linear_gaussian"), "--dta", "x.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("flowcli check: error: unknown option --dta; did you mean --data?"))
        #expect(r.stderr.contains("usage: flowcli check MODEL"))
        #expect(r.stdout.isEmpty)
    }

    @Test func unknownCommandIsAUsageError() throws {
        let r = try CLI.run(["simulte", "x.model"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command 'simulte'; did you mean 'simulate'?"))
    }

    @Test(arguments: [
        (["check"], "missing model file"),
        (["check", "a.model", "b.model"], "expected one model file"),
        (["fit", CLI.modelPath("linear_gaussian"), "--threads", "0"], "--threads: expected an integer"),
        (["fit", CLI.modelPath("linear_gaussian"), "--ess-threshold", "1.5"], "--ess-threshold: expected a number"),
        (["fit", CLI.modelPath("linear_gaussian"), "--backend", "nuts"], "known backends: flow"),
        (["fit", CLI.modelPath("linear_gaussian"), "--variant", "papr"], "did you mean 'paper'?"),
        (["fit", CLI.modelPath("linear_gaussian"), "--populations", "3", "--variant", "paper"], "needs --variant robust"),
        (["fit", CLI.modelPath("linear_gaussian"), "--seed", "-1"], "--seed: expected a non-negative integer"),
        (["fit", CLI.modelPath("linear_gaussian"), "--rtol", "abc"], "--rtol: expected a number"),
        (["fit", CLI.modelPath("linear_gaussian"), "--quiet=yes"], "--quiet takes no value"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--times", "0:10:0"], "dt > 0"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--times", "3,2"], "non-decreasing"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--param", "k"], "expects name=value"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--param", "kk=1"], "unknown parameter 'kk'; did you mean 'k'?"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--param", "k=nan"], "is not a finite number"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--param", "k=1", "--param", "k=2"], "set more than once"),
        (["simulate", CLI.modelPath("linear_gaussian"), "--noise-seed", "x"], "--noise-seed: expected a non-negative integer"),
        (["loglik", CLI.modelPath("repressilator"), "--param", "sigma=1", "--times", "1"], "unknown option --times"),
        (["bench", "--evaluations", "0"], "--evaluations: expected an integer"),
    ])
    func badValuesAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}

@Suite struct BenchCommandTests {
    @Test func benchPrintsTheTable() throws {
        let r = try CLI.run(["bench", "--evaluations", "2", "--repetitions", "1", "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["hand-written", "bytecode", "bytecode + fast pow", "closures", "tree walker", "bytecode lanes"] {
            #expect(r.stdout.contains("\n\(name) "))
        }
        #expect(r.stdout.contains("fastest bytecode lane count"))
        // The flow rows: global and mode shapes on 1 and 2 threads, with positive finite costs.
        let flowRows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("global ") || $0.hasPrefix("mode ") }
        #expect(flowRows.count == 4, "\(r.stdout)")
        for row in flowRows {
            let numbers = row.split(separator: " ").suffix(4).compactMap { Double($0) }
            #expect(numbers.count == 4 && numbers.allSatisfy { $0.isFinite && $0 >= 0 } && numbers[1] > 0, "\(row)")
        }
    }

    @Test func benchWithoutFlows() throws {
        let r = try CLI.run(["bench", "--evaluations", "2", "--repetitions", "1", "--threads", "1", "--no-flows"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("fastest bytecode lane count"))
        #expect(!r.stdout.contains("flow benchmark"))
    }

    /// A model without a hand-written right-hand side gets the solver rows only.
    @Test func benchRunsOnAnyModel() throws {
        let r = try CLI.run(["bench", CLI.modelPath("goodwin"), "--evaluations", "2", "--repetitions", "1",
                             "--threads", "1", "--no-flows", "--points", "nominal"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 points (the nominal point), solver auto"))
        for row in ["bytecode auto", "bytecode rodas4", "bytecode rodas5p"] { #expect(r.stdout.contains(row)) }
        #expect(!r.stdout.contains("hand-written"))
        let bad = try CLI.run(["bench", CLI.modelPath("goodwin"), "--points", "posterior"])
        #expect(bad.status == 2 && bad.stderr.contains("--points must be 'prior' or 'nominal'"))
    }
}
