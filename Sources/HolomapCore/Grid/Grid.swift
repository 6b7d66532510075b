import Foundation

/// A coordinate reference system as the core sees it: the user's definition plus the facts
/// the core needs. Only the bridge resolves definitions (through PROJ); the core never does.
public struct CRS: Sendable, Equatable, Codable {
    /// What the user wrote: "EPSG:4326", a PROJ string or WKT.
    public var definition: String
    /// WKT2 as PROJ resolved it (empty until resolved).
    public var wkt: String
    /// True when coordinates are longitude/latitude in degrees (x = longitude).
    public var isGeographic: Bool
    public var name: String

    public init(definition: String, wkt: String = "", isGeographic: Bool, name: String = "") {
        self.definition = definition
        self.wkt = wkt
        self.isGeographic = isGeographic
        self.name = name
    }

    /// Geographic WGS 84 with longitude first, without a PROJ lookup (for tests and defaults).
    public static let wgs84 = CRS(definition: "EPSG:4326", isGeographic: true, name: "WGS 84")
}

/// GDAL's affine geotransform: x = originX + col * pixelWidth, y = originY + row * pixelHeight.
/// holomap grids are north-up, so the rotation terms of GDAL's six-term form are always zero.
public struct GeoTransform: Sendable, Equatable, Codable {
    public var originX: Double
    public var pixelWidth: Double
    public var originY: Double
    /// Negative for north-up grids.
    public var pixelHeight: Double

    public init(originX: Double, pixelWidth: Double, originY: Double, pixelHeight: Double) {
        self.originX = originX
        self.pixelWidth = pixelWidth
        self.originY = originY
        self.pixelHeight = pixelHeight
    }

    /// GDAL order: [originX, pixelWidth, 0, originY, 0, pixelHeight].
    public var gdalCoefficients: [Double] { [originX, pixelWidth, 0, originY, 0, pixelHeight] }
}

/// A raster grid: CRS, north-up affine transform, width and height in cells.
public struct Grid: Sendable, Equatable {
    public var name: String
    public var crs: CRS
    public var transform: GeoTransform
    public var width: Int
    public var height: Int

    public init(name: String = "", crs: CRS, transform: GeoTransform, width: Int, height: Int) {
        self.name = name
        self.crs = crs
        self.transform = transform
        self.width = width
        self.height = height
    }

    public var cellCount: Int { width * height }

    /// The cells `rows` × `columns` of this grid as a grid of their own: same CRS and cell size,
    /// origin at the window's corner, so its cells coincide with the parent's.
    public func window(rows: Range<Int>, columns: Range<Int>) -> Grid {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= height && columns.lowerBound >= 0 && columns.upperBound <= width)
        return Grid(name: name, crs: crs,
                    transform: GeoTransform(originX: x(ofColumn: Double(columns.lowerBound)), pixelWidth: transform.pixelWidth,
                                            originY: y(ofRow: Double(rows.lowerBound)), pixelHeight: transform.pixelHeight),
                    width: columns.count, height: rows.count)
    }
    public var minX: Double { transform.originX + min(0, Double(width) * transform.pixelWidth) }
    public var maxX: Double { transform.originX + max(0, Double(width) * transform.pixelWidth) }
    public var minY: Double { transform.originY + min(0, Double(height) * transform.pixelHeight) }
    public var maxY: Double { transform.originY + max(0, Double(height) * transform.pixelHeight) }

    /// Column coordinate (continuous, 0 at the grid's left edge) of a CRS x.
    @inlinable public func column(ofX x: Double) -> Double { (x - transform.originX) / transform.pixelWidth }
    /// Row coordinate (continuous, 0 at the grid's top edge) of a CRS y.
    @inlinable public func row(ofY y: Double) -> Double { (y - transform.originY) / transform.pixelHeight }
    /// CRS x of a continuous column coordinate.
    @inlinable public func x(ofColumn column: Double) -> Double { transform.originX + column * transform.pixelWidth }
    /// CRS y of a continuous row coordinate.
    @inlinable public func y(ofRow row: Double) -> Double { transform.originY + row * transform.pixelHeight }

    /// True for a geographic grid that spans the whole 360° of longitude, so geometry wraps.
    public var wrapsLongitude: Bool {
        crs.isGeographic && abs(abs(Double(width) * transform.pixelWidth) - 360) < 1e-9
    }
}

/// The on-disk form of a grid preset (`grids/<name>.json`).
public struct GridPresetFile: Codable, Sendable {
    public var name: String
    public var description: String?
    /// EPSG code ("EPSG:4326"), PROJ string or WKT.
    public var crs: String
    public var originX: Double
    public var originY: Double
    public var pixelWidth: Double
    public var pixelHeight: Double
    public var width: Int
    public var height: Int

    /// Validates the numbers; the CRS is resolved later by the bridge.
    public func validated(source: String) throws -> GridPresetFile {
        func bad(_ why: String) -> InputError { .invalidGrid(source: source, reason: why) }
        guard width > 0, height > 0 else { throw bad("width and height must be positive (got \(width)×\(height))") }
        guard pixelWidth > 0, pixelWidth.isFinite else { throw bad("pixelWidth must be positive (got \(pixelWidth))") }
        guard pixelHeight < 0, pixelHeight.isFinite else { throw bad("pixelHeight must be negative for a north-up grid (got \(pixelHeight))") }
        guard originX.isFinite, originY.isFinite else { throw bad("origin must be finite") }
        guard width.multipliedReportingOverflow(by: height).overflow == false else { throw bad("grid too large") }
        return self
    }

    public func grid(crs resolved: CRS) -> Grid {
        Grid(name: name, crs: resolved,
             transform: GeoTransform(originX: originX, pixelWidth: pixelWidth, originY: originY, pixelHeight: pixelHeight),
             width: width, height: height)
    }

    public static func decode(_ data: Data, source: String) throws -> GridPresetFile {
        do {
            return try JSONDecoder().decode(GridPresetFile.self, from: data).validated(source: source)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError.invalidGrid(source: source, reason: "not a grid preset JSON: \(describeDecodingError(error))")
        }
    }
}

func describeDecodingError(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
        return "bad value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
    case DecodingError.dataCorrupted(let context): return context.debugDescription
    default: return "\(error)"
    }
}
