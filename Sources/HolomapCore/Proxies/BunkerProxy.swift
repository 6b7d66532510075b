import Foundation

/// Where international bunker fuel is burnt, as weights on the grid: ships along the shipping
/// lanes (lane length in a cell × the lane's class weight), aircraft at airports (by airport
/// type). Neither source has traffic figures: the weights are documented conventions
/// (docs/production.md#international-bunkers).
public struct BunkerProxy: Sendable {
    public enum Mode: String, CaseIterable, Sendable {
        case aviation, shipping
        /// The code bunker amounts are booked under (EDGAR's global rows use the same): never a country.
        public var code: String { self == .aviation ? "AIR" : "SEA" }
        /// The memo sector of the mode alone.
        public var sector: String { self == .aviation ? "M.1.A.3.a.i" : "M.1.A.3.d.i" }
    }
    /// The memo sector of aviation and shipping together.
    public static let combinedSector = "M.BUNKERS"

    /// Relative weight of a lane kilometre by class (Benden 2022: Major, Middle, Minor).
    public static let laneClassWeights: [String: Double] = ["Major": 4, "Middle": 2, "Minor": 1]
    /// `airportWeight` in words, for the manifest.
    public static let airportWeighting = "major 4, mid 1, small 0.25, military and spaceport 0 (Natural Earth type)"
    /// Relative weight of an airport by Natural Earth `type`; military airfields and spaceports
    /// carry no international passenger or freight traffic.
    public static func airportWeight(_ type: String) -> Double {
        if type.hasPrefix("military") || type == "spaceport" { return 0 }
        if type.hasPrefix("major") { return 4 }
        if type.hasPrefix("mid") { return 1 }
        return type == "small" ? 0.25 : 0
    }

    /// Per mode: (cell, Σ weight) ascending by cell, inside the grid.
    public var cells: [Mode: [(cell: Int, weight: Double)]] = [:]
    /// Per mode: Σ weight everywhere, inside the grid or not (a regional grid holds a part).
    public var worldWeight: [Mode: Double] = [:]
    /// Aviation's share of a combined (M.BUNKERS) amount for the year gridded; nil: unknown.
    public var aviationShare: Double? = nil
    public var shareSource = ""

    public init() {}

    public func inside(_ mode: Mode) -> Double { (cells[mode] ?? []).reduce(0) { $0 + $1.weight } }

    /// Adds points of `mode` (x, y in the grid's CRS) with their weights.
    public mutating func add(_ mode: Mode, x: [Double], y: [Double], weights: [Double], grid: Grid) {
        var byCell: [Int: Double] = [:]
        for (cell, w) in (cells[mode] ?? []) { byCell[cell] = w }
        for i in x.indices where weights[i] > 0 {
            worldWeight[mode, default: 0] += weights[i]
            // A point the projection cannot place (infinite) is outside the grid, like any other.
            guard x[i].isFinite, y[i].isFinite else { continue }
            // A longitude a turn away (−70° on a 0–360° grid, 180° on a −180–180° one) is wrapped in.
            let column = Int(floor(grid.column(ofX: grid.wrappedX(x[i]))))
            let row = Int(floor(grid.row(ofY: y[i])))
            guard row >= 0, row < grid.height, column >= 0, column < grid.width else { continue }
            byCell[row * grid.width + column, default: 0] += weights[i]
        }
        cells[mode] = byCell.keys.sorted().map { ($0, byCell[$0]!) }
    }

    /// The cells of a mode as a coverage (every cell whole): which tiles hold bunker mass.
    public func coverage(_ mode: Mode, grid: Grid) -> SparseCoverage {
        var out = SparseCoverage(code: mode.code, width: grid.width, height: grid.height)
        for (cell, _) in cells[mode] ?? [] { out.append(row: cell / grid.width, start: cell % grid.width, count: 1, fraction: nil) }
        return out
    }
}

/// Lines and points read from the derived bunker tables (scripts/make_bundle.py).
public enum BunkerTables {
    /// `lane,class,lon,lat` rows, vertices in order; a new lane id starts a new line. Returns
    /// points every `step` degrees or less along the lines (in lon/lat), each weighted by the
    /// length it stands for (km) × its class weight.
    public static func lanePoints(_ text: String, file: String, step: Double) throws -> (lon: [Double], lat: [Double], weight: [Double]) {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["lane", "class", "lon", "lat"])
        var lon: [Double] = [], lat: [Double] = [], weight: [Double] = []
        var previous: (lane: String, x: Double, y: Double)? = nil
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let lane = f[c["lane"]!], type = f[c["class"]!]
            guard let x = Double(f[c["lon"]!]), let y = Double(f[c["lat"]!]), abs(y) <= 90 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "lon/lat is not a number or out of range")
            }
            guard let classWeight = BunkerProxy.laneClassWeights[type] else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "unknown lane class '\(type)' (Major, Middle, Minor)")
            }
            defer { previous = (lane, x, y) }
            guard let p = previous, p.lane == lane else { continue }
            // The shorter way round: a leg across the antimeridian is not a trip round the world.
            var dx = x - p.x
            if dx > 180 { dx -= 360 } else if dx < -180 { dx += 360 }
            let dy = y - p.y
            let pieces = max(1, Int(ceil(max(abs(dx), abs(dy)) / step)))
            for k in 0..<pieces {
                let t0 = Double(k) / Double(pieces), t1 = Double(k + 1) / Double(pieces), tm = (t0 + t1) / 2
                let (ax, ay) = (p.x + dx * t0, p.y + dy * t0), (bx, by) = (p.x + dx * t1, p.y + dy * t1)
                var mx = p.x + dx * tm
                if mx >= 180 { mx -= 360 } else if mx < -180 { mx += 360 }
                lon.append(mx); lat.append(p.y + dy * tm)
                weight.append(haversineKm(ax, ay, bx, by) * classWeight)
            }
        }
        return (lon, lat, weight)
    }

    /// `year,aviation,shipping` rows (any unit, both the same): aviation's share by year.
    public static func split(_ text: String, file: String) throws -> [Int: Double] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["year", "aviation", "shipping"])
        var out: [Int: Double] = [:]
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            guard let year = Int(f[c["year"]!]), let a = Double(f[c["aviation"]!]), let s = Double(f[c["shipping"]!]), a >= 0, s >= 0, a + s > 0 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "year, aviation and shipping must be numbers ≥ 0 with a positive sum")
            }
            out[year] = a / (a + s)
        }
        return out
    }

    /// Great-circle distance (km) on a sphere of the mean Earth radius.
    static func haversineKm(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double {
        let r = Double.pi / 180
        let a = pow(sin((y1 - y0) * r / 2), 2) + cos(y0 * r) * cos(y1 * r) * pow(sin((x1 - x0) * r / 2), 2)
        return 2 * 6371.0088 * asin(min(1, sqrt(a)))
    }
}
