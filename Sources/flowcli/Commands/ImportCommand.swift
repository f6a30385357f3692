import Foundation
import ModelDSL

/// `flowcli import MODEL.xml|problem.yaml [--output FILE]`: an SBML model or
/// a PEtab problem printed in the model language (canonical form), after the
/// same checks every command runs.
struct ImportCommand: Command {
    let name = "import"
    let summary = "print an SBML model or a PEtab problem in the model language (canonical form)"
    let usage = "flowcli import MODEL.xml|problem.yaml [--output FILE]"
    let details = """
        Reads an SBML file (Level 2 or 3 core), translates it into the model language and checks it
        like any model; then prints the canonical text (to FILE with --output, written atomically).
        The text parses back to the same model: `flowcli check FILE` and `flowcli check MODEL.xml`
        show the same ODE system. Species are concentrations in their compartment (`S in C`, so a
        reaction's rate is an amount per time) unless they have only substance units; SBML ids the
        language reserves (time, exp, …) are renamed, and the header comment and stderr say so.
        Unsupported SBML (events, algebraic rules, delays, fast reactions, …) is an error naming the
        element and its line. To fit the model, add `prior`, `observe` and `data` statements. See
        docs/sbml.md.

        A PEtab problem (problem.yaml, PEtab 1) becomes one model with priors, observables and
        conditions (docs/petab.md); its measurement table is the model's data: with --output
        FILE.model it is copied beside it as FILE.tsv (`data "FILE.tsv"`), without it the printed
        `data` statement names the table by its path from the working directory.

        options:
          --output FILE   write the model to FILE instead of stdout (and a PEtab problem's data beside it)
          -h, --help      show this help

        examples:
          flowcli import BIOMD0000000012.xml --output repressilator.model
          flowcli import Boehm_JProteomeRes2014.yaml --output boehm.model
        """
    let spec = Arguments.Spec(valued: ["output"], switches: [])

    func run(_ arguments: Arguments) throws -> ExitStatus {
        let path = try arguments.singlePositional("SBML file or PEtab problem")
        if PEtabImporter.isProblemPath(path) { return try importProblem(path, output: arguments.string("output")) }
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

    /// A PEtab problem: the model with its data statement, and with `output` the
    /// measurement table copied beside it.
    private func importProblem(_ path: String, output: String?) throws -> ExitStatus {
        let imported = try PEtabImporter.importProblem(path: path)
        let loaded = try LoadedModel.load(petab: imported)
        ModelInput.printWarnings(loaded)
        var ast = loaded.ast
        let here = SourceLocation(line: 0, column: 0)
        var header = Self.header(imported.sbml, path: imported.sbml.source.path).split(separator: "\n").map(String.init)
        header[0] = "# Imported from \((path as NSString).lastPathComponent) (PEtab \(imported.formatVersion); model \((imported.sbml.source.path as NSString).lastPathComponent), SBML Level \(imported.sbml.level) Version \(imported.sbml.version)) by flowcli import."
        header[2] = "# unless they have only substance units. Priors, observables and conditions come from the PEtab tables."
        if let output {
            let stem = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
            let dataName = stem + ".tsv"
            let dataPath = ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent(dataName)
            ast.data = [DataDecl(path: dataName, location: here)]
            var table = try String(contentsOfFile: imported.measurementPath, encoding: .utf8)
            if let experiments = imported.experiments {
                // PEtab 2's experimentId → the language's condition columns.
                table = PEtabVersion2.measurementsInVersion1Columns(table, experiments: experiments)
            }
            try AtomicFile.write(table, to: dataPath)
            try AtomicFile.write(header.joined(separator: "\n") + "\n" + ast.canonicalText, to: output)
            printError("wrote \(output) and \(dataPath)")
        } else if imported.experiments != nil {
            ast.data = []
            header.append("# A PEtab 2 measurement table names experiments; --output writes it beside the model in this")
            header.append("# language's columns (simulationConditionId, preequilibrationConditionId) with its data statement.")
            writeOut(header.joined(separator: "\n") + "\n" + ast.canonicalText)
        } else {
            ast.data = [DataDecl(path: imported.measurementPath, location: here)]
            header.append("# The data path is relative to the working directory of the import.")
            writeOut(header.joined(separator: "\n") + "\n" + ast.canonicalText)
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
