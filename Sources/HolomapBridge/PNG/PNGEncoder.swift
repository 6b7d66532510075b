import CPNGShim
import HolomapCore

/// PNG through libpng. libpng's longjmp errors are caught in the C shim and arrive here as
/// thrown errors, never as a process abort.
public enum PNGEncoder {
    /// `pixels`: height rows of width × channels bytes; channels 1 (gray), 2, 3 (RGB) or 4 (RGBA).
    public static func write(path: String, width: Int, height: Int, channels: Int, pixels: [UInt8], compressionLevel: Int = 6) throws {
        guard pixels.count >= width * height * channels else {
            throw LibraryError(library: "libpng", function: "holomap_png_write", code: 0, message: "pixel buffer smaller than \(width)×\(height)×\(channels)")
        }
        var message = [CChar](repeating: 0, count: 512)
        let status = holomap_png_write(path, UInt32(clamping: width), UInt32(clamping: height), Int32(channels),
                                       pixels, Int32(compressionLevel), &message, message.count)
        // holomap_png_write returns 0 on success.
        guard status == 0 else {
            throw LibraryError(library: "libpng", function: "holomap_png_write", code: status, message: String(cBuffer: message))
        }
    }

    /// 8-bit palette PNG (PLTE + tRNS): `indices` has height rows of width bytes.
    public static func writePalette(path: String, width: Int, height: Int, indices: [UInt8],
                                    palette: [(r: UInt8, g: UInt8, b: UInt8, a: UInt8)], compressionLevel: Int = 6) throws {
        guard indices.count >= width * height else {
            throw LibraryError(library: "libpng", function: "holomap_png_write_palette", code: 0, message: "index buffer smaller than \(width)×\(height)")
        }
        let rgb = palette.flatMap { [$0.r, $0.g, $0.b] }, alpha = palette.map(\.a)
        var message = [CChar](repeating: 0, count: 512)
        let status = holomap_png_write_palette(path, UInt32(clamping: width), UInt32(clamping: height), indices, rgb, alpha,
                                               Int32(palette.count), Int32(compressionLevel), &message, message.count)
        // holomap_png_write_palette returns 0 on success.
        guard status == 0 else {
            throw LibraryError(library: "libpng", function: "holomap_png_write_palette", code: status, message: String(cBuffer: message))
        }
    }
}
