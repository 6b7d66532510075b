import HolomapBridge
import HolomapCore

/// Quick-look PNGs of one band: values mapped linearly from [low, high] to gray, nodata transparent.
public enum PNGExporter {
    public static func writeGray(_ raster: InMemoryRaster, band: Int, to path: String, overwrite: Bool,
                                 low: Float = 0, high: Float = 1) throws {
        let grid = raster.grid
        let info = raster.bands[band].info
        let data = raster.bands[band].data.pointer
        let nodata = info.nodata.map(Float.init)
        var pixels = [UInt8](repeating: 0, count: grid.cellCount * 2)
        let span = high > low ? high - low : 1
        for i in 0..<grid.cellCount {
            let v = data[i]
            if v.isNaN || v == nodata { continue }  // alpha stays 0: transparent
            let t = min(1, max(0, (v - low) / span))
            pixels[2 * i] = UInt8((t * 255).rounded())
            pixels[2 * i + 1] = 255
        }
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            try PNGEncoder.write(path: temporary, width: grid.width, height: grid.height, channels: 2, pixels: pixels)
        }
    }
}
