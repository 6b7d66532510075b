import CZstd
import Foundation

/// A Zstandard compression context (ZSTD_CCtx), owned and freed with this object. One context
/// per thread at a time: callers keep a pool.
public final class ZstdCompressor: @unchecked Sendable {
    let context: OpaquePointer
    public let level: Int32
    var output: [UInt8] = []

    public init(level: Int32) throws {
        // ZSTD_createCCtx returns NULL when it cannot allocate.
        guard let c = ZSTD_createCCtx() else { throw LibraryError(library: "zstd", function: "ZSTD_createCCtx", code: 0, message: "out of memory") }
        context = c
        self.level = level
    }

    deinit { ZSTD_freeCCtx(context) }

    /// One zstd frame holding `input`, as libtiff's ZSTD codec (TIFF compression 50000) reads it.
    public func compress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        // ZSTD_compressCCtx returns the compressed size, or an error code that ZSTD_isError flags.
        let size = output.withUnsafeMutableBytes { out in
            ZSTD_compressCCtx(context, out.baseAddress, bound, input.baseAddress, input.count, level)
        }
        guard ZSTD_isError(size) == 0 else {
            throw LibraryError(library: "zstd", function: "ZSTD_compressCCtx", code: 0, message: String(cString: ZSTD_getErrorName(size)))
        }
        return Array(output[0..<size])
    }

    public static var version: String { String(cString: ZSTD_versionString()) }
}
