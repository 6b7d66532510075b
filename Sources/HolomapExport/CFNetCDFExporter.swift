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

    public static func write(_ raster: InMemoryRaster, to path: String, overwrite: Bool, title: String,
                             cellAreas: CellAreaTable, categories: [CategoryLayer] = []) throws {
        var raster = raster
        // crs_wkt must hold real WKT; a CRS built without PROJ (tests, defaults) is resolved here.
        if raster.grid.crs.wkt.isEmpty { raster.grid.crs = try CRSResolver.resolve(raster.grid.crs.definition) }
        let mapping = try GridMapping(raster.grid.crs)
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            let file = try NetCDFFile(creating: temporary)
            try writeContents(raster, file: file, title: title, mapping: mapping, cellAreas: cellAreas, categories: categories)
            try file.close()
        }
    }

    static func writeContents(_ raster: InMemoryRaster, file: NetCDFFile, title: String, mapping: GridMapping,
                              cellAreas: CellAreaTable, categories: [CategoryLayer]) throws {
        let grid = raster.grid
        let geographic = grid.crs.isGeographic
        let (yName, xName) = geographic ? ("lat", "lon") : ("y", "x")
        let g = NetCDFFile.global
        try file.putAttribute(g, "Conventions", conventions)
        try file.putAttribute(g, "title", title)
        try file.putAttribute(g, "source", "holomap \(HolomapVersion.string)")
        for (key, value) in raster.metadata { try file.putAttribute(g, key, value) }

        let yDim = try file.defineDimension(yName, length: grid.height)
        let xDim = try file.defineDimension(xName, length: grid.width)
        let bDim = try file.defineDimension("bnds", length: 2)

        let yVar = try file.defineVariable(yName, .double, dimensions: [yDim])
        let xVar = try file.defineVariable(xName, .double, dimensions: [xDim])
        let yBounds = try file.defineVariable("\(yName)_bnds", .double, dimensions: [yDim, bDim])
        let xBounds = try file.defineVariable("\(xName)_bnds", .double, dimensions: [xDim, bDim])
        if geographic {
            try describe(file, yVar, ["standard_name": "latitude", "long_name": "latitude", "units": "degrees_north", "axis": "Y", "bounds": "lat_bnds"])
            try describe(file, xVar, ["standard_name": "longitude", "long_name": "longitude", "units": "degrees_east", "axis": "X", "bounds": "lon_bnds"])
        } else {
            try describe(file, yVar, ["standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection", "units": "m", "axis": "Y", "bounds": "y_bnds"])
            try describe(file, xVar, ["standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection", "units": "m", "axis": "X", "bounds": "x_bnds"])
        }

        let crsVar = try file.defineVariable("crs", .int, dimensions: [])
        try file.putAttribute(crsVar, "grid_mapping_name", mapping.name)
        for (key, values) in mapping.parameters { try file.putAttribute(crsVar, key, values) }
        try file.putAttribute(crsVar, "crs_wkt", grid.crs.wkt)

        let chunks = [min(grid.height, 512), min(grid.width, 512)]
        let areaVar = try file.defineVariable("cell_area", .double, dimensions: [yDim, xDim])
        try describe(file, areaVar, ["standard_name": "cell_area", "long_name": "area of grid cell on the WGS 84 ellipsoid", "units": "m2", "grid_mapping": "crs"])
        try file.setChunking(areaVar, chunks: chunks)
        try file.setDeflate(areaVar, level: 4)

        var dataVars: [Int32] = []
        for band in raster.bands {
            let v = try file.defineVariable(variableName(band.info.name), .float, dimensions: [yDim, xDim])
            try file.setFill(v, float: band.info.nodata.map(Float.init) ?? fillValue)
            var attributes = ["long_name": band.info.longName, "units": band.info.units,
                              "grid_mapping": "crs", "cell_measures": "area: cell_area"]
            if let standard = band.info.standardName { attributes["standard_name"] = standard }
            try describe(file, v, attributes)
            try file.setChunking(v, chunks: chunks)
            try file.setDeflate(v, level: 4)
            dataVars.append(v)
        }
        var categoryVars: [Int32] = []
        for layer in categories {
            let v = try file.defineVariable(variableName(layer.name), .int, dimensions: [yDim, xDim])
            try file.setFill(v, int: layer.fill)
            try describe(file, v, ["long_name": layer.longName, "grid_mapping": "crs",
                                   "flag_meanings": layer.categories.map(\.1).joined(separator: " ")])
            try file.putAttribute(v, "flag_values", ints: layer.categories.map(\.0))
            try file.setChunking(v, chunks: chunks)
            try file.setDeflate(v, level: 4)
            categoryVars.append(v)
        }
        try file.endDefinitions()

        let ys = (0..<grid.height).map { grid.y(ofRow: Double($0) + 0.5) }
        let xs = (0..<grid.width).map { grid.x(ofColumn: Double($0) + 0.5) }
        try file.put(yVar, doubles: ys)
        try file.put(xVar, doubles: xs)
        try file.put(yBounds, doubles: (0..<grid.height).flatMap { [grid.y(ofRow: Double($0)), grid.y(ofRow: Double($0 + 1))] })
        try file.put(xBounds, doubles: (0..<grid.width).flatMap { [grid.x(ofColumn: Double($0)), grid.x(ofColumn: Double($0 + 1))] })
        // Cell areas by slabs of rows, so a fine grid never needs a second dense copy.
        let slab = max(1, (1 << 22) / grid.width)
        var row = 0
        while row < grid.height {
            let count = min(slab, grid.height - row)
            try file.putRows(areaVar, firstRow: row, rowCount: count, width: grid.width,
                             doubles: cellAreas.rows(row..<(row + count), width: grid.width))
            row += count
        }
        for (v, band) in zip(dataVars, raster.bands) { try file.put(v, floats: UnsafeBufferPointer(band.data.pointer)) }
        for (v, layer) in zip(categoryVars, categories) { try file.put(v, ints: layer.values) }
    }

    static func describe(_ file: NetCDFFile, _ variable: Int32, _ attributes: [String: String]) throws {
        for key in attributes.keys.sorted() { try file.putAttribute(variable, key, attributes[key]!) }
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
            throw HolomapError.invalidArgument("CRS '\(crs.name)': CF export needs a projected CRS PROJ can describe")
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
            throw HolomapError.invalidArgument("CRS '\(crs.name)': CF NetCDF export supports Albers, Lambert conformal, Lambert azimuthal and transverse Mercator projections, not '\(method)'")
        }
        parameters += ellipsoid
    }
}
