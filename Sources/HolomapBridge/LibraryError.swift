import CGDAL
import HolomapCore

/// Internal errors: a C library refused a call. Carries the library's own message and the
/// function that failed, so a report names both.
public struct LibraryError: Error, CustomStringConvertible, Sendable {
    public var library: String
    public var function: String
    public var code: Int32
    public var message: String

    public var description: String {
        "\(library) \(function) failed\(code != 0 ? " (\(code))" : "")\(message.isEmpty ? "" : ": \(message)")"
    }

    /// A GDAL/OGR failure, with `CPLGetLastErrorMsg` of this thread.
    static func gdal(_ function: String, code: Int32 = 0) -> LibraryError {
        let message = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        CPLErrorReset()
        return LibraryError(library: "GDAL", function: function, code: code, message: message)
    }
}

extension String {
    /// The text of a NUL-terminated C character buffer that C filled in.
    init(cBuffer buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
