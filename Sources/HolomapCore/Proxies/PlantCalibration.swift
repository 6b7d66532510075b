/// Each plant's generation and CO2 in one year: the weight it gets among its country's plants.
///
/// With national generation by fuel (`GenerationTable`), per country c and fuel g the running
/// plants of g share G(c, g): plant i gets gᵢ = min(0.95 Kᵢ, λ rᵢ) with Σ gᵢ = G(c, g), where Kᵢ is
/// its full-load generation (capacity × 8,760 h) and rᵢ its relative weight, WRI's estimate when
/// that is plausible (capacity factor ≤ 0.95) or else Kᵢ × G(c, g) / Σ K (the national fleet's
/// capacity factor). Generation that the plants of g cannot hold at 0.95 goes to the country's
/// other running fossil plants in proportion to their headroom (dual-fuel and mislabelled units);
/// what still remains is a shortfall (listed). A country without figures for the year uses its
/// latest earlier year's (the fuel mix, not the world's); a country × fuel without any national
/// figure uses the world fleet's capacity factor of g that year. Without a generation table: WRI's estimate
/// when plausible, else capacity × 8,760 h × 0.5, capped at 0.95.
/// CO2 = generation × t CO2/GWh of the fuel (`FuelFactors`). Plants commissioned after the year
/// are left out.
public enum PlantCalibration {
    public static let maximumCapacityFactor = 0.95
    /// Capacity factor without any generation statistics.
    public static let defaultCapacityFactor = 0.5

    public enum Basis: String, Sendable, CaseIterable {
        /// WRI's estimate scaled to the national generation of the fuel.
        case estimateScaled = "estimate_scaled"
        /// The national fleet's capacity factor (no plausible estimate).
        case fleet
        /// The world fleet's capacity factor of the fuel (no national figure).
        case world
        /// No national figure for the fuel (or no table): WRI's plausible estimate as given.
        case estimate
        /// No generation table and no plausible estimate: 0.5.
        case flat
    }

    public struct Plant: Sendable, Equatable {
        /// Index into the input plants.
        public var index: Int
        public var generationGWh: Double
        /// t CO2 per year.
        public var weight: Double
        public var basis: Basis
        /// WRI's estimate was above 0.95 of full load (replaced).
        public var estimateImplausible: Bool
        /// Held at 0.95 by the sharing.
        public var capped: Bool
    }

    public struct Country: Sendable, Equatable {
        public var iso3: String
        public var running: Int
        /// Plants commissioned after the year.
        public var notYetBuilt: Int
        public var notYetBuiltMW: Double
        public var generationGWh: Double
        /// National generation of the fuels the table gives, GWh; nil without an entry.
        public var statisticsGWh: Double?
        /// The year of those statistics (the year itself or the latest earlier one); nil without.
        public var statisticsYear: Int?
        /// Generation moved from a fuel's plants to the country's other plants, GWh.
        public var spilledGWh: Double
        /// Generation no running plant could hold at 0.95, GWh.
        public var shortfallGWh: Double
        /// Σ plant CO2, t.
        public var plantCO2: Double
        /// The table's power-sector CO2, t.
        public var powerCO2: Double?
        /// Its part from fossil generation, t (nil when the table has none).
        public var fossilPowerCO2: Double?
    }

    public struct Result: Sendable, Equatable {
        public var year: Int
        public var plants: [Plant]
        public var countries: [Country]
        /// World fleet capacity factor by generation fuel (nil without a table).
        public var worldCapacityFactors: [String: Double]
    }

    public static func calibrate(_ plants: [PowerPlant], year: Int, factors: FuelFactors, generation: GenerationTable?) -> Result {
        let running = plants.indices.filter { plants[$0].isRunning(in: year) }
        let byCountry = Dictionary(grouping: running, by: { plants[$0].country })
        let group = { (i: Int) in factors.byFuel[plants[i].fuel]!.generationFuel }
        var world: [String: Double] = [:]
        if let generation {
            var gwh: [String: Double] = [:], full: [String: Double] = [:]
            // Sorted, so the sums never depend on a dictionary's order.
            for iso3 in byCountry.keys.sorted() {
                guard let entry = generation.latest(iso3, atOrBefore: year)?.entry else { continue }
                let idx = byCountry[iso3]!
                for (fuel, g) in entry.gwh.sorted(by: { $0.key < $1.key }) {
                    let members = idx.filter { group($0) == fuel }
                    guard !members.isEmpty else { continue }
                    gwh[fuel, default: 0] += g
                    full[fuel, default: 0] += members.reduce(0) { $0 + plants[$1].fullLoadGWh }
                }
            }
            for (fuel, k) in full where k > 0 { world[fuel] = gwh[fuel, default: 0] / k }
        }
        var out: [Plant] = [], countries: [Country] = []
        let notYet = Dictionary(grouping: plants.indices.filter { !plants[$0].isRunning(in: year) }, by: { plants[$0].country })
        for iso3 in Set(byCountry.keys).union(notYet.keys).sorted() {
            let idx = byCountry[iso3] ?? []
            var share = CountryShare(plants: idx.map { plants[$0] }, factors: factors)
            let found = generation?.latest(iso3, atOrBefore: year), entry = found?.entry
            var spilled = 0.0, shortfall = 0.0
            if generation != nil {
                var remainders: [(String, Double)] = []
                let fuels = Set(idx.map(group)).union(entry?.gwh.keys.map { $0 } ?? []).sorted()
                for fuel in fuels {
                    let members = idx.indices.filter { group(idx[$0]) == fuel }
                    if let target = entry?.gwh[fuel] {
                        let left = share.share(target, among: members)
                        if left > 0 { remainders.append((fuel, left)) }
                    } else {
                        share.fixedFactor(world[fuel] ?? defaultCapacityFactor, among: members, basis: .world)
                    }
                }
                for (fuel, left) in remainders {
                    let rest = share.spill(left, fuel: fuel)
                    spilled += left - rest; shortfall += rest
                }
            } else {
                share.fixedFactor(defaultCapacityFactor, among: Array(idx.indices), basis: .flat)
            }
            for (k, i) in idx.enumerated() {
                out.append(Plant(index: i, generationGWh: share.generation[k], weight: share.weight[k], basis: share.basis[k],
                                 estimateImplausible: share.implausible[k], capped: share.capped[k]))
            }
            let late = notYet[iso3] ?? []
            countries.append(Country(iso3: iso3, running: idx.count, notYetBuilt: late.count, notYetBuiltMW: late.reduce(0) { $0 + plants[$1].capacityMW },
                                     generationGWh: share.generation.reduce(0, +), statisticsGWh: entry.map { e in e.gwh.keys.sorted().reduce(0) { $0 + e.gwh[$1]! } },
                                     statisticsYear: found?.year,
                                     spilledGWh: spilled, shortfallGWh: shortfall, plantCO2: share.weight.reduce(0, +), powerCO2: found?.year == year ? entry?.powerCO2 : nil,
                                     fossilPowerCO2: found?.year == year ? entry?.fossilCO2 : nil))
        }
        out.sort { $0.index < $1.index }
        return Result(year: year, plants: out, countries: countries, worldCapacityFactors: world)
    }
}

/// The running plants of one country while their generation is shared out.
struct CountryShare {
    let plants: [PowerPlant]
    let factors: FuelFactors
    var generation: [Double], weight: [Double], basis: [PlantCalibration.Basis], implausible: [Bool], capped: [Bool]

    init(plants: [PowerPlant], factors: FuelFactors) {
        self.plants = plants; self.factors = factors
        generation = Array(repeating: 0, count: plants.count); weight = generation
        basis = Array(repeating: .flat, count: plants.count); capped = Array(repeating: false, count: plants.count)
        implausible = plants.map { p in p.estimatedGWh.map { $0 < 0 || $0 > PlantCalibration.maximumCapacityFactor * p.fullLoadGWh } ?? false }
    }

    func cap(_ k: Int) -> Double { PlantCalibration.maximumCapacityFactor * plants[k].fullLoadGWh }
    func plausibleEstimate(_ k: Int) -> Double? { implausible[k] ? nil : plants[k].estimatedGWh }

    mutating func add(_ gwh: Double, to k: Int, tonnesPerGWh: Double) {
        generation[k] += gwh; weight[k] += gwh * tonnesPerGWh
    }

    /// Every member at its plausible estimate, else at capacity factor `cf` (≤ 0.95).
    mutating func fixedFactor(_ cf: Double, among members: [Int], basis fallback: PlantCalibration.Basis) {
        for k in members {
            let estimate = plausibleEstimate(k)
            let gwh = estimate ?? min(cf, PlantCalibration.maximumCapacityFactor) * plants[k].fullLoadGWh
            basis[k] = estimate != nil ? .estimate : fallback
            add(gwh, to: k, tonnesPerGWh: factors.tonnesPerGWh(fuel: plants[k].fuel)!)
        }
    }

    /// Shares `target` GWh among `members` (all of one fuel, none used yet); returns what they
    /// cannot hold.
    mutating func share(_ target: Double, among members: [Int]) -> Double {
        let full = members.reduce(0) { $0 + plants[$1].fullLoadGWh }
        let relative = members.map { k in plausibleEstimate(k) ?? (full > 0 ? plants[k].fullLoadGWh * target / full : 0) }
        let gwh = Self.waterFill(target, relative: relative, caps: members.map(cap))
        for (j, k) in members.enumerated() {
            basis[k] = plausibleEstimate(k) != nil ? .estimateScaled : .fleet
            capped[k] = gwh[j] >= cap(k) * (1 - 1e-12) && cap(k) > 0
            add(gwh[j], to: k, tonnesPerGWh: factors.tonnesPerGWh(fuel: plants[k].fuel)!)
        }
        return max(0, target - gwh.reduce(0, +))
    }

    /// Shares `target` GWh of `fuel` among all plants in proportion to their headroom; returns
    /// what they cannot hold.
    mutating func spill(_ target: Double, fuel: String) -> Double {
        let headroom = plants.indices.map { max(0, cap($0) - generation[$0]) }
        let gwh = Self.waterFill(target, relative: headroom, caps: headroom)
        let factor = factors.tonnesPerGWh(generationFuel: fuel) ?? 0
        for k in plants.indices where gwh[k] > 0 { add(gwh[k], to: k, tonnesPerGWh: factor) }
        return max(0, target - gwh.reduce(0, +))
    }

    /// gᵢ = min(capᵢ, λ rᵢ) with Σ g = target, or every g at its cap when they cannot hold it.
    static func waterFill(_ target: Double, relative: [Double], caps: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: relative.count)
        var free = Array(relative.indices), fixed = 0.0
        while !free.isEmpty {
            let sum = free.reduce(0) { $0 + relative[$1] }
            guard sum > 0, target - fixed > 0 else { break }
            let lambda = (target - fixed) / sum
            let over = free.filter { relative[$0] * lambda > caps[$0] }
            if over.isEmpty { for i in free { out[i] = relative[i] * lambda }; break }
            for i in over { out[i] = caps[i]; fixed += caps[i] }
            free.removeAll { relative[$0] * lambda > caps[$0] }
        }
        return out
    }
}
