import Foundation
import HolomapCore

/// Loads grids by preset name (`grids/NAME.json`) or from a preset file, resolving the CRS with PROJ.
public enum GridLoader {
    public static func presetNames() -> [String] {
        guard let folder = try? Resources.folder("grids"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func load(_ nameOrPath: String) throws -> Grid {
        let fm = FileManager.default
        let url: URL
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            guard fm.fileExists(atPath: nameOrPath) else { throw HolomapError.missingFile(path: nameOrPath) }
            url = URL(fileURLWithPath: nameOrPath)
        } else {
            let candidate = try Resources.folder("grids").appendingPathComponent("\(nameOrPath).json")
            guard fm.fileExists(atPath: candidate.path) else {
                throw HolomapError.unknownPreset(name: nameOrPath, known: presetNames())
            }
            url = candidate
        }
        guard let data = fm.contents(atPath: url.path) else { throw HolomapError.missingFile(path: url.path) }
        let preset = try GridPresetFile.decode(data, source: nameOrPath)
        return preset.grid(crs: try CRSResolver.resolve(preset.crs))
    }
}

/// Cell areas on the WGS 84 ellipsoid.
public enum CellAreas {
    /// Lat/lon grids use the exact zone formula, per row; projected grids take the geodesic area
    /// (PROJ geod_polygonarea) of each cell's polygon, its corners inverse-projected by PROJ.
    public static func table(_ grid: Grid) throws -> CellAreaTable {
        if grid.crs.isGeographic { return .perRow(grid.geographicRowAreas()) }
        let transformer = try CoordinateTransformer(from: grid.crs, to: .wgs84)
        let geodesic = Geodesic()
        var out = [Double](repeating: 0, count: grid.cellCount)
        // Transform one row of corner lattice points at a time, reusing the row above.
        var previousLon: [Double] = [], previousLat: [Double] = []
        for r in 0...grid.height {
            var xs = (0...grid.width).map { grid.x(ofColumn: Double($0)) }
            var ys = [Double](repeating: grid.y(ofRow: Double(r)), count: grid.width + 1)
            try transformer.transform(x: &xs, y: &ys)
            if r > 0 {
                for c in 0..<grid.width {
                    let lons = [previousLon[c], previousLon[c + 1], xs[c + 1], xs[c]]
                    let lats = [previousLat[c], previousLat[c + 1], ys[c + 1], ys[c]]
                    out[(r - 1) * grid.width + c] = lons.allSatisfy(\.isFinite) && lats.allSatisfy(\.isFinite)
                        ? geodesic.polygonArea(longitudes: lons, latitudes: lats) : 0
                }
            }
            previousLon = xs; previousLat = ys
        }
        return .perCell(width: grid.width, out)
    }
}
