import Foundation
import HolomapCore

/// Loads grids by preset name (`grids/NAME.json`) or from a preset file, resolving the CRS with PROJ.
public enum GridLoader {
    public static func presetNames() throws -> [String] {
        let folder = try Resources.folder("grids")
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw IOError(path: folder.path, operation: "list", reason: error.localizedDescription)
        }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func load(_ nameOrPath: String) throws -> Grid {
        let fm = FileManager.default
        let url: URL
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            guard fm.fileExists(atPath: nameOrPath) else { throw InputError.missingFile(path: nameOrPath) }
            url = URL(fileURLWithPath: nameOrPath)
        } else {
            let candidate = try Resources.folder("grids").appendingPathComponent("\(nameOrPath).json")
            guard fm.fileExists(atPath: candidate.path) else {
                throw InputError.unknownPreset(name: nameOrPath, known: try presetNames())
            }
            url = candidate
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw IOError(path: url.path, operation: "read", reason: error.localizedDescription) }
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
        // Each cell is the geodesic quadrilateral of its four inverse-projected corners. Its area
        // is the signed sum of its edges' S12 (area to the equator), and neighbours share edges,
        // so each edge is computed once: two geodesic inverses per cell instead of four. Row
        // blocks run in parallel, each with its own PROJ context.
        let w = grid.width
        let areas: [Double] = try ProjectedRows.map(rowCount: grid.height, from: grid.crs, to: .wgs84) { rows, transformer in
            let first = rows.lowerBound, last = rows.upperBound
            let geodesic = Geodesic()
            var out = [Double](repeating: 0, count: (last - first) * w)
            func corners(_ r: Int) throws -> ([Double], [Double]) {
                var xs = (0...w).map { grid.x(ofColumn: Double($0)) }
                var ys = [Double](repeating: grid.y(ofRow: Double(r)), count: w + 1)
                try transformer.transform(x: &xs, y: &ys)
                return (xs, ys)
            }
            func horizontal(_ lon: [Double], _ lat: [Double]) -> [Double] {
                (0..<w).map { c in geodesic.edgeArea(lon1: lon[c], lat1: lat[c], lon2: lon[c + 1], lat2: lat[c + 1]) }
            }
            var (topLon, topLat) = try corners(first)
            var topEdges = horizontal(topLon, topLat)
            for r in first..<last {
                let (bottomLon, bottomLat) = try corners(r + 1)
                let bottomEdges = horizontal(bottomLon, bottomLat)
                var left = geodesic.edgeArea(lon1: topLon[0], lat1: topLat[0], lon2: bottomLon[0], lat2: bottomLat[0])
                for c in 0..<w {
                    let right = geodesic.edgeArea(lon1: topLon[c + 1], lat1: topLat[c + 1], lon2: bottomLon[c + 1], lat2: bottomLat[c + 1])
                    // top (left→right) + right (top→bottom) − bottom (left→right) − left (top→bottom)
                    let area = abs(topEdges[c] + right - bottomEdges[c] - left)
                    let finite = area.isFinite && topLon[c].isFinite && bottomLon[c + 1].isFinite
                    out[(r - first) * w + c] = finite ? area : 0
                    left = right
                }
                (topLon, topLat, topEdges) = (bottomLon, bottomLat, bottomEdges)
            }
            return out
        }
        return .perCell(width: w, areas)
    }
}
