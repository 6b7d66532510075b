import HolomapBridge
import HolomapCore

/// Cloud Optimized GeoTIFF: tiled, compressed with a floating-point predictor, with internal
/// overviews, written by GDAL's COG driver from a MEM dataset over holomap's own buffers.
public enum COGExporter {
    public enum Compression: String, CaseIterable, Sendable {
        case deflate, zstd
        /// GDAL's name of the codec.
        var gdalName: String { rawValue.uppercased() }
    }

    public static func options(compression: Compression = .deflate, level: Int? = nil, overviewResampling: String = "AVERAGE") -> [String] {
        [
            "COMPRESS=\(compression.gdalName)",
            "PREDICTOR=YES",            // floating-point predictor (3) for Float32 bands
            "LEVEL=\(level ?? (compression == .deflate ? 6 : 9))",
            "BLOCKSIZE=512",
            "OVERVIEWS=AUTO",
            "RESAMPLING=\(overviewResampling)",
            "BIGTIFF=IF_SAFER",
            "NUM_THREADS=ALL_CPUS",
        ]
    }

    public static func write(_ raster: InMemoryRaster, to path: String, overwrite: Bool,
                             compression: Compression = .deflate) throws {
        // GeoTIFF stores one nodata value for all bands.
        let nodata = Set(raster.bands.map { $0.info.nodata.map { $0.bitPattern } })
        guard nodata.count <= 1 else {
            throw InternalError("\(path): GeoTIFF bands must share one nodata value (got \(raster.bands.map { $0.info.nodata.map { "\($0)" } ?? "none" }.joined(separator: ", ")))")
        }
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            try COGDriver.write(raster, to: temporary, options: options(compression: compression))
        }
    }
}
