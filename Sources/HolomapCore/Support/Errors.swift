/// Three tiers of errors, as rasterio has them, each one line naming what failed:
/// - `InputError`: what a user gave that holomap cannot use (a file, the line or feature, the problem);
/// - `IOError`: the operating system refused a read or a write (disk full, permission, rename);
/// - `InternalError`: an invariant of holomap itself failed (a bug, never the user's fault).
/// C library failures travel as `LibraryError` (bridge), with the library's own message.
public enum InputError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingFile(path: String)
    case unknownPreset(name: String, known: [String])
    case invalidGrid(source: String, reason: String)
    case unknownCRS(definition: String, reason: String)
    case crsMismatch(expected: String, found: String, input: String)
    case unknownCountry(code: String, file: String, line: Int?)
    case missingField(field: String, file: String, available: [String])
    case malformedInput(file: String, place: String, reason: String)
    case outputExists(path: String)
    /// A command-line argument or combination of arguments that cannot be used.
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

/// The operating system refused an operation on a path.
public struct IOError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    /// What was attempted: "read", "write", "create", "rename", "remove", "find".
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path; self.operation = operation; self.reason = reason
    }

    public var description: String { "\(path): cannot \(operation): \(reason)" }
}

/// An invariant of holomap failed: a defect to report, not an input to fix.
public struct InternalError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "internal error: \(message)" }
}
