/// Public domain errors: what a user did or gave that holomap cannot use. Each names the input
/// and the place, and reads as one line. Library failures travel as `LibraryError` (bridge).
public enum HolomapError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingFile(path: String)
    case unknownPreset(name: String, known: [String])
    case invalidGrid(source: String, reason: String)
    case unknownCRS(definition: String, reason: String)
    case crsMismatch(expected: String, found: String, input: String)
    case unknownCountry(code: String, file: String, line: Int?)
    case missingField(field: String, file: String, available: [String])
    case malformedInput(file: String, place: String, reason: String)
    case outputExists(path: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "\(path): no such file"
        case .unknownPreset(let name, let known):
            return "grid '\(name)': not a preset (known: \(known.joined(separator: ", "))) and not a file"
        case .invalidGrid(let source, let reason): return "\(source): invalid grid: \(reason)"
        case .unknownCRS(let definition, let reason): return "CRS '\(definition)': not recognised by PROJ: \(reason)"
        case .crsMismatch(let expected, let found, let input):
            return "\(input): CRS mismatch: expected \(expected), found \(found)"
        case .unknownCountry(let code, let file, let line):
            return "\(file)\(line.map { ":\($0)" } ?? ""): unknown country code '\(code)'"
        case .missingField(let field, let file, let available):
            return "\(file): no field '\(field)' (fields: \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", …" : ""))"
        case .malformedInput(let file, let place, let reason):
            return "\(file)\(place.isEmpty ? "" : " (\(place))"): \(reason)"
        case .outputExists(let path): return "\(path): exists; pass --overwrite to replace it"
        case .invalidArgument(let message): return message
        }
    }
}
