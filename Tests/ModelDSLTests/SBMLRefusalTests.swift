import Foundation
import Testing
@testable import ModelDSL

/// What the importer refuses, one error each, naming the element and its line.
@Suite struct SBMLRefusalTests {
    typealias M = SBML

    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var message: String
        var testDescription: String { message }
    }

    static let compartment = "<listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>"
    static let species = "<listOfSpecies>\(M.species("S", in: "c", concentration: 1))</listOfSpecies>"
    static func decay(_ attributes: String = "", law: String = M.ci("S"), inside: String = "") -> String {
        "<listOfReactions><reaction id=\"R\" reversible=\"false\"\(attributes)><listOfReactants><speciesReference species=\"S\" stoichiometry=\"1\" constant=\"true\"/>\(inside)</listOfReactants><kineticLaw>\(M.math(law))</kineticLaw></reaction></listOfReactions>"
    }

    static let cases: [Case] = [
        Case(text: M.document(compartment + species + "\n<listOfEvents><event id=\"e1\"/><event id=\"e2\"/></listOfEvents>"), line: 5,
             message: "events are not supported (discontinuous state changes): 2 <event>s, the first 'e1'"),
        Case(text: M.document(compartment + species + "\n<listOfRules><algebraicRule>\(M.math(M.ci("S")))</algebraicRule></listOfRules>"), line: 5,
             message: "algebraic rules are not supported (they make a differential-algebraic system); rewrite it as an assignment rule"),
        Case(text: M.document(compartment + species + "\n" + decay(" fast=\"true\"")), line: 5,
             message: "fast reaction 'R' is not supported (it assumes a rapid equilibrium); remove fast=\"true\" to simulate it at its kinetic rate"),
        Case(text: M.document(compartment + species + "\n" + decay(law: "<apply><csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/delay\">d</csymbol>\(M.ci("S"))\(M.cn(1))</apply>")),
             line: 5, message: "delay() in the kineticLaw of reaction 'R' is not supported (delay differential equations are not); remove the delay"),
        Case(text: M.document(compartment + species + "\n" + decay(law: "<apply><csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/rateOf\">r</csymbol>\(M.ci("S"))</apply>")),
             line: 5, message: "rateOf() in the kineticLaw of reaction 'R' is not supported; write the rate expression itself"),
        Case(text: M.document(compartment + species, extra: " xmlns:comp=\"http://www.sbml.org/sbml/level3/version1/comp/version1\" comp:required=\"true\""),
             line: 2, message: "the SBML package 'comp' is required by this model and not supported (only SBML core is)"),
        Case(text: M.document(compartment + "\n<listOfSpecies><species id=\"S\" compartment=\"c\" initialAmount=\"1\" hasOnlySubstanceUnits=\"false\" boundaryCondition=\"false\" constant=\"false\" conversionFactor=\"f\"/></listOfSpecies>"),
             line: 5, message: "the conversionFactor of species 'S' is not supported; scale its rates in the kinetic laws instead"),
        Case(text: M.document(compartment + species + "\n" + decay(law: M.apply("diff", M.ci("S")))), line: 5,
             message: "MathML operator <diff> in the kineticLaw of reaction 'R' is not supported"),
        Case(text: M.document(compartment + species + "\n" + decay(law: M.apply("times", M.ci("k"), M.ci("S")))), line: 5,
             message: "unknown identifier 'k' in the kineticLaw of reaction 'R'"),
        Case(text: M.document(compartment + species + "\n<listOfReactions><reaction id=\"R\" reversible=\"false\"/></listOfReactions>"), line: 5,
             message: "reaction 'R' has no kineticLaw, so its rate is unknown; add one"),
        Case(text: M.document(compartment + species + "\n<listOfParameters>\(M.parameter("n", 1, constant: false))</listOfParameters>"
                              + "<listOfRules><assignmentRule variable=\"sr\">\(M.math(M.apply("plus", M.ci("n"), M.time)))</assignmentRule></listOfRules>"
                              + "<listOfReactions><reaction id=\"R\" reversible=\"false\"><listOfReactants><speciesReference id=\"sr\" species=\"S\" constant=\"false\"/></listOfReactants><kineticLaw>\(M.math(M.ci("S")))</kineticLaw></reaction></listOfReactions>"),
             line: 5, message: "the assignmentRule for stoichiometry 'sr' changes in time, which is not supported (a stoichiometry is constant)"),
        Case(text: M.document(compartment + species + "\n<listOfRules><rateRule variable=\"sr\">\(M.math(M.cn(1)))</rateRule></listOfRules>"
                              + "<listOfReactions><reaction id=\"R\" reversible=\"false\"><listOfReactants><speciesReference id=\"sr\" species=\"S\" stoichiometry=\"1\" constant=\"false\"/></listOfReactants><kineticLaw>\(M.math(M.ci("S")))</kineticLaw></reaction></listOfReactions>"),
             line: 5, message: "the rateRule for stoichiometry 'sr' makes it change in time, which is not supported"),
        Case(text: M.document(compartment + species + "\n" + decay(inside: "").replacingOccurrences(of: "stoichiometry=\"1\" constant=\"true\"/>", with: "><stoichiometryMath>\(M.math(M.cn(2)))</stoichiometryMath></speciesReference>"), level: 2, version: 4),
             line: 5, message: "stoichiometryMath in reaction 'R' is not supported; give a constant stoichiometry"),
        Case(text: M.document(compartment + "\n<listOfSpecies>\(M.species("T", in: "v", concentration: 1))</listOfSpecies>"),
             line: 5, message: "species 'T' is in compartment 'v', which does not exist"),
        Case(text: M.document(compartment + species + "\n<listOfReactions>\n<reaction id=\"R\" reversible=\"false\"><kineticLaw>\(M.math(M.ci("S")))</kineticLaw>\n</listOfReactions>"),
             line: 7, message: "malformed XML (a closing tag does not match its opening tag)"),
        Case(text: "<?xml version=\"1.0\"?>\n<model/>", line: 2, message: "not an SBML document: the root element is <model>, expected <sbml>"),
        Case(text: "<?xml version=\"1.0\"?>\n<sbml xmlns=\"http://www.sbml.org/sbml/level1\" level=\"1\" version=\"2\"><model/></sbml>", line: 2,
             message: "SBML Level 1 Version 2 is not supported; use Level 2 or Level 3 (libSBML converts between levels)"),
    ]

    @Test(arguments: cases)
    func refused(_ c: Case) {
        let errors = M.errors(c.text)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.message == c.message)
        #expect(error.line == c.line)
        #expect(error.file == "test.xml")
    }

    @Test func anErrorPointsAtTheAttributeValue() {
        // The species' compartment does not exist: line 5, under the value of compartment="nowhere".
        let text = M.document(Self.compartment + "\n<listOfSpecies>\(M.species("T", in: "nowhere", concentration: 1))</listOfSpecies>")
        let errors = M.errors(text)
        #expect(errors.map(\.message) == ["species 'T' is in compartment 'nowhere', which does not exist"])
        let lineText = Array(text.split(separator: "\n", omittingEmptySubsequences: false)[4].unicodeScalars)
        #expect(errors.first?.line == 5)
        #expect(errors.first.map { String(String.UnicodeScalarView(lineText[($0.column - 5)..<($0.column + 1)])) } == "id=\"T\"")
    }

    @Test func everyRefusalIsReportedNotJustTheFirst() {
        let text = M.document(Self.compartment + Self.species + "\n" + Self.decay(" fast=\"true\"") + "\n<listOfEvents><event id=\"e\"/></listOfEvents>")
        #expect(M.errors(text).map(\.line) == [5, 6])
    }

    @Test func optionalPackagesConstraintsAndEmptyRulesAreWarnings() throws {
        let text = M.document("""
            \(Self.compartment)\(Self.species)
            <listOfParameters>\(M.parameter("p", 1))</listOfParameters>
            <listOfInitialAssignments><initialAssignment symbol="p"/></listOfInitialAssignments>
            <listOfConstraints><constraint>\(M.math("<true/>"))</constraint></listOfConstraints>
            <layout:listOfLayouts xmlns:layout="http://www.sbml.org/sbml/level3/version1/layout/version1"/>
            \(Self.decay())
            """, extra: " xmlns:layout=\"http://www.sbml.org/sbml/level3/version1/layout/version1\" layout:required=\"false\"")
        let imported = try SBMLImporter.importModel(source: ModelSource(path: "test.xml", text: text))
        #expect(imported.warnings.map(\.message) == [
            "the initialAssignment of 'p' has no <math> and so no effect; it is ignored",
            "constraints are not checked: they do not change the simulation",
            "elements of optional SBML packages ('layout') are ignored; they do not change the model's mathematics",
        ])
        #expect(imported.warnings.map(\.line) == [6, 7, 8])
    }

    @Test func aLargeDocumentIsReadToTheEnd() throws {
        // ~2.5 MB: XMLParser(data:) gives up near the end of files this size; the stream does not.
        var body = "<listOfParameters>"
        for i in 0..<45_000 { body += "<parameter id=\"p\(i)\" value=\"\(i)\" constant=\"true\"/>\n" }
        body += "<parameter id=\"x\" value=\"0\" constant=\"false\"/></listOfParameters>"
        body += "<listOfRules><rateRule variable=\"x\">\(M.math(M.ci("p44999")))</rateRule></listOfRules>"
        let text = M.document(body)
        #expect(text.utf8.count > 2_000_000)
        let imported = try SBMLImporter.importModel(source: ModelSource(path: "big.xml", text: text))
        #expect(imported.ast.rateRules.map { $0.expression.canonicalText } == ["p44999"])
        #expect(imported.quantities.count == 45_001)
    }
}

/// Randomly damaged SBML test-suite models either import (and then check or
/// fail with located errors) or give errors inside the file — never a crash.
@Suite struct SBMLMutationTests {
    static let alphabet = Array("<>/=\"' \n\tabcdeiklnprstxy0123456789.-:&;")

    @Test(arguments: ["00001", "00139", "01495"])
    func mutantsImportOrFailCleanly(number: String) throws {
        let c = try SBMLTestCase.load(number)
        let original = Array(try String(contentsOfFile: c.modelPath, encoding: .utf8))
        var rng = SplitMix64(seed: 0x5B3A_0000 + (UInt64(number) ?? 0))
        var (loaded, failed) = (0, 0)
        for _ in 0..<150 {
            var text = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: 0..<text.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text.remove(at: position)
                case 1: text.insert(Self.alphabet.randomElement(using: &rng) ?? " ", at: position)
                default: text[position] = Self.alphabet.randomElement(using: &rng) ?? " "
                }
            }
            let source = ModelSource(path: "mutant.xml", text: String(text))
            do {
                let imported = try SBMLImporter.importModel(source: source)
                _ = try ModelChecker.check(imported.ast, source: imported.source)
                loaded += 1
            } catch {
                failed += 1
                FrontendMutationTests.expectWellPlaced(error, in: source)
            }
        }
        #expect(loaded > 10 && failed > 10, "loaded \(loaded), failed \(failed)")
    }
}
