import CGDAL
import Foundation
import HolomapCore

/// A raster dataset opened or created through GDAL; closes itself.
public final class GDALRaster: RasterSource {
    let dataset: GDALDatasetHandle
    public let path: String
    public let grid: Grid
    /// Buffers that MEM bands point into; kept alive as long as the dataset.
    private var pinned: [FloatBuffer] = []

    /// Opens a raster file for reading.
    public init(opening path: String) throws {
        GDALEnvironment.ready()
        // Subdataset names (NETCDF:"file":var) and /vsi paths are for GDAL to resolve.
        let isPlainPath = !path.hasPrefix("/vsi") && !path.hasPrefix("NETCDF:")
        if isPlainPath, !FileManager.default.fileExists(atPath: path) { throw InputError.missingFile(path: path) }
        // GDALOpenEx returns NULL when no raster driver recognises the file.
        guard let handle = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            let message = LibraryError.gdal("GDALOpenEx").message
            throw InputError.malformedInput(file: path, place: "", reason: "not a readable raster: \(message.isEmpty ? "no GDAL raster driver recognises it" : message)")
        }
        dataset = GDALDatasetHandle(handle)
        self.path = path
        var gt = [Double](repeating: 0, count: 6)
        // GDALGetGeoTransform returns CE_None when the dataset has a geotransform.
        guard GDALGetGeoTransform(handle, &gt) == CE_None else {
            throw InputError.malformedInput(file: path, place: "", reason: "no geotransform")
        }
        guard gt[2] == 0, gt[4] == 0 else { throw InputError.malformedInput(file: path, place: "", reason: "rotated rasters are not supported") }
        let wkt = String(cString: GDALGetProjectionRef(handle))
        guard !wkt.isEmpty else { throw InputError.malformedInput(file: path, place: "", reason: "no CRS") }
        grid = Grid(name: path, crs: try CRSResolver.resolve(wkt),
                    transform: GeoTransform(originX: gt[0], pixelWidth: gt[1], originY: gt[3], pixelHeight: gt[5]),
                    width: Int(GDALGetRasterXSize(handle)), height: Int(GDALGetRasterYSize(handle)))
    }

    /// A MEM dataset over `raster`'s buffers, without copying them.
    init(memoryOver raster: InMemoryRaster) throws {
        GDALEnvironment.ready()
        // GDALGetDriverByName returns NULL if the driver is not registered.
        guard let driver = GDALGetDriverByName("MEM") else { throw LibraryError.gdal("GDALGetDriverByName(MEM)") }
        let grid = raster.grid
        guard let handle = GDALCreate(driver, "", Int32(grid.width), Int32(grid.height), 0, GDT_Float32, nil) else {
            throw LibraryError.gdal("GDALCreate(MEM)")
        }
        dataset = GDALDatasetHandle(handle)
        path = ""
        self.grid = grid
        try georeference(handle, grid, metadata: raster.metadata)
        for (index, band) in raster.bands.enumerated() {
            let address = UInt(bitPattern: band.data.pointer.baseAddress)
            let options = ["DATAPOINTER=\(address)", "PIXELOFFSET=4", "LINEOFFSET=\(4 * grid.width)"]
            try withCStringList(options) { list in
                // GDALAddBand returns CE_None on success.
                guard GDALAddBand(handle, GDT_Float32, list) == CE_None else { throw LibraryError.gdal("GDALAddBand") }
            }
            pinned.append(band.data)
            guard let b = GDALGetRasterBand(handle, Int32(index + 1)) else { throw LibraryError.gdal("GDALGetRasterBand") }
            try describe(band: b, band.info)
        }
    }

    /// Copies this dataset to `path` with a driver that only copies (COG).
    func createCopy(driver name: String, to path: String, options: [String]) throws {
        try copyDataset(dataset.handle, driver: name, to: path, options: options)
        withExtendedLifetime(pinned) {}
    }

    public var bandCount: Int { Int(GDALGetRasterCount(dataset.handle)) }

    /// The GDAL handle of band `band` (0-based); GDALGetRasterBand returns NULL for a bad index.
    private func rasterBand(_ band: Int) throws -> GDALRasterBandH {
        guard let b = GDALGetRasterBand(dataset.handle, Int32(band + 1)) else { throw LibraryError.gdal("GDALGetRasterBand(\(band + 1))") }
        return b
    }

    public func bandInfo(_ band: Int) throws -> BandInfo {
        let b = try rasterBand(band)
        var hasNodata: Int32 = 0
        let nodata = GDALGetRasterNoDataValue(b, &hasNodata)
        let meta = { (key: String) in GDALGetMetadataItem(b, key, nil).map { String(cString: $0) } }
        return BandInfo(name: String(cString: GDALGetDescription(b)), longName: meta("long_name") ?? "",
                        units: String(cString: GDALGetRasterUnitType(b)), standardName: meta("standard_name"),
                        nodata: hasNodata != 0 ? nodata : nil)
    }

    /// Number of internal overviews of band `band`.
    public func overviewCount(band: Int) throws -> Int {
        let b = try rasterBand(band)
        return Int(GDALGetOverviewCount(b))
    }

    /// Every value of overview `level` (0: the first, half size) of band `band`, row-major.
    public func readOverview(band: Int, level: Int) throws -> (width: Int, height: Int, values: [Float]) {
        let b = try rasterBand(band)
        // GDALGetOverview returns NULL for a level that does not exist.
        guard let o = GDALGetOverview(b, Int32(level)) else { throw LibraryError.gdal("GDALGetOverview(\(level))") }
        let width = Int(GDALGetRasterBandXSize(o)), height = Int(GDALGetRasterBandYSize(o))
        var out = [Float](repeating: 0, count: width * height)
        // GDALRasterIO returns CE_None on success.
        guard GDALRasterIO(o, GF_Read, 0, 0, Int32(width), Int32(height), &out, Int32(width), Int32(height), GDT_Float32, 0, 0) == CE_None else {
            throw LibraryError.gdal("GDALRasterIO(overview)")
        }
        return (width, height, out)
    }

    /// The GDAL data type name of band `band` ("Float32", "UInt16").
    public func dataType(band: Int) throws -> String {
        let b = try rasterBand(band)
        return String(cString: GDALGetDataTypeName(GDALGetRasterDataType(b)))
    }

    /// Dataset metadata, of the default domain or of `domain` ("IMAGE_STRUCTURE": LAYOUT, COMPRESSION, ...).
    public func metadataItem(_ key: String, domain: String? = nil) -> String? {
        GDALGetMetadataItem(dataset.handle, key, domain).map { String(cString: $0) }
    }

    public func read(band: Int, rows: Range<Int>) throws -> [Float] {
        let b = try rasterBand(band)
        var out = [Float](repeating: 0, count: rows.count * grid.width)
        // GDALRasterIO returns CE_None on success.
        let status = GDALRasterIO(b, GF_Read, 0, Int32(rows.lowerBound), Int32(grid.width), Int32(rows.count),
                                  &out, Int32(grid.width), Int32(rows.count), GDT_Float32, 0, 0)
        guard status == CE_None else { throw LibraryError.gdal("GDALRasterIO") }
        return out
    }
}

/// Geotransform, CRS and dataset metadata of a new dataset.
func georeference(_ handle: GDALDatasetH, _ grid: Grid, metadata: [(String, String)]) throws {
    var gt = grid.transform.gdalCoefficients
    // GDALSetGeoTransform, GDALSetProjection and GDALSetMetadataItem return CE_None on success.
    guard GDALSetGeoTransform(handle, &gt) == CE_None else { throw LibraryError.gdal("GDALSetGeoTransform") }
    guard GDALSetProjection(handle, grid.crs.wkt.isEmpty ? grid.crs.definition : grid.crs.wkt) == CE_None else {
        throw LibraryError.gdal("GDALSetProjection")
    }
    for (key, value) in metadata {
        guard GDALSetMetadataItem(handle, key, value, nil) == CE_None else { throw LibraryError.gdal("GDALSetMetadataItem(\(key))") }
    }
}

/// Description, units, nodata and names of a band: explicit on every band holomap writes.
func describe(band b: GDALRasterBandH, _ info: BandInfo) throws {
    GDALSetDescription(b, info.name)
    guard GDALSetRasterUnitType(b, info.units) == CE_None else { throw LibraryError.gdal("GDALSetRasterUnitType") }
    if let nodata = info.nodata {
        guard GDALSetRasterNoDataValue(b, nodata) == CE_None else { throw LibraryError.gdal("GDALSetRasterNoDataValue") }
    }
    for (key, value) in [("long_name", info.longName), ("standard_name", info.standardName ?? "")] where !value.isEmpty {
        guard GDALSetMetadataItem(b, key, value, nil) == CE_None else { throw LibraryError.gdal("GDALSetMetadataItem(\(key))") }
    }
}

/// GDALCreateCopy with a copy-only driver (COG), closed so it is flushed.
func copyDataset(_ source: GDALDatasetH, driver name: String, to path: String, options: [String]) throws {
    guard let driver = GDALGetDriverByName(name) else { throw LibraryError.gdal("GDALGetDriverByName(\(name))") }
    try withCStringList(options) { list in
        // GDALCreateCopy returns NULL on failure.
        guard let copy = GDALCreateCopy(driver, path, source, 0, list, nil, nil) else { throw LibraryError.gdal("GDALCreateCopy(\(name))") }
        // GDALClose returns void in GDAL 3.6: a failed flush shows as the last error.
        CPLErrorReset()
        GDALClose(copy)
        if CPLGetLastErrorType() == CE_Failure { throw LibraryError.gdal("GDALClose(\(name))") }
    }
}

/// Calls `body` with a NULL-terminated C string list (GDAL's char** options), freed afterwards.
func withCStringList<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws -> T) rethrows -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
}

/// Writes Cloud Optimized GeoTIFFs through GDAL's COG driver from a MEM dataset.
public enum COGDriver {
    public static func write(_ raster: InMemoryRaster, to path: String, options: [String]) throws {
        let memory = try GDALRaster(memoryOver: raster)
        try memory.createCopy(driver: "COG", to: path, options: options)
    }
}
