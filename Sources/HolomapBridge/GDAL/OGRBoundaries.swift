import CGDAL
import Foundation
import HolomapCore

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
        if !isVirtual, !FileManager.default.fileExists(atPath: path) { throw InputError.missingFile(path: path) }
        // GDALOpenEx returns NULL when no driver recognises the file.
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) else {
            let message = LibraryError.gdal("GDALOpenEx").message
            if isVirtual, message.contains("No such file") || message.isEmpty {
                throw InputError.missingFile(path: path)
            }
            throw InputError.malformedInput(file: path, place: "", reason: "not a readable vector file\(message.isEmpty ? "" : ": \(message)")")
        }
        let dataset = GDALDatasetHandle(ds)
        guard GDALDatasetGetLayerCount(ds) > 0, let layer = GDALDatasetGetLayer(ds, 0) else {
            throw InputError.malformedInput(file: path, place: "", reason: "no vector layer")
        }
        let definition = OGR_L_GetLayerDefn(layer)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        let fieldNames = (0..<fieldCount).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0))) }
        // OGR_FD_GetFieldIndex returns -1 for an unknown field.
        let idIndex = OGR_FD_GetFieldIndex(definition, idField)
        guard idIndex >= 0 else { throw InputError.missingField(field: idField, file: path, available: fieldNames) }
        let fallbackIndexes = OGRBoundaries.fallbackFields.map { OGR_FD_GetFieldIndex(definition, $0) }.filter { $0 >= 0 && $0 != idIndex }

        // The layer's CRS; a file without one is refused rather than guessed.
        guard let srs = OGR_L_GetSpatialRef(layer) else {
            throw InputError.malformedInput(file: path, place: "layer \(String(cString: OGR_L_GetName(layer)))", reason: "no CRS (add a .prj or use GeoJSON)")
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
                    throw InputError.malformedInput(file: path, place: "feature \(featureNumber) (\(code))", reason: "invalid geometry that OGR_G_MakeValid could not repair: \(LibraryError.gdal("OGR_G_MakeValid").message)")
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
        guard let region = regions[code] else { throw InputError.unknownCountry(code: code, file: name, line: nil) }
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
