import Foundation
import ODE
@testable import ModelDSL

/// Small SBML documents for the importer tests, and running them.
enum SBML {
    /// A Level 3 Version 2 document around `body` (the model's children),
    /// which starts on line 4.
    static func document(_ body: String, level: Int = 3, version: Int = 2, extra: String = "") -> String {
        let namespace = level == 2 ? "http://www.sbml.org/sbml/level2/version\(version)"
            : "http://www.sbml.org/sbml/level3/version\(version)/core"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <sbml xmlns="\(namespace)" level="\(level)" version="\(version)"\(extra)>
              <model id="m">
            \(body)
              </model>
            </sbml>
            """
    }

    static func load(_ body: String, level: Int = 3, version: Int = 2) throws -> SBMLImport {
        try SBMLImporter.importModel(source: ModelSource(path: "test.xml", text: document(body, level: level, version: version)))
    }

    /// The errors importing (and checking) the document gives.
    static func errors(_ text: String) -> [Diagnostic] {
        do {
            let imported = try SBMLImporter.importModel(source: ModelSource(path: "test.xml", text: text))
            _ = try ModelChecker.check(imported.ast, source: imported.source)
            return []
        } catch {
            return error.diagnostics
        }
    }

    // MathML builders.
    static func math(_ content: String) -> String { "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">\(content)</math>" }
    static func ci(_ name: String) -> String { "<ci> \(name) </ci>" }
    static func cn(_ value: Double) -> String { "<cn> \(value) </cn>" }
    static func apply(_ op: String, _ args: String...) -> String { "<apply><\(op)/>\(args.joined())</apply>" }
    static let time = "<csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/time\"> t </csymbol>"

    static func compartment(_ id: String, size: Double, constant: Bool = true) -> String {
        "<compartment id=\"\(id)\" spatialDimensions=\"3\" size=\"\(size)\" constant=\"\(constant)\"/>"
    }

    static func species(_ id: String, in c: String, amount: Double? = nil, concentration: Double? = nil,
                        substanceUnitsOnly: Bool = false, boundary: Bool = false, constant: Bool = false) -> String {
        let initial = amount.map { "initialAmount=\"\($0)\"" } ?? concentration.map { "initialConcentration=\"\($0)\"" } ?? ""
        return "<species id=\"\(id)\" compartment=\"\(c)\" \(initial) hasOnlySubstanceUnits=\"\(substanceUnitsOnly)\" boundaryCondition=\"\(boundary)\" constant=\"\(constant)\"/>"
    }

    static func parameter(_ id: String, _ value: Double, constant: Bool = true) -> String {
        "<parameter id=\"\(id)\" value=\"\(value)\" constant=\"\(constant)\"/>"
    }

    static func reaction(_ id: String, reactants: [(String, Double)] = [], products: [(String, Double)] = [], law: String,
                         locals: String = "") -> String {
        func list(_ name: String, _ refs: [(String, Double)]) -> String {
            refs.isEmpty ? "" : "<\(name)>" + refs.map { "<speciesReference species=\"\($0.0)\" stoichiometry=\"\($0.1)\" constant=\"true\"/>" }.joined() + "</\(name)>"
        }
        let localList = locals.isEmpty ? "" : "<listOfLocalParameters>\(locals)</listOfLocalParameters>"
        return "<reaction id=\"\(id)\" reversible=\"false\">\(list("listOfReactants", reactants))\(list("listOfProducts", products))<kineticLaw>\(math(law))\(localList)</kineticLaw></reaction>"
    }

    /// The values of SBML quantities at `times` (solver at 1e-10 relative).
    static func values(_ imported: SBMLImport, _ requests: [(String, SBMLMeasure)], at times: [Double]) throws -> [[Double]] {
        let ast = try SBMLMeasure.observing(imported, requests).get()
        let model = try ModelChecker.check(ast, source: imported.source)
        let simulator = try ModelSimulator(model: model, options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        return try simulator.simulate(parameters: [], times: times, startTime: 0).get().observables
    }
}

extension SBMLMeasure.Missing: CustomStringConvertible {
    var description: String { message }
}
