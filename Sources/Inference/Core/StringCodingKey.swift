/// A coding key made from any string: for containers whose keys are data
/// (failure reasons, JSON objects) rather than a type's stored properties.
struct StringCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
