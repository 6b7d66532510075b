import Foundation

/// Populated places as urban land the land-cover raster misses (a town smaller than a 0.05°
/// class cell is not "urban and built-up" there). A place of P people (Natural Earth `POP_MIN`,
/// the city's own population) is taken to cover at most P / 1,500 km²: 1,500 inhabitants per km²
/// is the density of an urban centre in the Degree of Urbanisation (UN Statistical Commission
/// 2020). In each target cell the urban area is then max(land-cover urban area, Σ of its places'
/// areas), capped at the cell's area, so a place never lowers what the land cover shows and
/// never counts twice where the city is already urban (`Dasymetric` uses it as uₜ).
public enum Settlements {
    /// People per km² of a place's urban area (the Degree of Urbanisation's urban-centre density).
    public static let peoplePerKm2 = 1_500.0

    public struct Place: Sendable, Equatable {
        public var name: String
        public var longitude: Double
        public var latitude: Double
        public var people: Double
        public init(name: String, longitude: Double, latitude: Double, people: Double) {
            self.name = name; self.longitude = longitude; self.latitude = latitude; self.people = people
        }
    }

    /// The place areas (m²) per cell of a lat/lon `grid`, ascending cell; places outside it or
    /// without people are left out.
    public static func areas(_ places: [Place], on grid: Grid) -> [(cell: Int, area: Double)] {
        var byCell: [Int: Double] = [:]
        for p in places where p.people > 0 {
            let column = Int(grid.column(ofX: grid.wrappedX(p.longitude)).rounded(.down))
            let row = Int(grid.row(ofY: p.latitude).rounded(.down))
            guard row >= 0, row < grid.height, column >= 0, column < grid.width else { continue }
            byCell[row * grid.width + column, default: 0] += p.people / peoplePerKm2 * 1e6
        }
        return byCell.keys.sorted().map { ($0, byCell[$0]!) }
    }

    /// `name,iso3,pop_min,lon,lat` rows, as scripts/make_bundle.py writes them from Natural Earth.
    public static func parse(_ text: String, file: String) throws -> [Place] {
        var out: [Place] = []
        try SiteTables.points(text, file: file, needs: ["name", "pop_min"]) { f, c, x, y, line in
            guard let people = Double(f[c["pop_min"]!]), people.isFinite else {
                throw InputError.malformedInput(file: file, place: "line \(line), column pop_min", reason: "'\(f[c["pop_min"]!])' is not a number")
            }
            out.append(Place(name: f[c["name"]!], longitude: x, latitude: y, people: people))
        }
        return out
    }
}

/// Urban area per cell: a land-cover urban field (or none) raised to the populated places' areas
/// and capped at the cell's area (`Settlements`).
public struct UrbanWithPlaces: RowField {
    let base: (any RowField)?
    let places: [(cell: Int, area: Double)]
    let cellAreas: CellAreaTable
    public let width: Int

    public init(base: (any RowField)?, places: [(cell: Int, area: Double)], cellAreas: CellAreaTable, width: Int) {
        self.base = base; self.places = places; self.cellAreas = cellAreas; self.width = width
    }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        if let base { base.fill(rows: rows, into: out) } else { for i in 0..<(rows.count * width) { out[i] = 0 } }
        let first = rows.lowerBound * width, end = rows.upperBound * width
        var k = places.partitionPoint { $0.cell < first }
        while k < places.count, places[k].cell < end {
            let (cell, area) = places[k]
            let i = cell - first
            let cellArea = cellAreas.area(row: cell / width, cell: cell)
            out[i] = max(out[i], min(area, cellArea))
            k += 1
        }
    }
}
