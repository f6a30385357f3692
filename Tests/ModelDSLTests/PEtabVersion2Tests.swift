import Foundation
import Testing
@testable import ModelDSL

/// PEtab 2 problems: what the translation to PEtab 1's tables keeps (explicit
/// placeholders, noise distributions, priors) and what it refuses, each at the
/// cell at fault. Built from the test suite's case 0009 (a pre-equilibrated
/// conversion reaction), copied and edited in a temporary directory.
@Suite struct PEtabVersion2Tests {
    static let source = PEtabTestCase.root + "/v2.0.0/0009"

    /// Case 0009 with `edits` (file name → new content) applied; the result of loading it.
    static func load(_ edits: [String: String]) throws -> LoadedModel {
        let directory = try Frontend.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: directory + "/" + name)
        }
        for (name, text) in edits {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return try LoadedModel.load(path: directory + "/_0009.yaml")
    }

    static func firstError(_ edits: [String: String]) -> (file: String, line: Int, column: Int, message: String)? {
        do {
            _ = try load(edits)
            return nil
        } catch let error as ModelErrors {
            guard let d = error.diagnostics.first else { return nil }
            return ((d.file as NSString).lastPathComponent, d.line, d.column, d.message)
        } catch {
            return ("?", 0, 0, "\(error)")
        }
    }

    static let yamlWithMapping = """
        condition_files:
        - _conditions.tsv
        experiment_files:
        - _experiments.tsv
        format_version: 2.0.0
        mapping_files:
        - _mapping.tsv
        measurement_files:
        - _measurements.tsv
        model_files:
          model_0:
            language: sbml
            location: _model.xml
        observable_files:
        - _observables.tsv
        parameter_files:
        - _parameters.tsv

        """

    /// Locations: the second of two simultaneous periods' condition cell; the
    /// later period's condition; the start time; the empty condition cell of a
    /// pre-equilibration (which would otherwise silently start from the initial
    /// values instead of the model's steady state); the mapped-to id; the header
    /// cell; the prior's cell; the repeated name inside the list.
    @Test(arguments: [
        ("two conditions at once", "_experiments.tsv", 4, 8, "applies two conditions at the same time"),
        ("a later period", "_experiments.tsv", 4, 6, "applies condition 'preeq_c0' at time 5, during the simulation"),
        ("a start time", "_experiments.tsv", 3, 4, "starts at time 2"),
        ("pre-equilibration without a condition", "_experiments.tsv", 2, 9, "pre-equilibrates without a condition"),
        ("a renaming", "_mapping.tsv", 2, 5, "mapping 'k1x' → 'k1' is not supported"),
        ("a PEtab 1 column", "_parameters.tsv", 1, 91, "column 'parameterScale' is PEtab 1"),
        ("a Laplace prior", "_parameters.tsv", 2, 22, "priorDistribution 'laplace' is not supported"),
        ("a placeholder twice", "_observables.tsv", 2, 27, "observablePlaceholders of 'obs_a' lists 's' twice"),
    ])
    func refusedAtTheCell(_ change: String, _ file: String, _ line: Int, _ column: Int, _ message: String) {
        var edits: [String: String] = [:]
        switch change {
        case "two conditions at once":
            edits["_experiments.tsv"] = "experimentId\ttime\tconditionId\ne0\t-inf\tpreeq_c0\ne0\t0.0\tc0\ne0\t0.0\tpreeq_c0\n"
        case "a later period":
            edits["_experiments.tsv"] = "experimentId\ttime\tconditionId\ne0\t-inf\tpreeq_c0\ne0\t0.0\tc0\ne0\t5\tpreeq_c0\n"
        case "a start time":
            edits["_experiments.tsv"] = "experimentId\ttime\tconditionId\ne0\t-inf\tpreeq_c0\ne0\t2\tc0\n"
        case "pre-equilibration without a condition":
            edits["_experiments.tsv"] = "experimentId\ttime\tconditionId\ne0\t-inf\t\ne0\t0.0\tc0\n"
        case "a renaming":
            edits["_0009.yaml"] = Self.yamlWithMapping
            edits["_mapping.tsv"] = "petabEntityId\tmodelEntityId\nk1x\tk1\n"
        case "a PEtab 1 column":
            edits["_parameters.tsv"] = "parameterId\tlowerBound\tupperBound\tnominalValue\testimate\tpriorDistribution\tpriorParameters\tparameterScale\na0\t0.0\t10.0\t1.0\ttrue\t\t\tlin\n"
        case "a Laplace prior":
            edits["_parameters.tsv"] = "parameterId\tlowerBound\tupperBound\tnominalValue\testimate\tpriorDistribution\tpriorParameters\na0\t0.0\t10.0\t1.0\ttrue\tlaplace\t1;2\n"
        case "a placeholder twice":
            edits["_observables.tsv"] = "observableId\tobservableName\tobservableFormula\tnoiseFormula\tnoiseDistribution\tobservablePlaceholders\tnoisePlaceholders\nobs_a\t\ts * A\t0.5\tnormal\ts;s\t\n"
        default: Issue.record("no such change \(change)")
        }
        guard let e = Self.firstError(edits) else {
            Issue.record("\(change): accepted")
            return
        }
        #expect(e.file == file && e.line == line && e.column == column, "\(change): \(e)")
        #expect(e.message.hasPrefix(message) || e.message.contains(message), "\(change): \(e.message)")
    }

    /// A mapping table that only gives names renames nothing and is accepted.
    @Test func aMappingThatOnlyNamesIsAccepted() throws {
        let loaded = try Self.load(["_0009.yaml": Self.yamlWithMapping,
                                    "_mapping.tsv": "petabEntityId\tmodelEntityId\tname\nk1\t\tthe rate\nk2\tk2\t\n"])
        #expect(loaded.model.conditions.map(\.name).sorted() == ["c0", "preeq_c0"])
    }

    /// Explicit placeholders with any names, in the order listed; log-normal
    /// noise is a normal distribution of the log; a normal prior is truncated
    /// to the bounds; no prior is uniform between them.
    @Test func placeholdersNoiseAndPriorsTranslate() throws {
        let loaded = try Self.load([
            "_observables.tsv": "observableId\tobservableName\tobservableFormula\tnoiseFormula\tnoiseDistribution\tobservablePlaceholders\tnoisePlaceholders\nobs_a\t\toffset + scale * A\tsd\tlog-normal\tscale;offset\tsd\n",
            "_measurements.tsv": "observableId\texperimentId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\nobs_a\te0\t1.0\t0.7\t2;0.1\t0.5\nobs_a\te0\t10.0\t0.1\t2;0.1\t0.5\n",
            "_parameters.tsv": "parameterId\tlowerBound\tupperBound\tnominalValue\testimate\tpriorDistribution\tpriorParameters\na0\t0.0\t10.0\t1.0\ttrue\tnormal\t1;2\nb0\t0.0\t10.0\t0.0\ttrue\t\t\nk2\t0.0\t10.0\t0.6\tfalse\t\t\n",
        ])
        let observable = try #require(loaded.model.observables.first)
        #expect(observable.observableParameters == ["scale", "offset"])
        #expect(observable.noiseParameters == ["sd"])
        #expect(observable.noise.isLogScale)
        let text = loaded.ast.canonicalText
        #expect(text.contains("prior a0 ~ Normal(1, 2) in [0, 10]"), "\(text)")
        #expect(text.contains("prior b0 ~ Uniform(0, 10)"), "\(text)")
        #expect(!text.contains("prior k2"), "k2 is fixed: \(text)")
        let values = try #require(loaded.data?.measurements.first?.observableParameters)
        #expect(values == [.number(2), .number(0.1)])
    }
}
