/// An element of an XML document, as the SBML reader needs it: its local name
/// and namespace, its attributes by local name, its children, its text, and
/// where its start tag begins in the file.
///
/// Attributes without a prefix (the element's own, which is how SBML writes
/// them) are in ``attributes`` by name; prefixed ones (`fbc:charge`,
/// `sbml:units`) are kept apart in ``prefixedAttributes`` under their full
/// name, so a package attribute never shadows a core one.
struct MarkupElement: Sendable {
    var name: String
    var namespace: String
    var attributes: [String: String]
    var prefixedAttributes: [String: String]
    var children: [MarkupElement]
    /// The character data directly inside the element, one segment per gap
    /// between child elements (`<cn type="rational"> 1 <sep/> 3 </cn>` has
    /// segments " 1 " and " 3 ").
    var textSegments: [String]
    /// The `<` of the start tag.
    var location: SourceLocation
    /// Where each attribute's value starts (after the quote), by name.
    var attributeLocations: [String: SourceLocation] = [:]

    /// All direct text, trimmed.
    var text: String { textSegments.joined().trimmingWhitespace() }

    func attribute(_ name: String) -> String? { attributes[name] }

    /// The start of attribute `name`'s value, or the start tag when it is absent.
    func location(of name: String) -> SourceLocation { attributeLocations[name] ?? location }

    /// The child elements called `name` (any namespace).
    func children(named name: String) -> [MarkupElement] { children.filter { $0.name == name } }

    func child(named name: String) -> MarkupElement? { children.first { $0.name == name } }
}

extension String {
    /// Without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
