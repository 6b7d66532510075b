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
        let (counts, source) = try counts(path)
        if source.crs.isGeographic && grid.crs.isGeographic {
            return LatLonRemapField(counts, from: source, to: grid)
        }
        guard source.crs.isGeographic else {
            throw InputError.crsMismatch(expected: "a geographic (lon/lat) raster", found: source.crs.name, input: path)
        }
        let sourceAreas = source.geographicRowAreas()
        let values: [Double] = try ProjectedRows.map(rowCount: grid.height, from: grid.crs, to: source.crs) { rows, transformer in
            var out = [Double](repeating: 0, count: rows.count * grid.width)
            for r in rows {
                let (xs, ys) = try ProjectedRows.centres(grid, row: r, transformer)
                let areas = cellAreas.rows(r..<(r + 1), width: grid.width)
                for c in 0..<grid.width where xs[c].isFinite && ys[c].isFinite {
                    let col = Int(source.column(ofX: xs[c]).rounded(.down)), row = Int(source.row(ofY: ys[c]).rounded(.down))
                    guard col >= 0, col < source.width, row >= 0, row < source.height else { continue }
                    out[(r - rows.lowerBound) * grid.width + c] = counts[row * source.width + col] / sourceAreas[row] * areas[c]
                }
            }
            return out
        }
        return DenseField(values.map(Float.init), width: grid.width)
    }

    /// The amounts of a raster's first band (people, GDP) and its grid; nodata, NaN and negative
    /// values carry no weight.
    public static func counts(_ path: String) throws -> (values: [Double], grid: Grid) {
        let raster = try GDALRaster(opening: path)
        guard raster.bandCount >= 1 else { throw InputError.malformedInput(file: path, place: "", reason: "no raster band") }
        let nodata = try raster.bandInfo(0).nodata
        let raw = try raster.read(band: 0, rows: 0..<raster.grid.height)
        let values = raw.map { v -> Double in
            let d = Double(v)
            if d.isNaN || d < 0 || (nodata.map { Float($0) == v } ?? false) { return 0 }
            return d
        }
        return (values, raster.grid)
    }

    /// A categorical raster's classes (land cover: MODIS IGBP 0–16) on a lat/lon grid; a value
    /// outside 0–254 or not whole is an error naming the raster.
    public static func classes(_ path: String) throws -> (classes: [UInt8], grid: Grid) {
        let raster = try GDALRaster(opening: path)
        guard raster.bandCount >= 1 else { throw InputError.malformedInput(file: path, place: "", reason: "no raster band") }
        guard raster.grid.crs.isGeographic else {
            throw InputError.crsMismatch(expected: "a geographic (lon/lat) raster", found: raster.grid.crs.name, input: path)
        }
        let raw = try raster.read(band: 0, rows: 0..<raster.grid.height)
        var out = [UInt8](repeating: 255, count: raw.count)
        for (i, v) in raw.enumerated() where !v.isNaN {
            guard v >= 0, v <= 255, v == v.rounded() else {
                throw InputError.malformedInput(file: path, place: "cell \(i)", reason: "\(v) is not a class code 0–255")
            }
            out[i] = UInt8(v)
        }
        return (out, raster.grid)
    }

    /// Fossil power plants of a WRI GPPD table, with their points in `grid`'s CRS (NaN where
    /// the projection is undefined).
    public static func powerPlants(_ path: String, factors: FuelFactors, onto grid: Grid) throws -> (plants: [PowerPlant], x: [Double], y: [Double]) {
        let plants = try PowerPlants.parse(try TextFile.read(path), file: path, factors: factors)
        var xs = plants.map(\.longitude), ys = plants.map(\.latitude)
        if !grid.crs.isGeographic { try CoordinateTransformer(from: .wgs84, to: grid.crs).transform(x: &xs, y: &ys) }
        return (plants, xs, ys)
    }
}
