import Foundation
import ModelDSL

/// `flowcli import MODEL.xml [--output FILE]`: an SBML model printed in the
/// model language (canonical form), after the same checks every command runs.
struct ImportCommand: Command {
    let name = "import"
    let summary = "print an SBML model in the model language (canonical form)"
    let usage = "flowcli import MODEL.xml [--output FILE]"
    let details = """
        Reads an SBML file (Level 2 or 3 core), translates it into the model language and checks it
        like any model; then prints the canonical text (to FILE with --output, written atomically).
        The text parses back to the same model: `flowcli check FILE` and `flowcli check MODEL.xml`
        show the same ODE system. Species are concentrations in their compartment (`S in C`, so a
        reaction's rate is an amount per time) unless they have only substance units; SBML ids the
        language reserves (time, exp, …) are renamed, and the header comment and stderr say so.
        Unsupported SBML (events, algebraic rules, delays, fast reactions, …) is an error naming the
        element and its line. To fit the model, add `prior`, `observe` and `data` statements (or
        give a PEtab problem, when supported). See docs/sbml.md.

        options:
          --output FILE   write the model to FILE instead of stdout
          -h, --help      show this help

        example:
          flowcli import BIOMD0000000012.xml --output repressilator.model
        """
    let spec = Arguments.Spec(valued: ["output"], switches: [])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("SBML file")
        let imported = try SBMLImporter.importModel(path: path)
        let loaded = try LoadedModel.load(imported: imported, readData: false)
        ModelInput.printWarnings(loaded)
        let text = Self.header(imported, path: path) + loaded.ast.canonicalText
        if let output = arguments.string("output") {
            try AtomicFile.write(text, to: output)
            printError("wrote \(output)")
        } else {
            writeOut(text)
        }
        return .success
    }

    /// Comment lines before the canonical text: where it came from and what was renamed.
    static func header(_ imported: SBMLImport, path: String) -> String {
        var lines = [
            "# Imported from \((path as NSString).lastPathComponent) (SBML Level \(imported.level) Version \(imported.version)) by flowcli import.",
            "# Species are concentrations in their compartment ('S in C': reaction rates are amounts per time)",
            "# unless they have only substance units. Add prior, observe and data statements to fit it.",
        ]
        for renaming in imported.renamings {
            lines.append("# SBML id '\(renaming.id)' is '\(renaming.name)' here (reserved in the model language).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
