/// CO2 per unit of electricity by fuel, from IPCC 2006 default CO2 factors (kg CO2/TJ) and
/// assumed net thermal efficiencies, and the generation statistics' fuel each plant fuel counts
/// under (Ember/OWID report coal, gas and oil).
public struct FuelFactors: Sendable {
    public struct Factor: Sendable, Equatable {
        public var kgPerTJ: Double
        public var efficiency: Double
        /// The fuel of the generation statistics (`coal`, `gas`, `oil`) this plant fuel counts under.
        public var generationFuel: String
        /// t CO2 per GWh of electricity: 3.6 TJ/GWh ÷ efficiency × kg CO2/TJ ÷ 1000.
        public var tonnesPerGWh: Double { 3.6 / efficiency * kgPerTJ / 1000 }
    }

    /// fuel (GPPD primary_fuel) → factor
    public var byFuel: [String: Factor]

    public init(byFuel: [String: Factor]) { self.byFuel = byFuel }

    public func tonnesPerGWh(fuel: String) -> Double? { byFuel[fuel]?.tonnesPerGWh }

    /// t CO2 per GWh of a generation fuel: the factor of the plant fuel of the same name (`Coal`
    /// for `coal`), else the mean of the plant fuels counted under it.
    public func tonnesPerGWh(generationFuel: String) -> Double? {
        if let same = byFuel.first(where: { $0.key.lowercased() == generationFuel })?.value { return same.tonnesPerGWh }
        let members = byFuel.values.filter { $0.generationFuel == generationFuel }
        return members.isEmpty ? nil : members.reduce(0) { $0 + $1.tonnesPerGWh } / Double(members.count)
    }

    /// CSV: fuel,co2_kg_per_tj,efficiency[,generation_fuel]; without the fourth column a fuel
    /// counts under its own lower-cased name.
    public static func parse(_ text: String, file: String) throws -> FuelFactors {
        var rows = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &rows, file: file)
        let withGroup = header.names == ["fuel", "co2_kg_per_tj", "efficiency", "generation_fuel"]
        guard withGroup || header.names == ["fuel", "co2_kg_per_tj", "efficiency"] else {
            throw InputError.malformedInput(file: file, place: "line 1", reason: "expected header fuel,co2_kg_per_tj,efficiency[,generation_fuel]")
        }
        var out: [String: Factor] = [:]
        while let (line, f) = rows.next() {
            if isBlankRecord(f) { continue }
            guard f.count == header.count, let ef = Double(f[1]), ef >= 0, let eff = Double(f[2]), eff > 0, eff <= 1 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "expected fuel,kg CO2/TJ ≥ 0,efficiency in (0, 1]\(withGroup ? ",generation fuel" : "")")
            }
            let group = withGroup ? f[3].lowercased() : f[0].lowercased()
            guard !group.isEmpty else { throw InputError.malformedInput(file: file, place: "line \(line)", reason: "empty generation_fuel") }
            out[f[0]] = Factor(kgPerTJ: ef, efficiency: eff, generationFuel: group)
        }
        return FuelFactors(byFuel: out)
    }
}

/// A fossil power plant of a WRI GPPD table.
public struct PowerPlant: Sendable, Equatable {
    public var id: String
    public var name: String
    public var country: String
    /// GPPD primary_fuel.
    public var fuel: String
    public var longitude: Double
    public var latitude: Double
    public var capacityMW: Double
    /// WRI's modelled generation (GWh per year, for 2017), nil when absent.
    public var estimatedGWh: Double?
    /// Capacity-weighted commissioning year (may be fractional), nil when unknown.
    public var commissioningYear: Double?

    public init(id: String, name: String, country: String, fuel: String, longitude: Double, latitude: Double, capacityMW: Double,
                estimatedGWh: Double? = nil, commissioningYear: Double? = nil) {
        self.id = id; self.name = name; self.country = country; self.fuel = fuel; self.longitude = longitude; self.latitude = latitude
        self.capacityMW = capacityMW; self.estimatedGWh = estimatedGWh; self.commissioningYear = commissioningYear
    }

    /// Generation at full load all year, GWh.
    public var fullLoadGWh: Double { capacityMW * 8.76 }

    /// Running in `year`: commissioned in or before it (a fractional year counts from its
    /// integer part), or commissioning unknown.
    public func isRunning(in year: Int) -> Bool { commissioningYear.map { Int($0.rounded(.down)) <= year } ?? true }
}

public enum PowerPlants {
    /// GPPD codes that are not ISO 3166: Kosovo is KOS there, XKX in the boundaries.
    static let gppdAliases = ["KOS": "XKX"]

    /// Fossil plants (fuels in `factors`) of a WRI GPPD table. Needs country, latitude,
    /// longitude, primary_fuel, capacity_mw, estimated_generation_gwh; reads gppd_idnr, name and
    /// commissioning_year when present. A bad number is an error naming the line.
    public static func parse(_ text: String, file: String, factors: FuelFactors) throws -> [PowerPlant] {
        var rows = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &rows, file: file,
                                   needs: ["country", "latitude", "longitude", "primary_fuel", "capacity_mw", "estimated_generation_gwh"])
        func optional(_ name: String, _ f: [String]) -> String { header[name].map { f[$0] } ?? "" }
        var out: [PowerPlant] = []
        while let (line, f) = rows.next() {
            if isBlankRecord(f) { continue }
            guard f.count >= header.count else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "\(f.count) fields, header has \(header.count)")
            }
            let fuel = header.field("primary_fuel", in: f)
            guard factors.byFuel[fuel] != nil else { continue }  // not fossil
            guard let x = Double(header.field("longitude", in: f)), let y = Double(header.field("latitude", in: f)),
                  (-180...180).contains(x), (-90...90).contains(y) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "latitude/longitude not numbers in range")
            }
            guard let capacity = Double(header.field("capacity_mw", in: f)), capacity >= 0 else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "capacity_mw is not a number ≥ 0")
            }
            let estimateField = header.field("estimated_generation_gwh", in: f), yearField = optional("commissioning_year", f)
            let estimate = Double(estimateField), commissioned = Double(yearField)
            guard estimateField.isEmpty || estimate != nil, yearField.isEmpty || commissioned != nil else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "estimated_generation_gwh or commissioning_year is not a number")
            }
            let id = optional("gppd_idnr", f)
            let code = header.field("country", in: f)
            out.append(PowerPlant(id: id.isEmpty ? "line \(line)" : id, name: optional("name", f), country: gppdAliases[code] ?? code,
                                  fuel: fuel, longitude: x, latitude: y, capacityMW: capacity, estimatedGWh: estimate, commissioningYear: commissioned))
        }
        return out
    }
}
