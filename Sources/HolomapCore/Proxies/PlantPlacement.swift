import Foundation

/// Puts each plant in a cell its country covers: its own cell when covered, else the nearest
/// covered cell of its country when that is close (a coastal plant whose point falls in the sea, a
/// point rounded across a border: within 50 km plus 1.5 cell diagonals). A plant farther away
/// (a point in another territory, as a US plant on Guam), of a country without cells, or whose
/// point has no position in the grid's CRS is listed as unplaced, never dropped silently; its
/// country's emissions go to its other plants.
public enum PlantPlacement {
    public struct Moved: Sendable, Equatable {
        public var index: Int
        /// Distance from the plant's point to the centre of the cell it was moved to, km
        /// (great circle on lat/lon grids; CRS units ÷ 1000 on projected grids).
        public var distanceKm: Double
    }

    public struct Unplaced: Sendable, Equatable {
        public var index: Int
        public var reason: String
    }

    public struct Result: Sendable, Equatable {
        /// Cell of each placed plant, by plant index.
        public var cells: [Int: Int]
        public var moved: [Moved]
        public var unplaced: [Unplaced]
    }

    /// `x`, `y`: the plants' points in the grid's CRS (longitude, latitude on a lat/lon grid).
    public static func place(_ plants: [PowerPlant], x: [Double], y: [Double], grid: Grid, coverages: [String: SparseCoverage]) -> Result {
        place(countries: plants.map(\.country), x: x, y: y, grid: grid, coverages: coverages)
    }

    /// Points of the given countries (any point source: plants, airports, ports), by index.
    public static func place(countries: [String], x: [Double], y: [Double], grid: Grid, coverages: [String: SparseCoverage]) -> Result {
        var result = Result(cells: [:], moved: [], unplaced: [])
        let reach = maximumMoveKm(grid)
        for (k, country) in countries.enumerated() {
            guard let coverage = coverages[country], !coverage.isEmpty else {
                result.unplaced.append(Unplaced(index: k, reason: "country has no cell on this grid")); continue
            }
            guard x[k].isFinite, y[k].isFinite else {
                result.unplaced.append(Unplaced(index: k, reason: "point has no position in the grid's CRS")); continue
            }
            let col = grid.column(ofX: grid.wrappedX(x[k])), row = grid.row(ofY: y[k])
            let c = Int(col.rounded(.down)), r = Int(row.rounded(.down))
            if c >= 0, c < grid.width, r >= 0, r < grid.height, coverage.fraction(row: r, column: c) > 0 {
                result.cells[k] = r * grid.width + c; continue
            }
            let (cell, km) = nearest(to: (grid.wrappedX(x[k]), y[k]), column: col, in: coverage, grid: grid)
            guard km <= reach else {
                result.unplaced.append(Unplaced(index: k, reason: String(format: "point %.0f km from its country's nearest cell (more than %.0f km)", km, reach)))
                continue
            }
            result.cells[k] = cell
            result.moved.append(Moved(index: k, distanceKm: km))
        }
        return result
    }

    /// 50 km plus 1.5 cell diagonals (at the equator on a lat/lon grid).
    public static func maximumMoveKm(_ grid: Grid) -> Double {
        let w = abs(grid.transform.pixelWidth), h = abs(grid.transform.pixelHeight)
        let diagonal = grid.crs.isGeographic ? hypot(w, h) * Double.pi / 180 * 6371.0088 : hypot(w, h) / 1000
        return 50 + 1.5 * diagonal
    }

    /// The covered cell whose centre is nearest to `point`; in each span only the columns nearest
    /// to the point's column (and the span's ends, for longitudes that wrap) can be nearest.
    static func nearest(to point: (x: Double, y: Double), column: Double, in coverage: SparseCoverage, grid: Grid) -> (cell: Int, km: Double) {
        var best = (cell: -1, km: Double.infinity)
        for span in coverage.spans {
            let row = Int(span.row), first = Int(span.start), last = first + Int(span.count) - 1
            let inside = min(max(Int(column.rounded(.down)), first), last)
            for c in Set([first, inside, last]).sorted() {
                let km = distanceKm(point, (grid.x(ofColumn: Double(c) + 0.5), grid.y(ofRow: Double(row) + 0.5)), geographic: grid.crs.isGeographic)
                if km < best.km { best = (row * grid.width + c, km) }
            }
        }
        return best
    }

    static func distanceKm(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), geographic: Bool) -> Double {
        guard geographic else { return hypot(a.x - b.x, a.y - b.y) / 1000 }
        let rad = Double.pi / 180
        let dLat = (b.y - a.y) * rad, dLon = (b.x - a.x) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.y * rad) * cos(b.y * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, sqrt(h)))
    }
}

extension Grid {
    /// `x` moved by whole turns into the grid's 360° span on a whole-world lat/lon grid (a 0–360°
    /// grid takes −70° as 290°); unchanged elsewhere.
    public func wrappedX(_ x: Double) -> Double {
        guard wrapsLongitude, x.isFinite else { return x }
        var x = x
        while x < minX { x += 360 }
        while x >= maxX { x -= 360 }
        return x
    }
}
