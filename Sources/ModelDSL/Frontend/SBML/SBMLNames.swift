/// SBML ids → model-language names.
///
/// SBML ids already have the language's name syntax; an id that the language
/// reserves (`time`, `exp`, `in`, `pi`, …) is renamed by appending `_` until
/// the name is free, and so is a generated name (`R1_k` for local parameter
/// `k` of reaction `R1`) that an SBML id already uses. Renaming is
/// deterministic: ids are taken in document order.
struct SBMLNames {
    /// One renamed id, reported to the user.
    struct Renaming: Hashable, Sendable {
        var id: String
        var name: String
        var reason: String
        var location: SourceLocation
    }

    private var taken: Set<String>
    private var assigned: [String: String] = [:]
    private(set) var renamings: [Renaming] = []

    /// `ids`: every SBML id of the model, so that no generated name collides with one.
    init(ids: [String]) {
        taken = Set(ids)
    }

    /// The language name of global SBML id `id` (assigned on first request).
    mutating func name(of id: String, at location: SourceLocation) -> String {
        if let name = assigned[id] { return name }
        var name = id
        if let reason = ReservedName.reason(id) {
            name = free(id + "_")
            renamings.append(Renaming(id: id, name: name, reason: reason, location: location))
        }
        taken.insert(name)
        assigned[id] = name
        return name
    }

    /// A fresh name for something the importer introduces (`R1_k`), not
    /// colliding with any SBML id or earlier name.
    mutating func fresh(_ candidate: String) -> String {
        let name = free(candidate)
        taken.insert(name)
        return name
    }

    private func free(_ candidate: String) -> String {
        var name = candidate
        while taken.contains(name) || ReservedName.reason(name) != nil { name += "_" }
        return name
    }
}
