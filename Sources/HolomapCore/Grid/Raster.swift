/// Float32 storage with a stable address, so C writers can use it in place (GDAL's MEM driver
/// takes a DATAPOINTER) instead of copying whole bands.
public final class FloatBuffer: @unchecked Sendable {
    public let pointer: UnsafeMutableBufferPointer<Float>
    public init(count: Int, repeating value: Float = 0) {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value)
    }
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        _ = pointer.initialize(from: values)
    }
    deinit { pointer.deallocate() }
    public var count: Int { pointer.count }
    public subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }
}

/// What a band means: explicit name, units and nodata on every band.
public struct BandInfo: Sendable, Equatable {
    /// Short identifier (a band description in GeoTIFF, a variable name in NetCDF).
    public var name: String
    public var longName: String
    /// UDUNITS string; "1" for dimensionless fractions.
    public var units: String
    /// CF standard_name, when one applies.
    public var standardName: String?
    /// nil means every value is data.
    public var nodata: Double?

    public init(name: String, longName: String, units: String, standardName: String? = nil, nodata: Double? = nil) {
        self.name = name; self.longName = longName; self.units = units
        self.standardName = standardName; self.nodata = nodata
    }
}

/// Where raster values come from: a GDAL dataset or memory (exactextract's split).
public protocol RasterSource {
    var grid: Grid { get }
    var bandCount: Int { get }
    func bandInfo(_ band: Int) throws -> BandInfo
    /// Rows `rows` of band `band` (0-based), row-major, `rows.count * grid.width` values.
    func read(band: Int, rows: Range<Int>) throws -> [Float]
}

/// A raster held in memory: one grid, several bands.
public struct InMemoryRaster: RasterSource, Sendable {
    public var grid: Grid
    public var bands: [(info: BandInfo, data: FloatBuffer)]
    /// Dataset-level metadata (key → value), written to every format.
    public var metadata: [(String, String)]

    public init(grid: Grid, bands: [(info: BandInfo, data: FloatBuffer)] = [], metadata: [(String, String)] = []) {
        self.grid = grid; self.bands = bands; self.metadata = metadata
    }

    public var bandCount: Int { bands.count }
    public func bandInfo(_ band: Int) throws -> BandInfo { bands[band].info }
    public func read(band: Int, rows: Range<Int>) throws -> [Float] {
        let w = grid.width
        return Array(bands[band].data.pointer[(rows.lowerBound * w)..<(rows.upperBound * w)])
    }

    public mutating func addBand(_ info: BandInfo, _ data: FloatBuffer) {
        precondition(data.count == grid.cellCount, "band size must match the grid")
        bands.append((info, data))
    }
}
