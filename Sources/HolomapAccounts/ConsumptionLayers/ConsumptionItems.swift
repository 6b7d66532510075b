import HolomapCore

/// The consumption layers of a build: a country's published consumption-based CO2, spread where
/// its consumers live, and consumption − territorial (both published), which compares two
/// national totals; trade itself is mapped from an MRIO (`TradeItems`).
public enum ConsumptionLayers {
    /// What the consumption side holds for one country and year.
    public struct Note: Sendable, Equatable {
        public enum Status: String, Sendable { case gridded, notOnGrid = "not_on_grid", noAccount = "no_account" }
        public var year: Int
        public var iso3: String
        public var status: Status
        /// t CO2; nil without an account.
        public var territorial: Double?
        public var consumption: Double?
        /// consumption − territorial (the consumption_minus_production layer's amount).
        public var difference: Double? { consumption.flatMap { c in territorial.map { c - $0 } } }
        /// How the territorial part of the difference is spread (nil without an account).
        public var territorialSpread: String?
        /// What the production_co2 layer holds for the country (nil without an account).
        public enum ProductionCO2: String, Sendable { case inventory, publishedTerritorial = "published_territorial" }
        public var productionCO2: ProductionCO2? = nil
    }

    /// Consumption items for one year (t CO2, spread by the consumption weight) and, for the
    /// consumption_minus_production layer, the published territorial CO2 with a minus sign spread
    /// like the country's fossil CO2 production: each item e of `spreadItems` (fossil CO2; all
    /// gases outside land use when the inventory has no CO2 of its own; never land use, whose
    /// removals would make the scale explode) gives −e × T_c / P_c (P_c: Σ of those items). Per
    /// country the layer then sums to consumption − territorial, as published. A country without
    /// such items has its territorial CO2 spread by the consumption weight.
    ///
    /// `records`: the published accounts of the year, Mt CO2. Returns the items and one note per
    /// country (those with an account, then those with production but no account); no items
    /// when none of `countries` has an account.
    public static func items(_ records: [Adjustments.Record], path: String, year: Int, production: [Emission], countries: Set<String>?,
                             covered: Set<String>) throws -> (items: [GriddingItem], notes: [Note]) {
        let producing = production.filter { Sectors.byCode[$0.sector]?.isMemo != true }
        let (fossil, allGases) = spreadItems(production)
        let byCountry = Dictionary(grouping: producing, by: \.iso3)
        var out: [GriddingItem] = [], notes: [Note] = [], seen = Set<String>()
        for r in records {
            guard let iso3 = r.iso3, countries?.contains(iso3) ?? true, let t = r.territorial, let c = r.consumption, !seen.contains(iso3) else { continue }
            seen.insert(iso3)
            let territorial = t * 1e6, consumption = c * 1e6
            out.append(GriddingItem(iso3: iso3, quantity: .consumption, value: consumption))
            let items = fossil[iso3] ?? []
            let total = items.reduce(0) { $0 + $1.tonnesCO2e }
            if total > 0 {
                for e in items {
                    let share = e.tonnesCO2e * territorial / total
                    out.append(GriddingItem(iso3: iso3, quantity: .territorial(sector: e.sector, gas: e.gas), value: -share))
                    if allGases.contains(iso3) { out.append(GriddingItem(iso3: iso3, quantity: .publishedTerritorial(sector: e.sector, gas: e.gas), value: share)) }
                }
            } else {
                out.append(GriddingItem(iso3: iso3, quantity: .territorial(sector: nil, gas: "CO2"), value: -territorial))
                out.append(GriddingItem(iso3: iso3, quantity: .publishedTerritorial(sector: nil, gas: "CO2"), value: territorial))
            }
            // Without CO2 of its own the country's production CO2 is the account's territorial CO2,
            // spread alike, so consumption − production_co2 = consumption_minus_production exactly.
            let basis: Note.ProductionCO2 = total > 0 && !allGases.contains(iso3) ? .inventory : .publishedTerritorial
            let onGrid = covered.contains(iso3)
            notes.append(Note(year: year, iso3: iso3, status: onGrid ? .gridded : .notOnGrid,
                              territorial: territorial, consumption: consumption,
                              territorialSpread: !onGrid ? nil : total <= 0 ? "by the consumption weight (no production outside land use in the inventory)"
                                : allGases.contains(iso3) ? "like the country's production outside land use, all gases (the inventory has no CO2 of its own)"
                                : "like the country's fossil CO2 production", productionCO2: basis))
        }
        for iso3 in byCountry.keys.sorted() where !seen.contains(iso3) {
            notes.append(Note(year: year, iso3: iso3, status: .noAccount, territorial: nil, consumption: nil, territorialSpread: nil))
        }
        // A file without any account for the year is the wrong file; a build of countries that
        // have none goes on without consumption layers, its countries noted as no_account.
        guard records.contains(where: { $0.iso3 != nil && $0.territorial != nil && $0.consumption != nil }) else {
            throw InputError.malformedInput(file: path, place: "", reason: "no consumption values for year \(year)")
        }
        return (out, notes)
    }
}

extension ConsumptionLayers {
    /// The production items a country's CO2 is spread like, by country: its fossil CO2 items
    /// (`Quantity.isFossilCO2`); for a country whose inventory has no CO2 of its own (an all-GHG
    /// aggregate such as EDGAR v7 by sector), its items outside land use (IPCC 3) of any gas,
    /// named in `allGases`. Memo items never.
    public static func spreadItems(_ production: [Emission]) -> (byCountry: [String: [Emission]], allGases: Set<String>) {
        let kept = production.filter { e in
            Sectors.byCode[e.sector]?.isMemo != true && e.sector != "3" && !e.sector.hasPrefix("3.")
        }
        var out: [String: [Emission]] = [:], allGases = Set<String>()
        for (iso3, items) in Dictionary(grouping: kept, by: \.iso3) {
            let co2 = items.filter { $0.gas == "CO2" }
            if co2.isEmpty { allGases.insert(iso3) }
            out[iso3] = (co2.isEmpty ? items : co2).sorted { ($0.sector, $0.gas) < ($1.sector, $1.gas) }
        }
        return (out, allGases)
    }
}
