import Foundation
import HolomapCore

/// Loads proxy fields onto a grid.
public enum ProxyLoader {
    /// A raster of amounts per cell (population counts, GDP; GeoTIFF, NetCDF, anything GDAL
    /// reads) moved onto `grid`.
    /// Lat/lon to lat/lon: area-weighted conservative remapping (totals kept). Onto a projected
    /// grid: the source density at each cell centre × the cell's area (a weight field; the
    /// gridding itself still conserves every national total).
    /// Lat/lon targets get the remapping band by band of rows, as the gridding asks for them.
    public static func countField(_ path: String, onto grid: Grid, cellAreas: CellAreaTable) throws -> any RowField {
        let raster = try GDALRaster(opening: path)
        guard raster.bandCount >= 1 else { throw HolomapError.malformedInput(file: path, place: "", reason: "no raster band") }
        let nodata = try raster.bandInfo(0).nodata
        let source = raster.grid
        let raw = try raster.read(band: 0, rows: 0..<source.height)
        // Nodata, NaN and negative values carry no weight.
        let counts = raw.map { v -> Double in
            let d = Double(v)
            if d.isNaN || d < 0 || (nodata.map { Float($0) == v } ?? false) { return 0 }
            return d
        }
        if source.crs.isGeographic && grid.crs.isGeographic {
            return LatLonRemapField(counts, from: source, to: grid)
        }
        guard source.crs.isGeographic else {
            throw HolomapError.crsMismatch(expected: "a geographic (lon/lat) raster", found: source.crs.name, input: path)
        }
        let sourceAreas = source.geographicRowAreas()
        // Row blocks in parallel, each with its own PROJ context.
        let blocks = max(1, min(grid.height, 64))
        let rowsPerBlock = (grid.height + blocks - 1) / blocks
        let parts = try Parallel.map(blocks) { b -> Result<[Double], Error> in
            Result {
                let first = b * rowsPerBlock, last = min(grid.height, first + rowsPerBlock)
                guard first < last else { return [] }
                let transformer = try CoordinateTransformer(from: grid.crs, to: source.crs)
                var out = [Double](repeating: 0, count: (last - first) * grid.width)
                for r in first..<last {
                    var xs = (0..<grid.width).map { grid.x(ofColumn: Double($0) + 0.5) }
                    var ys = [Double](repeating: grid.y(ofRow: Double(r) + 0.5), count: grid.width)
                    try transformer.transform(x: &xs, y: &ys)
                    let areas = cellAreas.rows(r..<(r + 1), width: grid.width)
                    for c in 0..<grid.width where xs[c].isFinite && ys[c].isFinite {
                        let col = Int(source.column(ofX: xs[c]).rounded(.down)), row = Int(source.row(ofY: ys[c]).rounded(.down))
                        guard col >= 0, col < source.width, row >= 0, row < source.height else { continue }
                        out[(r - first) * grid.width + c] = counts[row * source.width + col] / sourceAreas[row] * areas[c]
                    }
                }
                return out
            }
        }.map { try $0.get() }
        return DenseField(parts.flatMap { $0 }.map(Float.init), width: grid.width)
    }

    /// Fossil power plants as point-source weights: estimated generation (GWh) × 3.6 TJ/GWh ÷
    /// thermal efficiency × IPCC 2006 default CO2 factor of the fuel (t CO2), by country and cell.
    /// Plants without a generation estimate use capacity × 8,760 h × 0.5.
    public static func powerPlants(_ path: String, factors: FuelFactors, onto grid: Grid) throws -> [String: [(cell: Int, weight: Double)]] {
        let text = try TextFile.read(path)
        var rows = CSVReader(text).makeIterator()
        guard let header = rows.next()?.fields else { throw HolomapError.malformedInput(file: path, place: "line 1", reason: "empty file") }
        let need = ["country", "latitude", "longitude", "primary_fuel", "capacity_mw", "estimated_generation_gwh"]
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        let missing = need.filter { index[$0] == nil }
        guard missing.isEmpty else { throw HolomapError.malformedInput(file: path, place: "line 1", reason: "missing column(s) \(missing.joined(separator: ", "))") }
        let toGrid = grid.crs.isGeographic ? nil : try CoordinateTransformer(from: .wgs84, to: grid.crs)
        var out: [String: [(cell: Int, weight: Double)]] = [:]
        while let (line, f) = rows.next() {
            guard f.count >= header.count else { continue }
            guard let factor = factors.tonnesPerGWh(fuel: f[index["primary_fuel"]!]) else { continue }  // not fossil
            guard var x = Double(f[index["longitude"]!]), var y = Double(f[index["latitude"]!]) else {
                throw HolomapError.malformedInput(file: path, place: "line \(line)", reason: "latitude/longitude not numbers")
            }
            let generation = Double(f[index["estimated_generation_gwh"]!]) ?? (Double(f[index["capacity_mw"]!]).map { $0 * 8.76 * 0.5 } ?? 0)
            guard generation > 0 else { continue }
            if let toGrid {
                var xs = [x], ys = [y]
                try toGrid.transform(x: &xs, y: &ys)
                x = xs[0]; y = ys[0]
            }
            let col = Int(grid.column(ofX: x).rounded(.down)), row = Int(grid.row(ofY: y).rounded(.down))
            guard col >= 0, col < grid.width, row >= 0, row < grid.height else { continue }
            out[f[index["country"]!], default: []].append((row * grid.width + col, generation * factor))
        }
        return out
    }
}

/// CO2 per unit of electricity by fuel, from IPCC 2006 default CO2 factors (kg CO2/TJ) and
/// assumed thermal efficiencies.
public struct FuelFactors: Sendable {
    /// fuel (GPPD primary_fuel) → (kg CO2 per TJ fuel, efficiency)
    public var byFuel: [String: (kgPerTJ: Double, efficiency: Double)]

    public func tonnesPerGWh(fuel: String) -> Double? {
        guard let f = byFuel[fuel] else { return nil }
        return 3.6 / f.efficiency * f.kgPerTJ / 1000
    }

    /// CSV: fuel,co2_kg_per_tj,efficiency
    public static func load(_ path: String) throws -> FuelFactors {
        var rows = CSVReader(try TextFile.read(path)).makeIterator()
        guard let header = rows.next()?.fields, header == ["fuel", "co2_kg_per_tj", "efficiency"] else {
            throw HolomapError.malformedInput(file: path, place: "line 1", reason: "expected header fuel,co2_kg_per_tj,efficiency")
        }
        var out: [String: (Double, Double)] = [:]
        while let (line, f) = rows.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count == 3, let ef = Double(f[1]), let eff = Double(f[2]), eff > 0, eff <= 1 else {
                throw HolomapError.malformedInput(file: path, place: "line \(line)", reason: "expected fuel,kg CO2/TJ,efficiency in (0, 1]")
            }
            out[f[0]] = (ef, eff)
        }
        return FuelFactors(byFuel: out)
    }
}
