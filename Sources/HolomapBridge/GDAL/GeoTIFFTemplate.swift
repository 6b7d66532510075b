import CGDAL
import Foundation
import HolomapCore

/// One TIFF directory entry, as raw little-endian value bytes.
public struct TIFFTag: Sendable, Equatable {
    public var tag: UInt16
    public var type: UInt16
    public var count: UInt64
    public var bytes: [UInt8]
    public init(tag: UInt16, type: UInt16, count: UInt64, bytes: [UInt8]) {
        self.tag = tag; self.type = type; self.count = count; self.bytes = bytes
    }
}

/// The georeferencing and metadata tags GDAL would write for a raster (GeoKeys for any CRS
/// PROJ knows, model pixel scale and tie point, GDAL_METADATA with band descriptions and units,
/// GDAL_NODATA): GDAL writes a 1 × 1 GeoTIFF of the same description into memory and its
/// directory is read back, so holomap's own tiled writer never has to encode GeoKeys itself.
public enum GeoTIFFTemplate {
    /// Tags that describe the pixel layout; the writer sets these itself.
    static let structural: Set<UInt16> = [254, 256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 338, 339]

    public enum SampleType: Sendable { case float32, uint16 }

    public static func tags(grid: Grid, bands: [BandInfo], metadata: [(String, String)], sampleType: SampleType) throws -> [TIFFTag] {
        GDALEnvironment.ready()
        guard let driver = GDALGetDriverByName("GTiff") else { throw LibraryError.gdal("GDALGetDriverByName(GTiff)") }
        let path = "/vsimem/holomap-template-\(UUID().uuidString).tif"
        let type = sampleType == .float32 ? GDT_Float32 : GDT_UInt16
        // GDALCreate returns NULL on failure.
        guard let handle = GDALCreate(driver, path, 1, 1, Int32(bands.count), type, nil) else { throw LibraryError.gdal("GDALCreate(GTiff template)") }
        do {
            try georeference(handle, grid, metadata: metadata)
            for (k, info) in bands.enumerated() {
                guard let b = GDALGetRasterBand(handle, Int32(k + 1)) else { throw LibraryError.gdal("GDALGetRasterBand") }
                try describe(band: b, info)
            }
        } catch {
            GDALClose(handle); VSIUnlink(path)
            throw error
        }
        CPLErrorReset()
        GDALClose(handle)
        guard CPLGetLastErrorType() != CE_Failure else { VSIUnlink(path); throw LibraryError.gdal("GDALClose(GTiff template)") }
        var length: vsi_l_offset = 0
        // VSIGetMemFileBuffer with bUnlinkAndSeize=TRUE hands the buffer over (freed with VSIFree); NULL if absent.
        guard let buffer = VSIGetMemFileBuffer(path, &length, 1) else { throw LibraryError.gdal("VSIGetMemFileBuffer") }
        defer { VSIFree(buffer) }
        let bytes = [UInt8](UnsafeBufferPointer(start: buffer, count: Int(length)))
        return try firstDirectory(bytes).filter { !structural.contains($0.tag) }
    }

    /// Entries of the first directory of a classic little-endian TIFF.
    static func firstDirectory(_ d: [UInt8]) throws -> [TIFFTag] {
        func u16(_ o: Int) -> Int { Int(d[o]) | Int(d[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        guard d.count >= 8, d[0] == 0x49, d[1] == 0x49, u16(2) == 42 else {
            throw LibraryError(library: "GDAL", function: "GTiff template", code: 0, message: "not a classic little-endian TIFF")
        }
        let ifd = u32(4)
        let size: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8]
        var tags: [TIFFTag] = []
        for k in 0..<u16(ifd) {
            let e = ifd + 2 + 12 * k
            let type = u16(e + 2), count = u32(e + 4)
            guard let unit = size[type] else { continue }
            let length = unit * count
            let start = length <= 4 ? e + 8 : u32(e + 8)
            guard start + length <= d.count else { throw LibraryError(library: "GDAL", function: "GTiff template", code: 0, message: "truncated tag \(u16(e))") }
            tags.append(TIFFTag(tag: UInt16(u16(e)), type: UInt16(type), count: UInt64(count), bytes: Array(d[start..<(start + length)])))
        }
        return tags
    }
}
