import Foundation
import ModelDSL

/// The top level of the tool: picks the command, handles `--help` and
/// `--version`, and turns every error into a message on stderr and an exit
/// status (never a crash).
enum FlowCLI {
    static let version = "0.1.0"

    static let commands: [any Command] = [
        CheckCommand(), ImportCommand(), SimulateCommand(), LoglikCommand(), FitCommand(), CompareCommand(), ReportCommand(),
        BenchCommand(),
    ]

    static var help: String {
        let width = commands.map(\.name.count).max() ?? 0
        let list = commands.map { "  \($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\($0.summary)" }
        return """
        flowcli \(version): Bayesian parameter estimation for ODE models written in the FlowFit model language (or SBML).

        usage: flowcli COMMAND [ARGUMENTS] [OPTIONS]
               flowcli COMMAND --help
               flowcli --version

        commands:
        \(list.joined(separator: "\n"))

        exit status: 0 success, 1 runtime error (bad model or data, I/O), 2 usage error,
                     3 fit (or a run of compare) finished without reaching the posterior,
                     4 it reached the posterior but its convergence diagnostics failed.
        See docs/cli.md and docs/language.md.
        """
    }

    /// Runs `flowcli` with the arguments after the program name.
    static func run(_ argv: [String]) -> ExitStatus {
        guard let first = argv.first else {
            printError(help)
            return .usage
        }
        switch first {
        case "--help", "-h":
            writeOut(help + "\n")
            return .success
        case "help":
            guard argv.count > 1 else {
                writeOut(help + "\n")
                return .success
            }
            guard let command = command(named: argv[1]) else { return unknownCommand(argv[1]) }
            writeOut(command.help + "\n")
            return .success
        case "--version", "version":
            writeOut("flowcli \(version)\n")
            return .success
        default:
            guard let command = command(named: first) else { return unknownCommand(first) }
            return run(command, Array(argv.dropFirst()))
        }
    }

    static func command(named name: String) -> (any Command)? {
        commands.first { $0.name == name }
    }

    private static func unknownCommand(_ name: String) -> ExitStatus {
        let hint = Suggest.closest(to: name, among: commands.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
        let what = name.hasPrefix("-") ? "unknown option \(name)" : "unknown command '\(name)'"
        printError("flowcli: error: \(what)\(hint)\nRun 'flowcli --help' for the list of commands.")
        return .usage
    }

    /// Parses and runs one command, mapping errors to statuses.
    static func run(_ command: any Command, _ rest: [String]) -> ExitStatus {
        let beforeSeparator = rest.prefix { $0 != "--" }
        if beforeSeparator.contains("--help") || beforeSeparator.contains("-h") {
            writeOut(command.help + "\n")
            return .success
        }
        var spec = command.spec
        spec.switches.insert("help")
        do {
            let arguments = try Arguments(rest, spec: spec)
            return try command.run(arguments)
        } catch let error as UsageError {
            printError("flowcli \(command.name): error: \(error.message)\nusage: \(command.usage)\nRun 'flowcli \(command.name) --help' for details.")
            return .usage
        } catch let error as ModelErrors {
            printError(error.description)
            return .failure
        } catch let error as CLIError {
            printError("flowcli \(command.name): error: \(error.message)")
            return .failure
        } catch {
            printError("flowcli \(command.name): error: \(error)")
            return .failure
        }
    }
}
