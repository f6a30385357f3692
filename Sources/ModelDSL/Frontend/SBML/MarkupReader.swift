import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an XML document into a ``MarkupElement`` tree with FoundationXML's
/// event parser, fed from a stream (`XMLParser(data:)` gives up at the end of
/// large files; the stream path does not).
///
/// Attributes are taken from the parser's attribute dictionary by local name
/// (`XMLElement.attribute(forName:)` misses attributes of elements in a
/// default namespace). The parser reports positions at the end of each start
/// tag; the reader moves them back to the tag's `<` using the file's bytes.
/// Subtrees named in `skipping` (SBML's `notes` and `annotation`) are not kept.
/// Cost: one pass over the file; memory: the tree without skipped subtrees.
enum MarkupReader {
    struct Failure: Error {
        var message: String
        var location: SourceLocation
    }

    static func read(_ bytes: Data, skipping: Set<String> = []) throws(Failure) -> MarkupElement {
        let builder = TreeBuilder(bytes: bytes, skipping: skipping)
        let parser = XMLParser(stream: InputStream(data: bytes))
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        let succeeded = parser.parse()
        guard succeeded, let root = builder.root else {
            let (code, line, column) = builder.firstError ?? ((parser.parserError as NSError?)?.code ?? 0, parser.lineNumber, parser.columnNumber)
            throw Failure(message: "malformed XML (\(describe(code)))",
                          location: SourceLocation(line: Swift.max(line, 1), column: Swift.max(column, 1)))
        }
        return root
    }

    /// A short reason for a libxml2 error code (which is what FoundationXML
    /// reports; its `XMLParser.ErrorCode` numbers differ on Linux).
    static func describe(_ code: Int) -> String {
        switch code {
        case 3, 4, 5: return "the document is empty or ends too early"
        case 9: return "a character that XML does not allow"
        case 26, 27: return "an undeclared entity such as &foo;"
        case 38...42: return "a broken attribute"
        case 65, 68, 73, 77: return "an unfinished tag"
        case 74, 76: return "a closing tag does not match its opening tag"
        case 86: return "content after the root element"
        default: return "parser error \(code)"
        }
    }
}

/// The XMLParser delegate that builds the tree.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let bytes: Data
    let skipping: Set<String>
    /// Byte offset of the start of each line (line n starts at lineStarts[n - 1]).
    let lineStarts: [Int]
    var stack: [MarkupElement] = []
    var root: MarkupElement?
    var skipDepth = 0
    /// The first error the parser reports (code, line, column): the later ones follow from it.
    var firstError: (Int, Int, Int)?

    init(bytes: Data, skipping: Set<String>) {
        self.bytes = bytes
        self.skipping = skipping
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if skipDepth > 0 || skipping.contains(elementName) {
            skipDepth += 1
            return
        }
        var own: [String: String] = [:]
        var prefixed: [String: String] = [:]
        for (key, value) in attributeDict {
            if key.contains(":") { prefixed[key] = value } else { own[key] = value }
        }
        let (location, span) = startOfTag(qName ?? elementName, endLine: parser.lineNumber, endColumn: parser.columnNumber)
        if !stack.isEmpty { stack[stack.count - 1].textSegments.append("") }
        var element = MarkupElement(
            name: elementName, namespace: namespaceURI ?? "", attributes: own, prefixedAttributes: prefixed,
            children: [], textSegments: [""], location: location)
        if let span {
            for name in own.keys { element.attributeLocations[name] = attributeValue(name, in: span, endLine: parser.lineNumber) }
        }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if firstError == nil { firstError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard skipDepth == 0, !stack.isEmpty else { return }
        stack[stack.count - 1].textSegments[stack[stack.count - 1].textSegments.count - 1] += string
    }

    /// The `<` of the start tag that ends at (`endLine`, `endColumn`) — a search
    /// backwards for `<qName` — and the tag's byte range. Columns count Unicode
    /// scalars (as the model language's diagnostics do); the parser's are bytes.
    func startOfTag(_ qName: String, endLine: Int, endColumn: Int) -> (SourceLocation, Range<Int>?) {
        let fallback = SourceLocation(line: Swift.max(endLine, 1), column: Swift.max(endColumn, 1))
        guard endLine >= 1, endLine <= lineStarts.count else { return (fallback, nil) }
        let end = Swift.min(lineStarts[endLine - 1] + Swift.max(endColumn - 1, 0), bytes.count)
        let pattern = Array(("<" + qName).utf8)
        var offset = end - pattern.count
        while offset >= 0 {
            if bytes[bytes.startIndex + offset] == UInt8(ascii: "<"),
               bytes[(bytes.startIndex + offset)..<(bytes.startIndex + offset + pattern.count)].elementsEqual(pattern) {
                return (location(ofByte: offset, before: endLine), offset..<end)
            }
            offset -= 1
        }
        return (fallback, nil)
    }

    /// Line and column of byte `offset`, which is on line `line` or before.
    func location(ofByte offset: Int, before line: Int) -> SourceLocation {
        var line = Swift.min(line, lineStarts.count)
        while line > 1 && lineStarts[line - 1] > offset { line -= 1 }
        let prefix = bytes[(bytes.startIndex + lineStarts[line - 1])..<(bytes.startIndex + offset)]
        return SourceLocation(line: line, column: String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1)
    }

    /// Where the value of attribute `name` starts inside the tag bytes `span`
    /// (`name="…"` or `name='…'` after white space), if found.
    func attributeValue(_ name: String, in span: Range<Int>, endLine: Int) -> SourceLocation? {
        let pattern = Array(name.utf8)
        let base = bytes.startIndex
        var i = span.lowerBound + 1
        while i + pattern.count + 1 < span.upperBound {
            let before = bytes[base + i - 1]
            if before == UInt8(ascii: " ") || before == UInt8(ascii: "\t") || before == UInt8(ascii: "\n") || before == UInt8(ascii: "\r"),
               bytes[(base + i)..<(base + i + pattern.count)].elementsEqual(pattern) {
                var j = i + pattern.count
                while j < span.upperBound, bytes[base + j] == UInt8(ascii: " ") { j += 1 }
                if j < span.upperBound, bytes[base + j] == UInt8(ascii: "=") {
                    j += 1
                    while j < span.upperBound, bytes[base + j] == UInt8(ascii: " ") { j += 1 }
                    if j < span.upperBound, bytes[base + j] == UInt8(ascii: "\"") || bytes[base + j] == UInt8(ascii: "'") {
                        return location(ofByte: j + 1, before: endLine)
                    }
                }
            }
            i += 1
        }
        return nil
    }
}
