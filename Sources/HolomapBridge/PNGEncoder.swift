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
            throw LibraryError(library: "libpng", function: "holomap_png_write", code: status, message: String(cString: message))
        }
    }
}
