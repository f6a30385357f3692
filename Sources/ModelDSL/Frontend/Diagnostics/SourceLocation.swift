/// A position in a source file: 1-based line and column (columns count Unicode
/// scalars, so a caret lines up under plain-text sources).
///
/// `file` says which file: 0 is the file being read (the one a diagnostic bag
/// is for); a model assembled from several files (a PEtab problem: the SBML
/// model and its tables) numbers the others 1, 2, … in its list of sources
/// (``DiagnosticBag/otherFiles``). Locations order by file, then line, then column.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public var file: Int

    public init(line: Int, column: Int, file: Int = 0) {
        self.line = line
        self.column = column
        self.file = file
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// Wraps a stored property so that it takes no part in `==` and `hash(into:)`.
///
/// Syntax-tree nodes mark their source locations with it: two trees are equal
/// when they *say* the same thing, wherever it was written. This is what makes
/// `parse(print(ast)) == ast` a meaningful round-trip property.
@propertyWrapper
public struct NotCompared<Value: Sendable>: Hashable, Sendable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public static func == (_: NotCompared, _: NotCompared) -> Bool { true }
    public func hash(into _: inout Hasher) {}
}
