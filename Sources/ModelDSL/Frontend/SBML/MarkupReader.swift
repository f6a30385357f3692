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
        if let failure = builder.failure { throw failure }
        guard succeeded, let root = builder.root else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            let location = SourceLocation(line: Swift.max(parser.lineNumber, 1), column: Swift.max(parser.columnNumber, 1))
            throw Failure(message: "malformed XML (\(describe(code)))", location: location)
        }
        return root
    }

    /// A short reason for a libxml2 / XMLParser error code.
    static func describe(_ code: Int) -> String {
        switch XMLParser.ErrorCode(rawValue: code) {
        case .prematureDocumentEndError?, .documentStartError?, .emptyDocumentError?: return "the document ends too early or is empty"
        case .tagNameMismatchError?: return "a closing tag does not match its opening tag"
        case .attributeNotFinishedError?, .attributeNotStartedError?, .attributeRedefinedError?:
            return "a broken attribute"
        case .gtRequiredError?, .ltRequiredError?, .unfinishedTagError?: return "an unfinished tag"
        case .entityRefLoopError?, .entityBoundaryError?, .undeclaredEntityError?: return "a bad entity reference"
        case .extraContentError?: return "content after the root element"
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
    var failure: MarkupReader.Failure?

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
        let location = startOfTag(qName ?? elementName, endLine: parser.lineNumber, endColumn: parser.columnNumber)
        if !stack.isEmpty { stack[stack.count - 1].textSegments.append("") }
        stack.append(MarkupElement(
            name: elementName, namespace: namespaceURI ?? "", attributes: own, prefixedAttributes: prefixed,
            children: [], textSegments: [""], location: location))
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

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard skipDepth == 0, !stack.isEmpty else { return }
        stack[stack.count - 1].textSegments[stack[stack.count - 1].textSegments.count - 1] += string
    }

    /// The `<` of the start tag that ends at (`endLine`, `endColumn`): a search
    /// backwards for `<qName`. Columns count Unicode scalars (as the model
    /// language's diagnostics do); the parser's are bytes.
    func startOfTag(_ qName: String, endLine: Int, endColumn: Int) -> SourceLocation {
        let fallback = SourceLocation(line: Swift.max(endLine, 1), column: Swift.max(endColumn, 1))
        guard endLine >= 1, endLine <= lineStarts.count else { return fallback }
        let end = Swift.min(lineStarts[endLine - 1] + Swift.max(endColumn - 1, 0), bytes.count)
        let pattern = Array(("<" + qName).utf8)
        var offset = end - pattern.count
        while offset >= 0 {
            if bytes[bytes.startIndex + offset] == UInt8(ascii: "<"),
               bytes[(bytes.startIndex + offset)..<(bytes.startIndex + offset + pattern.count)].elementsEqual(pattern) {
                var line = endLine
                while line > 1 && lineStarts[line - 1] > offset { line -= 1 }
                let prefix = bytes[(bytes.startIndex + lineStarts[line - 1])..<(bytes.startIndex + offset)]
                let column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
                return SourceLocation(line: line, column: column)
            }
            offset -= 1
        }
        return fallback
    }
}
