import Foundation

/// Puts airports and ports into their own country (the table's `iso3`, from the Natural Earth
/// polygon that holds the point; scripts/make_bundle.py): its own cell when the country covers it,
/// else the country's nearest covered cell within `PlantPlacement.maximumMoveKm`, as for power
/// plants. A point is never given to a neighbour, with one exception: where its country has no
/// cell within reach but the build's boundaries give the point's own cell to another territory
/// (Natural Earth counts Cayenne and Réunion as France, Simferopol as Russia, Dakhla as Morocco;
/// DCW-GMT as French Guiana, Réunion, Ukraine, Western Sahara), it goes to the territory covering
/// most of that cell, and is listed as reassigned. Points of countries outside the build are
/// counted; points that cannot be placed, and points without a country, are listed. The result is
/// the weights per country, as `ProxySet.sites` takes them.
public enum SitePlacement {
    public struct Result: Sendable, Equatable {
        /// Per country: (cell, Σ weight), ascending cell.
        public var byCountry: [String: [Cell]]
        public var placed: Int
        public var moved: Int
        /// Points of countries that are not in the build (or have no cell on its grid).
        public var notInBuild: Int
        /// Points left out, each as "name (country): reason".
        public var unplaced: [String]
        /// Points given to the territory the boundaries put their cell in, as "name (country) → territory".
        public var reassigned: [String] = []

        public struct Cell: Sendable, Equatable {
            public var cell: Int
            public var weight: Double
        }

        /// In the form `ProxySet.sites` holds.
        public var weights: [String: [(cell: Int, weight: Double)]] { byCountry.mapValues { $0.map { ($0.cell, $0.weight) } } }
    }

    /// `x`, `y`: the points in the grid's CRS; points of weight 0 are skipped (not counted).
    public static func place(names: [String], countries: [String], x: [Double], y: [Double], weights: [Double], grid: Grid,
                             coverages: [String: SparseCoverage]) -> Result {
        var result = Result(byCountry: [:], placed: 0, moved: 0, notInBuild: 0, unplaced: [])
        var chosen: [Int] = []
        for k in x.indices where weights[k] > 0 {
            if countries[k].isEmpty {
                result.unplaced.append("\(names[k]): no country (outside every Natural Earth polygon)")
            } else if coverages[countries[k]].map({ !$0.isEmpty }) == true {
                chosen.append(k)
            } else {
                result.notInBuild += 1
            }
        }
        let placement = PlantPlacement.place(countries: chosen.map { countries[$0] }, x: chosen.map { x[$0] }, y: chosen.map { y[$0] },
                                             grid: grid, coverages: coverages)
        var byCell: [String: [Int: Double]] = [:]
        for (i, k) in chosen.enumerated() {
            guard let cell = placement.cells[i] else { continue }
            byCell[countries[k], default: [:]][cell, default: 0] += weights[k]
            result.placed += 1
        }
        result.moved = placement.moved.count
        for u in placement.unplaced {
            let k = chosen[u.index]
            if let owner = owner(ofCellAt: (x[k], y[k]), grid: grid, coverages: coverages) {
                byCell[owner.code, default: [:]][owner.cell, default: 0] += weights[k]
                result.placed += 1
                result.reassigned.append("\(names[k]) (\(countries[k])) → \(owner.code)")
            } else {
                result.unplaced.append("\(names[k]) (\(countries[k])): \(u.reason)")
            }
        }
        result.byCountry = byCell.mapValues { cells in cells.keys.sorted().map { Result.Cell(cell: $0, weight: cells[$0]!) } }
        return result
    }

    /// The country covering most of the point's cell (ties: the first code), or nil.
    static func owner(ofCellAt point: (x: Double, y: Double), grid: Grid, coverages: [String: SparseCoverage]) -> (code: String, cell: Int)? {
        guard point.x.isFinite, point.y.isFinite else { return nil }
        let c = Int(grid.column(ofX: grid.wrappedX(point.x)).rounded(.down)), r = Int(grid.row(ofY: point.y).rounded(.down))
        guard c >= 0, c < grid.width, r >= 0, r < grid.height else { return nil }
        var best: (code: String, f: Double)? = nil
        for code in coverages.keys.sorted() {
            let f = coverages[code]!.fraction(row: r, column: c)
            if f > (best?.f ?? 0) { best = (code, f) }
        }
        return best.map { ($0.code, r * grid.width + c) }
    }
}

/// The point tables of the default bundle: airports and ports with their countries.
public enum SiteTables {
    public struct Points: Sendable {
        public var names: [String] = [], countries: [String] = [], lon: [Double] = [], lat: [Double] = [], weight: [Double] = []
    }

    /// Ports (`name,iso3,lon,lat`), each of weight 1: Natural Earth gives no throughput.
    public static func ports(_ text: String, file: String) throws -> Points {
        var out = Points()
        try points(text, file: file, needs: ["name", "iso3"]) { f, c, x, y, _ in
            out.names.append(f[c["name"]!]); out.countries.append(f[c["iso3"]!]); out.lon.append(x); out.lat.append(y); out.weight.append(1)
        }
        return out
    }

    /// Airports (`iata,name,type,iso3,lon,lat`), weighted by type (`BunkerProxy.airportWeight`).
    public static func airports(_ text: String, file: String) throws -> Points {
        var out = Points()
        try points(text, file: file, needs: ["name", "type", "iso3"]) { f, c, x, y, _ in
            out.names.append(f[c["name"]!]); out.countries.append(f[c["iso3"]!]); out.lon.append(x); out.lat.append(y)
            out.weight.append(BunkerProxy.airportWeight(f[c["type"]!]))
        }
        return out
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
