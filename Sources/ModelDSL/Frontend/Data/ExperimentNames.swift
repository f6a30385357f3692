/// The experiments a measurement table's `experimentId` column may name
/// (PEtab 2): each is a condition, optionally after pre-equilibration under
/// another — what PEtab 1 writes in each row as `simulationConditionId` and
/// `preequilibrationConditionId`. Conditions are named as the model declares
/// them; `nil` means the model's own values.
public struct ExperimentNames: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var preequilibration: String?
        public var condition: String?

        public init(preequilibration: String?, condition: String?) {
            self.preequilibration = preequilibration
            self.condition = condition
        }
    }

    public var entries: [String: Entry]

    public init(_ entries: [String: Entry]) {
        self.entries = entries
    }

    /// The names, sorted (for "did you mean …?").
    var names: [String] { entries.keys.sorted() }
}
