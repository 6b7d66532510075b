import HolomapBridge
import HolomapCore

/// Cloud Optimized GeoTIFF: tiled, compressed with a floating-point predictor, with internal
/// overviews, written by GDAL's COG driver from a MEM dataset over holomap's own buffers.
public enum COGExporter {
    public enum Compression: String, Sendable { case deflate = "DEFLATE", zstd = "ZSTD" }

    public static func options(compression: Compression = .deflate, overviewResampling: String = "AVERAGE") -> [String] {
        [
            "COMPRESS=\(compression.rawValue)",
            "PREDICTOR=YES",            // floating-point predictor (3) for Float32 bands
            "LEVEL=\(compression == .deflate ? 6 : 9)",
            "BLOCKSIZE=512",
            "OVERVIEWS=AUTO",
            "RESAMPLING=\(overviewResampling)",
            "BIGTIFF=IF_SAFER",
            "NUM_THREADS=ALL_CPUS",
        ]
    }

    public static func write(_ raster: InMemoryRaster, to path: String, overwrite: Bool,
                             compression: Compression = .deflate) throws {
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            try COGDriver.write(raster, to: temporary, options: options(compression: compression))
        }
    }
}
