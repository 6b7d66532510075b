import CGDAL
import Foundation
import HolomapCore

/// Country polygons keyed by ISO 3166-1 alpha-3, in the source's CRS.
public protocol BoundarySource: AnyObject {
    /// What the user named (shown in messages).
    var name: String { get }
    var crs: CRS { get }
    /// Codes available, sorted.
    var codes: [String] { get }
    /// Notes worth a user's attention (repairs, fallbacks), one line each.
    var notes: [String] { get }
    func region(_ code: String) throws -> Region
}

extension BoundarySource {
    /// The region reprojected into the grid's CRS (unchanged when the CRSs are the same).
    public func region(_ code: String, in grid: Grid) throws -> Region {
        try projector(to: grid)(try region(code))
    }

    /// A function that moves this source's regions into the grid's CRS; build it once per job.
    public func projector(to grid: Grid) throws -> (Region) throws -> Region {
        if crs.isGeographic && grid.crs.isGeographic && (crs.definition == grid.crs.definition || crs.wkt == grid.crs.wkt) {
            return { $0 }
        }
        let transformer = try CoordinateTransformer(from: crs, to: grid.crs)
        if transformer.isIdentity { return { $0 } }
        return { try reproject($0, with: transformer) }
    }

    /// Validates requested codes: every one must exist in the source.
    public func checkCodes(_ requested: [String]) throws {
        let available = Set(codes)
        for code in requested where !available.contains(code) {
            throw HolomapError.unknownCountry(code: code, file: name, line: nil)
        }
    }
}

func reproject(_ region: Region, with transformer: CoordinateTransformer) throws -> Region {
    var out = region
    for i in out.rings.indices {
        // Continuous longitudes first, so a ring over the antimeridian projects as one piece.
        let ring = Antimeridian.unwrap(out.rings[i])
        var xs = ring.points.map(\.x), ys = ring.points.map(\.y)
        try transformer.transform(x: &xs, y: &ys)
        var points: [Point] = []
        points.reserveCapacity(xs.count)
        for k in xs.indices where xs[k].isFinite && ys[k].isFinite { points.append(Point(x: xs[k], y: ys[k])) }
        out.rings[i] = Ring(points: points, role: ring.role)
    }
    return out
}

/// Opens `dcw` or an OGR vector file.
public enum BoundaryLoader {
    public static let dcwPath = "/usr/share/gmt-dcw/dcw-gmt.nc"

    public static func open(_ spec: String, idField: String?) throws -> BoundarySource {
        if spec == "dcw" { return try DCWBoundaries(path: dcwPath, codes: CountryCodes.load()) }
        if spec.hasSuffix(".nc") { return try DCWBoundaries(path: spec, codes: CountryCodes.load()) }
        return try OGRBoundaries(path: spec, idField: idField ?? "ISO_A3")
    }
}

// MARK: - DCW-GMT

/// DCW-GMT country polygons from Debian's gmt-dcw netCDF file.
public final class DCWBoundaries: BoundarySource {
    public let name: String
    public let crs = CRS.wgs84
    public let codes: [String]
    public private(set) var notes: [String] = []
    private let file: NetCDFFile
    private let alpha2ByAlpha3: [String: String]

    public init(path: String, codes table: CountryCodes) throws {
        file = try NetCDFFile(readingFrom: path)
        name = path
        var map: [String: String] = [:]
        for variable in try file.variableNames() where variable.count == 6 && variable.hasSuffix("_lon") {
            let alpha2 = String(variable.prefix(2))
            guard alpha2.allSatisfy({ $0.isUppercase }) else { continue }
            guard let alpha3 = table.alpha3ByAlpha2[alpha2] else {
                throw HolomapError.unknownCountry(code: alpha2, file: "\(path) (variable \(variable))", line: nil)
            }
            map[alpha3] = alpha2
        }
        guard !map.isEmpty else {
            throw HolomapError.malformedInput(file: path, place: "", reason: "no XX_lon country variables: not a DCW-GMT file")
        }
        alpha2ByAlpha3 = map
        self.codes = map.keys.sorted()
    }

    public func region(_ code: String) throws -> Region {
        guard let alpha2 = alpha2ByAlpha3[code] else { throw HolomapError.unknownCountry(code: code, file: name, line: nil) }
        guard let lonID = try file.variableID("\(alpha2)_lon"), let latID = try file.variableID("\(alpha2)_lat") else {
            throw HolomapError.malformedInput(file: name, place: "country \(alpha2)", reason: "missing \(alpha2)_lon or \(alpha2)_lat")
        }
        let lonRaw = try file.readUInt16(lonID), latRaw = try file.readUInt16(latID)
        guard lonRaw.count == latRaw.count else {
            throw HolomapError.malformedInput(file: name, place: "country \(alpha2)", reason: "lon and lat lengths differ")
        }
        let lonScale = try file.doubleAttribute(lonID, "scale"), lonMin = try file.doubleAttribute(lonID, "min")
        let latScale = try file.doubleAttribute(latID, "scale"), latMin = try file.doubleAttribute(latID, "min")
        guard lonScale > 0, latScale > 0 else {
            throw HolomapError.malformedInput(file: name, place: "country \(alpha2)", reason: "non-positive scale attribute")
        }
        var rings: [Ring] = []
        var current: [Point] = []
        func flush() {
            if current.count >= 3 { rings.append(Ring(points: current, role: .evenOdd)) }
            current.removeAll(keepingCapacity: true)
        }
        for i in lonRaw.indices {
            // 65535 marks the start of a new ring.
            if lonRaw[i] == 65535 { flush(); continue }
            current.append(Point(x: Double(lonRaw[i]) / lonScale + lonMin, y: Double(latRaw[i]) / latScale + latMin))
        }
        flush()
        return Region(code: code, rings: rings)
    }
}

// MARK: - OGR vectors

/// An OGR dataset handle; closes itself.
final class GDALDatasetHandle {
    let handle: GDALDatasetH
    init(_ handle: GDALDatasetH) { self.handle = handle }
    deinit { GDALClose(handle) }
}

/// An OGR geometry we own (from OGR_G_MakeValid or OGR_G_Clone); destroyed with us.
final class OwnedGeometry {
    let handle: OGRGeometryH
    init(_ handle: OGRGeometryH) { self.handle = handle }
    deinit { OGR_G_DestroyGeometry(handle) }
}

/// Country polygons from any OGR vector source, keyed by an id field.
public final class OGRBoundaries: BoundarySource {
    public let name: String
    public let crs: CRS
    public private(set) var notes: [String] = []
    public var codes: [String] { regions.keys.sorted() }
    private var regions: [String: Region] = [:]

    /// Natural Earth marks some real countries (France, Norway, Kosovo) with -99 in ISO_A3.
    static let fallbackFields = ["ISO_A3_EH", "ADM0_A3"]

    public init(path: String, idField: String) throws {
        GDALEnvironment.ready()
        name = path
        let isVirtual = path.hasPrefix("/vsi")
        if !isVirtual, !FileManager.default.fileExists(atPath: path) { throw HolomapError.missingFile(path: path) }
        // GDALOpenEx returns NULL when no driver recognises the file.
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) else {
            let message = LibraryError.gdal("GDALOpenEx").message
            if isVirtual, message.contains("No such file") || message.isEmpty {
                throw HolomapError.missingFile(path: path)
            }
            throw HolomapError.malformedInput(file: path, place: "", reason: "not a readable vector file\(message.isEmpty ? "" : ": \(message)")")
        }
        let dataset = GDALDatasetHandle(ds)
        guard GDALDatasetGetLayerCount(ds) > 0, let layer = GDALDatasetGetLayer(ds, 0) else {
            throw HolomapError.malformedInput(file: path, place: "", reason: "no vector layer")
        }
        let definition = OGR_L_GetLayerDefn(layer)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        let fieldNames = (0..<fieldCount).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0))) }
        // OGR_FD_GetFieldIndex returns -1 for an unknown field.
        let idIndex = OGR_FD_GetFieldIndex(definition, idField)
        guard idIndex >= 0 else { throw HolomapError.missingField(field: idField, file: path, available: fieldNames) }
        let fallbackIndexes = OGRBoundaries.fallbackFields.map { OGR_FD_GetFieldIndex(definition, $0) }.filter { $0 >= 0 && $0 != idIndex }

        // The layer's CRS; a file without one is refused rather than guessed.
        guard let srs = OGR_L_GetSpatialRef(layer) else {
            throw HolomapError.malformedInput(file: path, place: "layer \(String(cString: OGR_L_GetName(layer)))", reason: "no CRS (add a .prj or use GeoJSON)")
        }
        var wktPointer: UnsafeMutablePointer<CChar>? = nil
        // OSRExportToWkt returns OGRERR_NONE (0) on success; the string is ours to VSIFree.
        guard OSRExportToWkt(srs, &wktPointer) == OGRERR_NONE, let wktPointer else { throw LibraryError.gdal("OSRExportToWkt") }
        let wkt = String(cString: wktPointer)
        VSIFree(wktPointer)
        crs = try CRSResolver.resolve(wkt)

        OGR_L_ResetReading(layer)
        var featureNumber = 0
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            featureNumber += 1
            var code = OGR_F_IsFieldSetAndNotNull(feature, idIndex) != 0 ? String(cString: OGR_F_GetFieldAsString(feature, idIndex)) : ""
            if code == "-99" || code.isEmpty {
                for index in fallbackIndexes {
                    let candidate = String(cString: OGR_F_GetFieldAsString(feature, index))
                    if candidate != "-99", !candidate.isEmpty { code = candidate; break }
                }
            }
            guard !code.isEmpty, code != "-99" else {
                notes.append("\(path) (feature \(featureNumber)): no usable \(idField) (\"-99\" or empty); feature skipped")
                continue
            }
            guard let geometry = OGR_F_GetGeometryRef(feature) else { continue }
            var owned: OwnedGeometry? = nil
            var usable = geometry
            if OGR_G_IsValid(geometry) == 0 {
                // OGR_G_MakeValid returns NULL when GEOS is unavailable or repair fails.
                guard let repaired = OGR_G_MakeValid(geometry) else {
                    throw HolomapError.malformedInput(file: path, place: "feature \(featureNumber) (\(code))", reason: "invalid geometry that OGR_G_MakeValid could not repair: \(LibraryError.gdal("OGR_G_MakeValid").message)")
                }
                owned = OwnedGeometry(repaired)
                usable = repaired
                notes.append("\(path) (feature \(featureNumber), \(code)): invalid geometry repaired with OGR_G_MakeValid")
            }
            var rings: [Ring] = []
            OGRBoundaries.collectRings(usable, into: &rings)
            withExtendedLifetime(owned) {}
            regions[code, default: Region(code: code, rings: [])].rings += rings
        }
        withExtendedLifetime(dataset) {}
    }

    public func region(_ code: String) throws -> Region {
        guard let region = regions[code] else { throw HolomapError.unknownCountry(code: code, file: name, line: nil) }
        return region
    }

    static func collectRings(_ geometry: OGRGeometryH, into rings: inout [Ring]) {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        switch type {
        case wkbPolygon:
            let count = OGR_G_GetGeometryCount(geometry)
            for i in 0..<count {
                guard let ring = OGR_G_GetGeometryRef(geometry, i) else { continue }
                let n = Int(OGR_G_GetPointCount(ring))
                guard n >= 3 else { continue }
                var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
                let stride = Int32(MemoryLayout<Double>.stride)
                xs.withUnsafeMutableBytes { xb in
                    ys.withUnsafeMutableBytes { yb in
                        _ = OGR_G_GetPoints(ring, xb.baseAddress, stride, yb.baseAddress, stride, nil, 0)
                    }
                }
                rings.append(Ring(points: zip(xs, ys).map { Point(x: $0, y: $1) }, role: i == 0 ? .exterior : .interior))
            }
        case wkbMultiPolygon, wkbGeometryCollection:
            for i in 0..<OGR_G_GetGeometryCount(geometry) {
                if let part = OGR_G_GetGeometryRef(geometry, i) { collectRings(part, into: &rings) }
            }
        default:
            break  // points and lines cover no area
        }
    }
}
