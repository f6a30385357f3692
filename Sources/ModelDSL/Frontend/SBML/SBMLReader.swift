/// Phase 2 of the SBML import: the element tree → ``SBMLModel``, with SBML's
/// attribute defaults for the document's level, refusing every construct that
/// would change the simulation and is not supported — events, algebraic rules,
/// fast reactions, conversion factors, `stoichiometryMath`, required packages,
/// `delay`, `rateOf` — each with one error naming the element and its line.
/// Annotations, notes, units and optional packages do not change the
/// mathematics and are skipped (optional packages with a warning).
struct SBMLReader {
    var diagnostics: DiagnosticBag
    var level = 3
    var version = 2
    /// Prefixes of packages the document marks `required="false"`.
    var optionalPackages: [String] = []
    private var warnedAboutPackages = false

    init(diagnostics: DiagnosticBag) {
        self.diagnostics = diagnostics
    }

    /// The model, or nil when the document is not one this importer reads.
    mutating func read(_ root: MarkupElement) -> SBMLModel? {
        guard root.name == "sbml" else {
            diagnostics.error("not an SBML document: the root element is <\(root.name)>, expected <sbml>", at: root.location,
                              length: root.name.unicodeScalars.count + 1)
            return nil
        }
        level = Int(root.attribute("level") ?? "") ?? 0
        version = Int(root.attribute("version") ?? "") ?? 0
        guard (level == 2 && (1...5).contains(version)) || (level == 3 && (1...2).contains(version)) else {
            diagnostics.error(
                "SBML Level \(level) Version \(version) is not supported; use Level 2 or Level 3 (libSBML converts between levels)",
                at: root.location, length: 5)
            return nil
        }
        for (name, value) in root.prefixedAttributes.sorted(by: { $0.key < $1.key }) where name.hasSuffix(":required") {
            let package = String(name.dropLast(":required".count))
            if value.trimmingWhitespace() == "true" {
                diagnostics.error(
                    "the SBML package '\(package)' is required by this model and not supported (only SBML core is)",
                    at: root.location, length: 5)
            } else {
                optionalPackages.append(package)
            }
        }
        guard let element = root.child(named: "model") else {
            diagnostics.error("the document has no <model>", at: root.location, length: 5)
            return nil
        }
        return model(element, core: root.namespace)
    }

    // MARK: attributes

    func number(_ element: MarkupElement, _ name: String) -> Double? {
        element.attribute(name).flatMap { MathMLReader.parse($0.trimmingWhitespace()) }
    }

    func flag(_ element: MarkupElement, _ name: String, default value: Bool) -> Bool {
        switch element.attribute(name)?.trimmingWhitespace() {
        case "true"?, "1"?: return true
        case "false"?, "0"?: return false
        default: return value
        }
    }

    mutating func id(_ element: MarkupElement) -> String? {
        guard let id = element.attribute("id")?.trimmingWhitespace(), !id.isEmpty else {
            diagnostics.error("<\(element.name)> has no id", at: element.location, length: element.name.unicodeScalars.count + 1)
            return nil
        }
        return id
    }

    mutating func refuse(_ message: String, _ element: MarkupElement) {
        diagnostics.error(message, at: element.location, length: element.name.unicodeScalars.count + 1)
    }

    /// Children of `list` in the core namespace; others (package elements) skipped with one warning.
    mutating func items(_ list: MarkupElement?, named name: String, core: String) -> [MarkupElement] {
        guard let list else { return [] }
        var result: [MarkupElement] = []
        for child in list.children {
            if child.namespace != core && !child.namespace.isEmpty {
                skipPackageElement(child)
            } else if child.name == name {
                result.append(child)
            }
        }
        return result
    }

    mutating func skipPackageElement(_ element: MarkupElement) {
        guard !warnedAboutPackages else { return }
        warnedAboutPackages = true
        let names = optionalPackages.isEmpty ? "" : " (\(optionalPackages.map { "'\($0)'" }.joined(separator: ", ")))"
        diagnostics.warning(
            "elements of optional SBML packages\(names) are ignored; they do not change the model's mathematics",
            at: element.location, length: element.name.unicodeScalars.count + 1)
    }

    func mathReader(_ owner: String) -> MathMLReader {
        MathMLReader(diagnostics: diagnostics, owner: owner)
    }

    /// The math of `element`; nil after an error, or — with a warning — when an
    /// initial assignment or rule has none (SBML Level 3 Version 2: it then has no effect).
    mutating func math(_ element: MarkupElement, owner: String) -> MathNode? {
        guard let math = element.child(named: "math") else {
            if element.name == "kineticLaw" {
                refuse("\(owner) has no <math>", element)
            } else {
                diagnostics.warning("\(owner) has no <math> and so no effect; it is ignored", at: element.location,
                                    length: element.name.unicodeScalars.count + 1)
            }
            return nil
        }
        var reader = mathReader(owner)
        let node = reader.read(math: math)
        diagnostics = reader.diagnostics
        return node
    }
}
