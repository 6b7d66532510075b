import Foundation
import HolomapCore

/// Rasters of the natural layers read through GDAL: the GFED basis regions, a land fraction.
public enum NaturalRasters {
    /// Region codes 0…`maxCode` (0: no region; nodata and NaN read as 0) on a lat/lon grid; any
    /// other value is an error naming the raster and the cell's centre.
    public static func regions(_ path: String, maxCode: Int) throws -> (codes: [UInt8], grid: Grid) {
        let (raw, nodata, grid) = try firstBand(path)
        var out = [UInt8](repeating: 0, count: raw.count)
        for (i, v) in raw.enumerated() where !v.isNaN && nodata.map({ Float($0) != v }) ?? true {
            guard v >= 0, v <= Float(maxCode), v == v.rounded() else {
                throw InputError.malformedInput(file: path, place: place(grid, i), reason: "\(v) is not a region code 0–\(maxCode)")
            }
            out[i] = UInt8(v)
        }
        return (out, grid)
    }

    /// Land fraction 0…1 per cell (nodata and NaN: 0); a value outside 0…1 is an error.
    public static func landFraction(_ path: String) throws -> (fraction: [Double], grid: Grid) {
        let (raw, nodata, grid) = try firstBand(path)
        var out = [Double](repeating: 0, count: raw.count)
        for (i, v) in raw.enumerated() where !v.isNaN && nodata.map({ Float($0) != v }) ?? true {
            guard v >= 0, v <= 1 + 1e-6 else {
                throw InputError.malformedInput(file: path, place: place(grid, i), reason: "land fraction \(v) is outside 0–1")
            }
            out[i] = Double(min(v, 1))
        }
        return (out, grid)
    }

    static func firstBand(_ path: String) throws -> ([Float], Double?, Grid) {
        let raster = try GDALRaster(opening: path)
        guard raster.bandCount >= 1 else { throw InputError.malformedInput(file: path, place: "", reason: "no raster band") }
        guard raster.grid.crs.isGeographic else {
            throw InputError.crsMismatch(expected: "a geographic (lon/lat) raster", found: raster.grid.crs.name, input: path)
        }
        return (try raster.read(band: 0, rows: 0..<raster.grid.height), try raster.bandInfo(0).nodata, raster.grid)
    }

    static func place(_ grid: Grid, _ i: Int) -> String {
        let r = i / grid.width, c = i % grid.width
        return "row \(r), column \(c) (lat \(grid.y(ofRow: Double(r) + 0.5)), lon \(grid.x(ofColumn: Double(c) + 0.5)))"
    }
}
