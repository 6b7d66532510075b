import Foundation

/// Puts points that carry no country (airports, ports) into the country that covers them: the
/// country with the largest coverage of the point's cell; a point in a cell no country covers (a
/// pier in the sea, a runway on reclaimed land the boundaries miss) goes to the nearest covered
/// cell within `PlantPlacement.maximumMoveKm`, else it is left out and counted. The result is
/// the weights per country, as `ProxySet.sites` takes them.
public enum SitePlacement {
    public struct Result: Sendable, Equatable {
        /// Per country: (cell, Σ weight), ascending cell.
        public var byCountry: [String: [Cell]]
        public var placed: Int
        public var moved: Int
        /// Names (or indices) of the points left out, with the reason.
        public var unplaced: [String]

        public struct Cell: Sendable, Equatable {
            public var cell: Int
            public var weight: Double
        }

        /// In the form `ProxySet.sites` holds.
        public var weights: [String: [(cell: Int, weight: Double)]] { byCountry.mapValues { $0.map { ($0.cell, $0.weight) } } }
    }

    /// `x`, `y`: the points in the grid's CRS; points of weight 0 are skipped (not counted).
    public static func place(names: [String], x: [Double], y: [Double], weights: [Double], grid: Grid,
                             coverages: [String: SparseCoverage]) -> Result {
        let codes = coverages.keys.sorted().filter { !coverages[$0]!.isEmpty }
        let rowRanges = codes.map { code -> ClosedRange<Int> in
            let spans = coverages[code]!.spans
            return Int(spans.first!.row)...Int(spans.last!.row)
        }
        let reach = PlantPlacement.maximumMoveKm(grid)
        let reachRows = Int(ceil(reach / cellHeightKm(grid))) + 1
        var byCell: [String: [Int: Double]] = [:]
        var result = Result(byCountry: [:], placed: 0, moved: 0, unplaced: [])
        for k in x.indices where weights[k] > 0 {
            guard x[k].isFinite, y[k].isFinite else { result.unplaced.append("\(names[k]): no position in the grid's CRS"); continue }
            let col = grid.column(ofX: x[k]), row = grid.row(ofY: y[k])
            let c = Int(col.rounded(.down)), r = Int(row.rounded(.down))
            if c >= 0, c < grid.width, r >= 0, r < grid.height {
                // The country that covers most of the cell; ties go to the first code.
                var best: (code: String, f: Double)? = nil
                for (i, code) in codes.enumerated() where rowRanges[i].contains(r) {
                    let f = coverages[code]!.fraction(row: r, column: c)
                    if f > (best?.f ?? 0) { best = (code, f) }
                }
                if let best {
                    byCell[best.code, default: [:]][r * grid.width + c, default: 0] += weights[k]
                    result.placed += 1; continue
                }
            }
            var nearest: (code: String, cell: Int, km: Double)? = nil
            let window = (r - reachRows)...(r + reachRows)
            for (i, code) in codes.enumerated() where rowRanges[i].overlaps(window) {
                let found = nearestCell(to: (x[k], y[k]), column: col, rows: window, in: coverages[code]!, grid: grid)
                if found.km < (nearest?.km ?? .infinity) { nearest = (code, found.cell, found.km) }
            }
            guard let nearest, nearest.km <= reach else {
                result.unplaced.append("\(names[k]): no cell of the build's countries within \(Int(reach.rounded())) km"); continue
            }
            byCell[nearest.code, default: [:]][nearest.cell, default: 0] += weights[k]
            result.placed += 1; result.moved += 1
        }
        result.byCountry = byCell.mapValues { cells in cells.keys.sorted().map { Result.Cell(cell: $0, weight: cells[$0]!) } }
        return result
    }

    /// The covered cell nearest to `point` among the coverage's rows in `rows`.
    static func nearestCell(to point: (x: Double, y: Double), column: Double, rows: ClosedRange<Int>, in coverage: SparseCoverage,
                            grid: Grid) -> (cell: Int, km: Double) {
        var best = (cell: -1, km: Double.infinity)
        var s = coverage.firstSpan(atOrAfter: rows.lowerBound)
        while s < coverage.spans.count, Int(coverage.spans[s].row) <= rows.upperBound {
            let span = coverage.spans[s]
            let row = Int(span.row), first = Int(span.start), last = first + Int(span.count) - 1
            let inside = min(max(Int(column.rounded(.down)), first), last)
            for c in Set([first, inside, last]).sorted() {
                let centre = (grid.x(ofColumn: Double(c) + 0.5), grid.y(ofRow: Double(row) + 0.5))
                let km = PlantPlacement.distanceKm(point, centre, geographic: grid.crs.isGeographic)
                if km < best.km { best = (row * grid.width + c, km) }
            }
            s += 1
        }
        return best
    }

    /// The height of a cell in km (a degree of latitude is about 111 km).
    static func cellHeightKm(_ grid: Grid) -> Double {
        let h = abs(grid.transform.pixelHeight)
        return grid.crs.isGeographic ? h * 111.19 : h / 1000
    }
}

/// Point tables of the default bundle that are not bunkers: ports (`name,lon,lat`).
public enum SiteTables {
    /// Ports (`name,lon,lat`), each of weight 1: Natural Earth gives no size or throughput.
    public static func ports(_ text: String, file: String) throws -> (names: [String], lon: [Double], lat: [Double], weight: [Double]) {
        var names: [String] = [], lon: [Double] = [], lat: [Double] = []
        try points(text, file: file, needs: ["name"]) { f, c, x, y, _ in names.append(f[c["name"]!]); lon.append(x); lat.append(y) }
        return (names, lon, lat, [Double](repeating: 1, count: lon.count))
    }

    /// Calls `body(fields, header, lon, lat, line)` for each row of a point table with `lon` and
    /// `lat` columns (and `needs`); a short row or a position out of range is an error naming its line.
    static func points(_ text: String, file: String, needs: [String],
                       _ body: ([String], CSVHeader, Double, Double, Int) throws -> Void) throws {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: needs + ["lon", "lat"])
        while let (line, f) = rows.next() {
            if isBlankRecord(f) { continue }
            guard f.count == c.count else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "\(f.count) fields, the header has \(c.count)")
            }
            guard let x = Double(f[c["lon"]!]), let y = Double(f[c["lat"]!]), abs(x) <= 180, abs(y) <= 90 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "lon/lat is not a number or out of range")
            }
            try body(f, c, x, y, line)
        }
    }
}
