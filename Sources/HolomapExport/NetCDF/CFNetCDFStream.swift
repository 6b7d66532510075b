import Foundation
import HolomapBridge
import HolomapCore

/// A CF-1.8 NetCDF-4 file whose data variables are written by bands of rows, after coordinates,
/// bounds, grid mapping and cell areas: fine grids never need a whole band in memory. Data
/// variables are (time, y, x) when `years` is given, one time step per inventory year (bounds:
/// the calendar year), and (y, x) otherwise; `cellMethods[k]` says how band k relates to the year ("time: sum" for annual amounts,
/// "time: mean" for fluxes).
///
/// netCDF-C defines the file and writes its coordinates; the gridded variables (cell areas,
/// bands, categories) are chunked 512 × 512, compressed in parallel and stored through HDF5
/// (`ChunkedVariable`).
public final class CFNetCDFStream {
    let grid: Grid
    var dataVars: [ChunkedVariable] = []
    var categoryVars: [ChunkedVariable] = []
    let hdf5: HDF5File
    /// Chunks are chunkSide × chunkSide cells (the COG's tile size: the build's occupancy of tile
    /// columns is the occupancy of chunk columns).
    public static let chunkSide = 512
    static let deflateLevel: Int32 = 4

    public init(path: String, grid: Grid, years: [Int]?, bands: [BandInfo], cellMethods: [String]?,
                categories: [(name: String, longName: String, meanings: [(Int32, String)], fill: Int32)],
                title: String, metadata: [(String, String)], cellAreas: CellAreaTable) throws {
        var grid = grid
        // crs_wkt must hold real WKT; a CRS built without PROJ (tests, defaults) is resolved here.
        if grid.crs.wkt.isEmpty { grid.crs = try CRSResolver.resolve(grid.crs.definition) }
        let mapping = try GridMapping(grid.crs)
        self.grid = grid
        let file = try NetCDFFile(creating: path)
        let geographic = grid.crs.isGeographic
        let (yName, xName) = geographic ? ("lat", "lon") : ("y", "x")
        let g = NetCDFFile.global
        try file.putAttribute(g, "Conventions", CFNetCDFExporter.conventions)
        try file.putAttribute(g, "title", title)
        try file.putAttribute(g, "source", "holomap \(HolomapVersion.string)")
        for (key, value) in metadata { try file.putAttribute(g, key, value) }

        let tDim = try years.map { try file.defineDimension("time", length: $0.count) }
        let yDim = try file.defineDimension(yName, length: grid.height)
        let xDim = try file.defineDimension(xName, length: grid.width)
        let bDim = try file.defineDimension("bnds", length: 2)
        var timeVars: (Int32, Int32)? = nil
        if let tDim {
            let tVar = try file.defineVariable("time", .double, dimensions: [tDim])
            let tBounds = try file.defineVariable("time_bnds", .double, dimensions: [tDim, bDim])
            try Self.describe(file, tVar, ["standard_name": "time", "long_name": "start of the inventory year", "units": "days since 1970-01-01 00:00:00",
                                "calendar": "standard", "axis": "T", "bounds": "time_bnds"])
            timeVars = (tVar, tBounds)
        }
        let yVar = try file.defineVariable(yName, .double, dimensions: [yDim])
        let xVar = try file.defineVariable(xName, .double, dimensions: [xDim])
        let yBounds = try file.defineVariable("\(yName)_bnds", .double, dimensions: [yDim, bDim])
        let xBounds = try file.defineVariable("\(xName)_bnds", .double, dimensions: [xDim, bDim])
        if geographic {
            try Self.describe(file, yVar, ["standard_name": "latitude", "long_name": "latitude", "units": "degrees_north", "axis": "Y", "bounds": "lat_bnds"])
            try Self.describe(file, xVar, ["standard_name": "longitude", "long_name": "longitude", "units": "degrees_east", "axis": "X", "bounds": "lon_bnds"])
        } else {
            try Self.describe(file, yVar, ["standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection", "units": "m", "axis": "Y", "bounds": "y_bnds"])
            try Self.describe(file, xVar, ["standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection", "units": "m", "axis": "X", "bounds": "x_bnds"])
        }
        let crsVar = try file.defineVariable("crs", .int, dimensions: [])
        try file.putAttribute(crsVar, "grid_mapping_name", mapping.name)
        for (key, values) in mapping.parameters { try file.putAttribute(crsVar, key, values) }
        try file.putAttribute(crsVar, "crs_wkt", grid.crs.wkt)

        let chunks = [min(grid.height, Self.chunkSide), min(grid.width, Self.chunkSide)]
        let dataChunks = tDim == nil ? chunks : [1] + chunks
        let dataDims = (tDim.map { [$0] } ?? []) + [yDim, xDim]
        let areaVar = try file.defineVariable("cell_area", .double, dimensions: [yDim, xDim])
        try Self.describe(file, areaVar, ["standard_name": "cell_area", "long_name": "area of grid cell on the WGS 84 ellipsoid", "units": "m2", "grid_mapping": "crs"])
        try file.setChunking(areaVar, chunks: chunks)
        try file.setDeflate(areaVar, level: Self.deflateLevel)
        for (k, info) in bands.enumerated() {
            let v = try file.defineVariable(CFNetCDFExporter.variableName(info.name), .float, dimensions: dataDims)
            try file.setFill(v, float: info.nodata.map(Float.init) ?? CFNetCDFExporter.fillValue)
            var attributes = ["long_name": info.longName, "units": info.units, "grid_mapping": "crs", "cell_measures": "area: cell_area"]
            if let method = cellMethods?[k] { attributes["cell_methods"] = method }
            if let standard = info.standardName { attributes["standard_name"] = standard }
            try Self.describe(file, v, attributes)
            try file.setChunking(v, chunks: dataChunks)
            try file.setDeflate(v, level: Self.deflateLevel)
        }
        for layer in categories {
            let v = try file.defineVariable(CFNetCDFExporter.variableName(layer.name), .int, dimensions: [yDim, xDim])
            try file.setFill(v, int: layer.fill)
            try Self.describe(file, v, ["long_name": layer.longName, "grid_mapping": "crs", "flag_meanings": layer.meanings.map(\.1).joined(separator: " ")])
            try file.putAttribute(v, "flag_values", ints: layer.meanings.map(\.0))
            try file.setChunking(v, chunks: chunks)
            try file.setDeflate(v, level: Self.deflateLevel)
        }
        try file.endDefinitions()
        try Self.describeTime(file, years: years, timeVars: timeVars)
        try file.put(yVar, doubles: (0..<grid.height).map { grid.y(ofRow: Double($0) + 0.5) })
        try file.put(xVar, doubles: (0..<grid.width).map { grid.x(ofColumn: Double($0) + 0.5) })
        try file.put(yBounds, doubles: (0..<grid.height).flatMap { [grid.y(ofRow: Double($0)), grid.y(ofRow: Double($0 + 1))] })
        try file.put(xBounds, doubles: (0..<grid.width).flatMap { [grid.x(ofColumn: Double($0)), grid.x(ofColumn: Double($0 + 1))] })
        try file.close()

        hdf5 = try HDF5File(openingForWrite: path)
        let pool = ChunkScratchPool(level: Self.deflateLevel, capacity: chunks[0] * chunks[1] * MemoryLayout<Double>.size)
        func variable(_ name: String, elementSize: Int, timed: Bool) throws -> ChunkedVariable {
            ChunkedVariable(dataset: try hdf5.dataset(name), elementSize: elementSize, width: grid.width, height: grid.height,
                            chunkRows: chunks[0], chunkColumns: chunks[1], timed: timed, pool: pool)
        }
        dataVars = try bands.map { try variable(CFNetCDFExporter.variableName($0.name), elementSize: 4, timed: years != nil) }
        categoryVars = try categories.map { try variable(CFNetCDFExporter.variableName($0.name), elementSize: 4, timed: false) }
        // Cell areas by bands of chunk rows, so a fine grid never needs a dense copy.
        let areas = try variable("cell_area", elementSize: 8, timed: false)
        var row = 0
        while row < grid.height {
            let count = min(chunks[0], grid.height - row)
            try cellAreas.rows(row..<(row + count), width: grid.width).withUnsafeBytes {
                try areas.write(time: 0, firstRow: row, rowCount: count, data: $0, occupied: nil, repeatsAcross: true)
            }
            row += count
        }
    }

    static func describeTime(_ file: NetCDFFile, years: [Int]?, timeVars: (Int32, Int32)?) throws {
        func days(_ year: Int) -> Double {   // days from 1970-01-01 to 1 January of `year` (Gregorian)
            let y = year - 1
            let leapDays = (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400)
            return Double(365 * (year - 1970) + leapDays)
        }
        if let (tVar, tBounds) = timeVars, let years {
            try file.put(tVar, doubles: years.map(days))
            try file.put(tBounds, doubles: years.flatMap { [days($0), days($0 + 1)] })
        }
    }

    /// Rows `firstRow ..< firstRow + rowCount` of band `index` at time step `time` (0 for an
    /// untimed file). `firstRow` starts a chunk row (a multiple of 512) and the rows end on one or
    /// at the grid's end. Where `occupied[c]` is false, columns 512c ..< 512(c + 1) are zero and
    /// are not read from `data`.
    public func write(band index: Int, time: Int, firstRow: Int, rowCount: Int, data: UnsafeBufferPointer<Float>, occupied: [Bool]? = nil) throws {
        try dataVars[index].write(time: time, firstRow: firstRow, rowCount: rowCount, data: UnsafeRawBufferPointer(data), occupied: occupied)
    }

    /// Rows of category layer `index`, as for `write`; unoccupied columns hold 0.
    public func writeCategory(_ index: Int, firstRow: Int, rowCount: Int, values: UnsafeBufferPointer<Int32>, occupied: [Bool]? = nil) throws {
        try categoryVars[index].write(time: 0, firstRow: firstRow, rowCount: rowCount, data: UnsafeRawBufferPointer(values), occupied: occupied)
    }

    public func close() throws {
        dataVars = []; categoryVars = []   // closes the datasets before the file
        try hdf5.close()
    }

    static func describe(_ file: NetCDFFile, _ variable: Int32, _ attributes: [String: String]) throws {
        for key in attributes.keys.sorted() { try file.putAttribute(variable, key, attributes[key]!) }
    }
}

