import Foundation
import HolomapBridge
import HolomapCore

/// NetCDF-4 following CF-1.8 (the newest version cfchecker 4.1.0 checks): coordinates with
/// bounds, a grid-mapping variable, a cell-area measure, and compressed, chunked data variables.
/// An integer layer of categories (such as the majority country), written with CF flag_values
/// and flag_meanings.
public struct CategoryLayer {
    public var name: String
    public var longName: String
    public var values: [Int32]
    /// (value, meaning) pairs; meanings must not contain spaces.
    public var categories: [(Int32, String)]
    public var fill: Int32

    public init(name: String, longName: String, values: [Int32], categories: [(Int32, String)], fill: Int32) {
        self.name = name; self.longName = longName; self.values = values; self.categories = categories; self.fill = fill
    }
}

public enum CFNetCDFExporter {
    public static let conventions = "CF-1.8"
    static let fillValue: Float = -9999

    /// Writes a whole in-memory raster (and category layers) to `path`, atomically.
    public static func write(_ raster: InMemoryRaster, to path: String, overwrite: Bool, title: String,
                             cellAreas: CellAreaTable, categories: [CategoryLayer] = []) throws {
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            let stream = try CFNetCDFStream(path: temporary, grid: raster.grid, years: nil, bands: raster.bands.map(\.info),
                                            cellMethods: nil, categories: categories.map { ($0.name, $0.longName, $0.categories, $0.fill) },
                                            title: title, metadata: raster.metadata, cellAreas: cellAreas)
            let rows = raster.grid.height
            for (k, band) in raster.bands.enumerated() {
                try stream.write(band: k, time: 0, firstRow: 0, rowCount: rows, data: UnsafeBufferPointer(band.data.pointer))
            }
            for (k, layer) in categories.enumerated() {
                try layer.values.withUnsafeBufferPointer { try stream.writeCategory(k, firstRow: 0, rowCount: rows, values: $0) }
            }
            try stream.close()
        }
    }

    /// NetCDF names start with a letter; other characters become underscores.
    public static func variableName(_ name: String) -> String {
        var out = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let first = out.first, !first.isLetter { out = "v_" + out }
        return out.isEmpty ? "band" : out
    }
}

/// CF grid-mapping attributes derived from PROJ's description of a CRS.
public struct GridMapping {
    public var name: String
    public var parameters: [(String, [Double])]

    public init(_ crs: CRS) throws {
        if crs.isGeographic {
            name = "latitude_longitude"
            parameters = [("semi_major_axis", [WGS84.semiMajorAxis]), ("inverse_flattening", [1 / WGS84.flattening])]
            return
        }
        let json = try CRSResolver.projJSON(crs)
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let conversion = object["conversion"] as? [String: Any],
              let method = (conversion["method"] as? [String: Any])?["name"] as? String,
              let list = conversion["parameters"] as? [[String: Any]] else {
            throw InputError.invalidArgument("CRS '\(crs.name)': CF export needs a projected CRS PROJ can describe")
        }
        var p: [String: Double] = [:]
        for item in list { if let n = item["name"] as? String, let v = item["value"] as? Double { p[n] = v } }
        func value(_ keys: String...) -> Double { keys.lazy.compactMap { p[$0] }.first ?? 0 }
        var ellipsoid: [(String, [Double])] = [("semi_major_axis", [WGS84.semiMajorAxis]), ("inverse_flattening", [1 / WGS84.flattening])]
        if let base = object["base_crs"] as? [String: Any],
           let datum = (base["datum"] ?? base["datum_ensemble"]) as? [String: Any],
           let e = datum["ellipsoid"] as? [String: Any], let a = e["semi_major_axis"] as? Double {
            ellipsoid = [("semi_major_axis", [a])]
            if let rf = e["inverse_flattening"] as? Double { ellipsoid.append(("inverse_flattening", [rf])) }
        }
        let falseOrigin: [(String, [Double])] = [
            ("false_easting", [value("Easting at false origin", "False easting", "Easting at projection centre")]),
            ("false_northing", [value("Northing at false origin", "False northing", "Northing at projection centre")]),
        ]
        switch method {
        case "Albers Equal Area":
            name = "albers_conical_equal_area"
            parameters = [("standard_parallel", [value("Latitude of 1st standard parallel"), value("Latitude of 2nd standard parallel")]),
                          ("longitude_of_central_meridian", [value("Longitude of false origin")]),
                          ("latitude_of_projection_origin", [value("Latitude of false origin")])] + falseOrigin
        case "Lambert Conic Conformal (2SP)":
            name = "lambert_conformal_conic"
            parameters = [("standard_parallel", [value("Latitude of 1st standard parallel"), value("Latitude of 2nd standard parallel")]),
                          ("longitude_of_central_meridian", [value("Longitude of false origin")]),
                          ("latitude_of_projection_origin", [value("Latitude of false origin")])] + falseOrigin
        case "Lambert Azimuthal Equal Area":
            name = "lambert_azimuthal_equal_area"
            parameters = [("longitude_of_projection_origin", [value("Longitude of natural origin")]),
                          ("latitude_of_projection_origin", [value("Latitude of natural origin")])] + falseOrigin
        case "Transverse Mercator":
            name = "transverse_mercator"
            parameters = [("scale_factor_at_central_meridian", [value("Scale factor at natural origin")]),
                          ("longitude_of_central_meridian", [value("Longitude of natural origin")]),
                          ("latitude_of_projection_origin", [value("Latitude of natural origin")])] + falseOrigin
        default:
            throw InputError.invalidArgument("CRS '\(crs.name)': CF NetCDF export supports Albers, Lambert conformal, Lambert azimuthal and transverse Mercator projections, not '\(method)'")
        }
        parameters += ellipsoid
    }
}
