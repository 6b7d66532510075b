import CDeflate
import Foundation

/// A libdeflate compressor, owned and freed with this object. One per thread at a time.
/// Writes zlib streams (RFC 1950), which zlib's inflate reads: what HDF5's deflate filter stores.
public final class DeflateCompressor: @unchecked Sendable {
    let compressor: OpaquePointer
    public let level: Int32
    var output: [UInt8] = []

    public init(level: Int32) throws {
        // libdeflate_alloc_compressor returns NULL for a level outside 0...12 or when out of memory.
        guard let c = libdeflate_alloc_compressor(level) else {
            throw LibraryError(library: "libdeflate", function: "libdeflate_alloc_compressor(\(level))", code: 0, message: "invalid level or out of memory")
        }
        compressor = c
        self.level = level
    }

    deinit { libdeflate_free_compressor(compressor) }

    /// One zlib stream holding `input`.
    public func zlibCompress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let bound = libdeflate_zlib_compress_bound(compressor, input.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        // Returns the compressed size, or 0 when it does not fit (never, within the bound).
        let size = output.withUnsafeMutableBytes { out in
            libdeflate_zlib_compress(compressor, input.baseAddress, input.count, out.baseAddress, bound)
        }
        guard size > 0 else {
            throw LibraryError(library: "libdeflate", function: "libdeflate_zlib_compress", code: 0, message: "output larger than its bound")
        }
        return Array(output[0..<size])
    }

    public static var version: String { LIBDEFLATE_VERSION_STRING }
}
