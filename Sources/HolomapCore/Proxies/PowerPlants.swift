/// CO2 per unit of electricity by fuel, from IPCC 2006 default CO2 factors (kg CO2/TJ) and
/// assumed thermal efficiencies.
public struct FuelFactors: Sendable {
    /// fuel (GPPD primary_fuel) → (kg CO2 per TJ fuel, efficiency)
    public var byFuel: [String: (kgPerTJ: Double, efficiency: Double)]

    public func tonnesPerGWh(fuel: String) -> Double? {
        guard let f = byFuel[fuel] else { return nil }
        return 3.6 / f.efficiency * f.kgPerTJ / 1000
    }

    /// CSV: fuel,co2_kg_per_tj,efficiency
    public static func parse(_ text: String, file: String) throws -> FuelFactors {
        var rows = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &rows, file: file)
        guard header.names == ["fuel", "co2_kg_per_tj", "efficiency"] else {
            throw InputError.malformedInput(file: file, place: "line 1", reason: "expected header fuel,co2_kg_per_tj,efficiency")
        }
        var out: [String: (Double, Double)] = [:]
        while let (line, f) = rows.next() {
            if isBlankRecord(f) { continue }
            guard f.count == 3, let ef = Double(f[1]), let eff = Double(f[2]), eff > 0, eff <= 1 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "expected fuel,kg CO2/TJ,efficiency in (0, 1]")
            }
            out[f[0]] = (ef, eff)
        }
        return FuelFactors(byFuel: out)
    }
}

/// A fossil power plant as a point-source weight: where it is (WGS 84) and its estimated CO2.
public struct PowerPlant: Sendable, Equatable {
    public var country: String
    public var longitude: Double
    public var latitude: Double
    /// Estimated t CO2 per year: the weight it gets among its country's plants.
    public var weight: Double
}

public enum PowerPlants {
    /// Fossil plants of a WRI GPPD table: estimated generation (GWh) × 3.6 TJ/GWh ÷ thermal
    /// efficiency × IPCC 2006 default CO2 factor of the fuel (t CO2). Plants without a
    /// generation estimate use capacity × 8,760 h × 0.5; plants of other fuels are left out.
    public static func parse(_ text: String, file: String, factors: FuelFactors) throws -> [PowerPlant] {
        var rows = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &rows, file: file,
                                   needs: ["country", "latitude", "longitude", "primary_fuel", "capacity_mw", "estimated_generation_gwh"])
        var out: [PowerPlant] = []
        while let (line, f) = rows.next() {
            guard f.count >= header.count else { continue }
            guard let factor = factors.tonnesPerGWh(fuel: header.field("primary_fuel", in: f)) else { continue }  // not fossil
            guard let x = Double(header.field("longitude", in: f)), let y = Double(header.field("latitude", in: f)) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "latitude/longitude not numbers")
            }
            let generation = Double(header.field("estimated_generation_gwh", in: f))
                ?? (Double(header.field("capacity_mw", in: f)).map { $0 * 8.76 * 0.5 } ?? 0)
            guard generation > 0 else { continue }
            out.append(PowerPlant(country: header.field("country", in: f), longitude: x, latitude: y, weight: generation * factor))
        }
        return out
    }

    /// Plant weights by country and grid cell. `x`, `y`: the plants' coordinates in the grid's
    /// CRS (their longitudes and latitudes on a lat/lon grid). Plants outside the grid, or where the
    /// projection is undefined, are left out.
    public static func cellWeights(_ plants: [PowerPlant], x: [Double], y: [Double], grid: Grid) -> [String: [(cell: Int, weight: Double)]] {
        var out: [String: [(cell: Int, weight: Double)]] = [:]
        for (k, plant) in plants.enumerated() where x[k].isFinite && y[k].isFinite {
            let col = Int(grid.column(ofX: x[k]).rounded(.down)), row = Int(grid.row(ofY: y[k]).rounded(.down))
            guard col >= 0, col < grid.width, row >= 0, row < grid.height else { continue }
            out[plant.country, default: []].append((row * grid.width + col, plant.weight))
        }
        return out
    }
}
