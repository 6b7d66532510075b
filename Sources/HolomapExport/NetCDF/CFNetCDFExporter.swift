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

/// A CF-1.8 NetCDF-4 file whose data variables are written by bands of rows, after coordinates,
/// bounds, grid mapping and cell areas: fine grids never need a whole band in memory. Data
/// variables are (time, y, x) when `years` is given, one time step per inventory year (bounds:
/// the calendar year), and (y, x) otherwise; `cellMethods[k]` says how band k relates to the year ("time: sum" for annual amounts,
/// "time: mean" for fluxes).
public final class CFNetCDFStream {
    let file: NetCDFFile
    let grid: Grid
    var dataVars: [Int32] = []
    var categoryVars: [Int32] = []

    let timed: Bool

    public init(path: String, grid: Grid, years: [Int]?, bands: [BandInfo], cellMethods: [String]?,
                categories: [(name: String, longName: String, meanings: [(Int32, String)], fill: Int32)],
                title: String, metadata: [(String, String)], cellAreas: CellAreaTable) throws {
        var grid = grid
        // crs_wkt must hold real WKT; a CRS built without PROJ (tests, defaults) is resolved here.
        if grid.crs.wkt.isEmpty { grid.crs = try CRSResolver.resolve(grid.crs.definition) }
        let mapping = try GridMapping(grid.crs)
        self.grid = grid
        file = try NetCDFFile(creating: path)
        let geographic = grid.crs.isGeographic
        let (yName, xName) = geographic ? ("lat", "lon") : ("y", "x")
        let g = NetCDFFile.global
        try file.putAttribute(g, "Conventions", CFNetCDFExporter.conventions)
        try file.putAttribute(g, "title", title)
        try file.putAttribute(g, "source", "holomap \(HolomapVersion.string)")
        for (key, value) in metadata { try file.putAttribute(g, key, value) }

        timed = years != nil
        let tDim = try years.map { try file.defineDimension("time", length: $0.count) }
        let yDim = try file.defineDimension(yName, length: grid.height)
        let xDim = try file.defineDimension(xName, length: grid.width)
        let bDim = try file.defineDimension("bnds", length: 2)
        var timeVars: (Int32, Int32)? = nil
        if let tDim {
            let tVar = try file.defineVariable("time", .double, dimensions: [tDim])
            let tBounds = try file.defineVariable("time_bnds", .double, dimensions: [tDim, bDim])
            try describe(tVar, ["standard_name": "time", "long_name": "start of the inventory year", "units": "days since 1970-01-01 00:00:00",
                                "calendar": "standard", "axis": "T", "bounds": "time_bnds"])
            timeVars = (tVar, tBounds)
        }
        let yVar = try file.defineVariable(yName, .double, dimensions: [yDim])
        let xVar = try file.defineVariable(xName, .double, dimensions: [xDim])
        let yBounds = try file.defineVariable("\(yName)_bnds", .double, dimensions: [yDim, bDim])
        let xBounds = try file.defineVariable("\(xName)_bnds", .double, dimensions: [xDim, bDim])
        if geographic {
            try describe(yVar, ["standard_name": "latitude", "long_name": "latitude", "units": "degrees_north", "axis": "Y", "bounds": "lat_bnds"])
            try describe(xVar, ["standard_name": "longitude", "long_name": "longitude", "units": "degrees_east", "axis": "X", "bounds": "lon_bnds"])
        } else {
            try describe(yVar, ["standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection", "units": "m", "axis": "Y", "bounds": "y_bnds"])
            try describe(xVar, ["standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection", "units": "m", "axis": "X", "bounds": "x_bnds"])
        }
        let crsVar = try file.defineVariable("crs", .int, dimensions: [])
        try file.putAttribute(crsVar, "grid_mapping_name", mapping.name)
        for (key, values) in mapping.parameters { try file.putAttribute(crsVar, key, values) }
        try file.putAttribute(crsVar, "crs_wkt", grid.crs.wkt)

        let chunks = [min(grid.height, 512), min(grid.width, 512)]
        let dataChunks = tDim == nil ? chunks : [1] + chunks
        let dataDims = (tDim.map { [$0] } ?? []) + [yDim, xDim]
        let areaVar = try file.defineVariable("cell_area", .double, dimensions: [yDim, xDim])
        try describe(areaVar, ["standard_name": "cell_area", "long_name": "area of grid cell on the WGS 84 ellipsoid", "units": "m2", "grid_mapping": "crs"])
        try file.setChunking(areaVar, chunks: chunks)
        try file.setDeflate(areaVar, level: 4)
        for (k, info) in bands.enumerated() {
            let v = try file.defineVariable(CFNetCDFExporter.variableName(info.name), .float, dimensions: dataDims)
            try file.setFill(v, float: info.nodata.map(Float.init) ?? CFNetCDFExporter.fillValue)
            var attributes = ["long_name": info.longName, "units": info.units, "grid_mapping": "crs", "cell_measures": "area: cell_area"]
            if let method = cellMethods?[k] { attributes["cell_methods"] = method }
            if let standard = info.standardName { attributes["standard_name"] = standard }
            try describe(v, attributes)
            try file.setChunking(v, chunks: dataChunks)
            try file.setDeflate(v, level: 4)
            dataVars.append(v)
        }
        for layer in categories {
            let v = try file.defineVariable(CFNetCDFExporter.variableName(layer.name), .int, dimensions: [yDim, xDim])
            try file.setFill(v, int: layer.fill)
            try describe(v, ["long_name": layer.longName, "grid_mapping": "crs", "flag_meanings": layer.meanings.map(\.1).joined(separator: " ")])
            try file.putAttribute(v, "flag_values", ints: layer.meanings.map(\.0))
            try file.setChunking(v, chunks: chunks)
            try file.setDeflate(v, level: 4)
            categoryVars.append(v)
        }
        try file.endDefinitions()

        func days(_ year: Int) -> Double {   // days from 1970-01-01 to 1 January of `year` (Gregorian)
            let y = year - 1
            let leapDays = (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400)
            return Double(365 * (year - 1970) + leapDays)
        }
        if let (tVar, tBounds) = timeVars, let years {
            try file.put(tVar, doubles: years.map(days))
            try file.put(tBounds, doubles: years.flatMap { [days($0), days($0 + 1)] })
        }
        try file.put(yVar, doubles: (0..<grid.height).map { grid.y(ofRow: Double($0) + 0.5) })
        try file.put(xVar, doubles: (0..<grid.width).map { grid.x(ofColumn: Double($0) + 0.5) })
        try file.put(yBounds, doubles: (0..<grid.height).flatMap { [grid.y(ofRow: Double($0)), grid.y(ofRow: Double($0 + 1))] })
        try file.put(xBounds, doubles: (0..<grid.width).flatMap { [grid.x(ofColumn: Double($0)), grid.x(ofColumn: Double($0 + 1))] })
        // Cell areas by slabs of rows, so a fine grid never needs a dense copy.
        let slab = max(1, (1 << 22) / grid.width)
        var row = 0
        while row < grid.height {
            let count = min(slab, grid.height - row)
            try file.putRows(areaVar, firstRow: row, rowCount: count, width: grid.width, doubles: cellAreas.rows(row..<(row + count), width: grid.width))
            row += count
        }
    }

    /// Rows `firstRow ..< firstRow + rowCount` of band `index` at time step `time`.
    public func write(band index: Int, time: Int, firstRow: Int, rowCount: Int, data: UnsafeBufferPointer<Float>) throws {
        if timed {
            try file.put(dataVars[index], start: [time, firstRow, 0], count: [1, rowCount, grid.width], floats: data)
        } else {
            try file.put(dataVars[index], start: [firstRow, 0], count: [rowCount, grid.width], floats: data)
        }
    }

    public func writeCategory(_ index: Int, firstRow: Int, rowCount: Int, values: UnsafeBufferPointer<Int32>) throws {
        try file.put(categoryVars[index], start: [firstRow, 0], count: [rowCount, grid.width], ints: values)
    }

    public func close() throws { try file.close() }

    func describe(_ variable: Int32, _ attributes: [String: String]) throws {
        for key in attributes.keys.sorted() { try file.putAttribute(variable, key, attributes[key]!) }
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
