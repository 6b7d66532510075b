import Foundation

/// A surface carbon flux on a lat/lon grid, north-up, in kg C m⁻² s⁻¹ (NaN: no value), as read
/// from its file; what area it is per (land or whole cell) and its sign are the caller's to know.
public struct FluxGrid: Sendable {
    public var grid: Grid
    public var values: [Double]
    /// The units as the file wrote them (before conversion).
    public var units: String
    /// File and variable, for messages.
    public var source: String

    public init(grid: Grid, values: [Double], units: String, source: String) {
        precondition(values.count == grid.cellCount)
        self.grid = grid; self.values = values; self.units = units; self.source = source
    }
}

/// Units and constants of the natural layers.
public enum FluxUnits {
    /// Seconds in a year: the Julian year of 365.25 days (the GCB decadal means are per year of
    /// the decade, leap days included).
    public static let secondsPerYear = 365.25 * 86_400
    /// Mass of CO2 per mass of carbon, 44/12.
    public static let co2PerCarbon = 44.0 / 12.0

    /// The factor from `units` to kg C m⁻² s⁻¹, or nil when they are not a mass flux per area:
    /// kg m-2 s-1 in the spellings files use (`Kg/m2/s`, `kg m-2 s-1`, `kgC/m2/yr`, `kg C m-2 a-1`).
    public static func perSecondFactor(_ units: String) -> Double? {
        var u = units.lowercased().replacingOccurrences(of: " ", with: "")
        for carbon in ["kgc", "kg(c)"] { u = u.replacingOccurrences(of: carbon, with: "kg") }
        let perArea = ["kg/m2/", "kg/m^2/", "kgm-2", "kg.m-2."]
        guard let prefix = perArea.first(where: { u.hasPrefix($0) }) else { return nil }
        let time = String(u.dropFirst(prefix.count))
        switch time {
        case "s", "s-1", "sec", "/s": return 1
        case "yr", "yr-1", "year", "year-1", "a-1", "a", "/yr": return 1 / secondsPerYear
        default: return nil
        }
    }

    /// The north-up grid of cell-centre coordinates `latitudes` (either order) and `longitudes`
    /// (ascending), evenly spaced; an uneven or reversed axis is an error naming `source`.
    public static func regularGrid(latitudes lat: [Double], longitudes lon: [Double], source: String) throws -> Grid {
        func step(_ v: [Double], _ axis: String) throws -> Double {
            guard v.count >= 2 else { throw InputError.invalidGrid(source: source, reason: "\(axis) has fewer than 2 values") }
            let d = (v.last! - v.first!) / Double(v.count - 1)
            for i in 1..<v.count where abs((v[i] - v[i - 1]) - d) > 1e-6 * abs(d) {
                throw InputError.invalidGrid(source: source, reason: "\(axis) is not evenly spaced at index \(i)")
            }
            guard d != 0 else { throw InputError.invalidGrid(source: source, reason: "\(axis) does not change") }
            return d
        }
        let dLat = abs(try step(lat, "latitude")), dLon = try step(lon, "longitude")
        guard dLon > 0 else { throw InputError.invalidGrid(source: source, reason: "longitude must ascend") }
        let north = max(lat.first!, lat.last!) + dLat / 2
        return Grid(name: source, crs: .wgs84,
                    transform: GeoTransform(originX: lon.first! - dLon / 2, pixelWidth: dLon, originY: north, pixelHeight: -dLat),
                    width: lon.count, height: lat.count)
    }
}

/// Amounts per cell (t per year) on a lat/lon grid.
public struct CellAmounts: Sendable {
    public var grid: Grid
    public var values: [Double]
    public init(grid: Grid, values: [Double]) {
        precondition(values.count == grid.cellCount)
        self.grid = grid; self.values = values
    }
    /// Σ of every cell, summed row by row (the source integral).
    public var total: Double {
        var sum = 0.0
        for r in 0..<grid.height {
            var row = 0.0
            for c in 0..<grid.width { row += values[r * grid.width + c] }
            sum += row
        }
        return sum
    }
}
