import Foundation
import ModelDSL
import Testing

/// `flowcli import` and SBML files given to the other commands.
@Suite struct ImportCommandTests {
    /// SBML Test Suite case 00075: S1 → S2 at k1·S1·V in a compartment of size 1.5.
    static let sbml = "Tests/Fixtures/sbml-test-suite/00075/00075-sbml-l3v2.xml"

    @Test func importPrintsCanonicalTextThatLoadsToTheSameModel() throws {
        let r = try CLI.run(["import", Self.sbml])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("# Imported from 00075-sbml-l3v2.xml (SBML Level 3 Version 2) by flowcli import.\n"))
        #expect(r.stdout.contains("\nS1 in compartment\n"))
        #expect(r.stdout.contains("\nreaction1: S1 -> S2; compartment*k1*S1\n"))
        let fromText = try LoadedModel.load(source: ModelSource(path: "imported.model", text: r.stdout), readData: false)
        let fromSBML = try LoadedModel.load(path: CLI.root + "/" + Self.sbml)
        #expect(fromText.model == fromSBML.model)
    }

    @Test func importWritesTheOutputFileAndSimulationsAgree() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/case.model"
        let r = try CLI.run(["import", Self.sbml, "--output", output])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("wrote \(output)"))
        let viaSBML = try CLI.run(["simulate", Self.sbml, "--times", "0:2.5:0.05"])
        let viaText = try CLI.run(["simulate", output, "--times", "0:2.5:0.05"])
        #expect(viaSBML.status == 0 && viaText.status == 0, "\(viaSBML.stderr) \(viaText.stderr)")
        #expect(viaSBML.stdout == viaText.stdout)
        // The concentrations times the volume 1.5 are the suite's expected amounts (its tolerance).
        let csv = try NumericCSV(viaSBML.stdout)
        let expected = try NumericCSV(String(contentsOfFile: CLI.root + "/Tests/Fixtures/sbml-test-suite/00075/00075-results.csv",
                                             encoding: .utf8))
        #expect(csv.rows.count == expected.rows.count)
        for name in ["S1", "S2"] {
            for (got, want) in zip(try csv.column(name), try expected.column(name)) {
                #expect(abs(got * 1.5 - want) <= 1e-3 + 1e-4 * abs(want))
            }
        }
    }

    @Test func checkReadsSBML() throws {
        let r = try CLI.run(["check", Self.sbml])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\ndS1/dt = -(compartment*k1*S1)/compartment"))
        #expect(r.stdout.contains("ok: model case00075: 2 species, 0 free parameters, 0 observables, no data"))
    }

    @Test func fitAndLoglikOnBareSBMLSayWhatIsMissing() throws {
        for command in ["fit", "loglik"] {
            let r = try CLI.run([command, Self.sbml])
            #expect(r.status == 1)
            #expect(r.stderr.contains("SBML model 'case00075' (\(Self.sbml)) has no free parameters with priors, no observables and no measurements"),
                    "\(r.stderr)")
            #expect(r.stderr.contains("flowcli import \(Self.sbml) --output case00075.model"))
        }
    }

    @Test func unsupportedSBMLIsALocatedError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/events.xml"
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
              <model id="m">
                <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
                <listOfEvents><event id="pulse"/></listOfEvents>
              </model>
            </sbml>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["import", path, "--output", dir + "/never.model"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(path):5:19: error: events are not supported (discontinuous state changes): 1 <event>s, the first 'pulse'\n"))
        #expect(r.stderr.contains("\n   |                   ^~~~~~\n"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/never.model"))
    }
}
