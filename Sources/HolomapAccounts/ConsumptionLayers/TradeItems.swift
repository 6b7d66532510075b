import HolomapCore

/// The trade layers of a build, from an MRIO's trade accounts (`TradeAccounts`), in t CO2:
/// - embodied imports: D_imp of each country, spread by the consumption weight (where its
///   consumers live);
/// - embodied exports: each MRIO sector's exported emissions e_j = S_j x_j σ_j, gathered by the
///   IPCC sector the sector map gives it, E_g = Σ_{j→g} e_j, and spread like the country's fossil
///   CO2 production of that IPCC sector (codes g and below; `ConsumptionLayers.spreadItems`: all
///   gases outside land use when the inventory has no CO2): item e gets E_g × e / P_g. An IPCC
///   sector without fossil CO2 in the inventory has its E_g spread like all of the country's
///   fossil CO2 (named in the note); a country without any, by the consumption weight;
/// - net trade = imports − exports, which per country sums to D_cba − D_pba of the MRIO.
public enum TradeItems {
    public struct Note: Sendable, Equatable {
        public var year: Int
        public var iso3: String
        public var status: ConsumptionLayers.Note.Status
        /// t CO2; nil for a country that is not a region of the MRIO.
        public var imports: Double?, exports: Double?, consumption: Double?, territorial: Double?
        public var netTrade: Double? { imports.flatMap { i in exports.map { i - $0 } } }
        /// IPCC sectors whose exported CO2 found no fossil CO2 of theirs in the inventory.
        public var exportFallbacks: [String]
    }

    /// `tonnes`: tonnes of CO2 per unit of the MRIO's stressor. `sectorMap`: MRIO sector → IPCC
    /// sector code (every MRIO sector; checked by the caller). `production`: the inventory of the
    /// year. Regions that are not in `knownCountries` (RoW) are returned in `notCountries`.
    public static func items(_ trade: TradeAccounts, tonnes: Double, sectorMap: [String: String], year: Int, production: [Emission],
                             countries: Set<String>?, covered: Set<String>, knownCountries: Set<String>) throws
        -> (items: [GriddingItem], notes: [Note], notCountries: [String]) {
        let fossil = ConsumptionLayers.spreadItems(production).byCountry
        var items: [GriddingItem] = [], notes: [Note] = [], notCountries: [String] = [], seen = Set<String>()
        for (r, region) in trade.regions.enumerated() {
            guard knownCountries.contains(region) else { notCountries.append(region); continue }
            guard countries?.contains(region) ?? true else { continue }
            seen.insert(region)
            items.append(GriddingItem(iso3: region, quantity: .embodiedImports, value: trade.D_imp[r] * tonnes))
            var byIPCC: [String: Double] = [:]
            for (sector, value) in trade.exportsBySector(r) {
                guard let ipcc = sectorMap[sector] else { throw InputError.invalidArgument("MRIO sector \(sector) has no IPCC sector in the sector map") }
                byIPCC[ipcc, default: 0] += value * tonnes
            }
            let own = fossil[region] ?? []
            var shares: [String: Double] = [:], fallbacks: [String] = [], unplaced = 0.0
            for (ipcc, value) in byIPCC.sorted(by: { $0.key < $1.key }) {
                let inSector = own.filter { $0.sector == ipcc || $0.sector.hasPrefix(ipcc + ".") }
                let total = inSector.reduce(0) { $0 + $1.tonnesCO2e }
                guard total > 0 else { if value != 0 { fallbacks.append(ipcc); unplaced += value }; continue }
                for e in inSector { shares[e.sector, default: 0] += value * e.tonnesCO2e / total }
            }
            let all = own.reduce(0) { $0 + $1.tonnesCO2e }
            if unplaced != 0, all > 0 {
                for e in own { shares[e.sector, default: 0] += unplaced * e.tonnesCO2e / all }
            } else if unplaced != 0 {
                items.append(GriddingItem(iso3: region, quantity: .embodiedExports(sector: nil, negated: false), value: unplaced))
                items.append(GriddingItem(iso3: region, quantity: .embodiedExports(sector: nil, negated: true), value: -unplaced))
            }
            for sector in shares.keys.sorted() {
                items.append(GriddingItem(iso3: region, quantity: .embodiedExports(sector: sector, negated: false), value: shares[sector]!))
                items.append(GriddingItem(iso3: region, quantity: .embodiedExports(sector: sector, negated: true), value: -shares[sector]!))
            }
            notes.append(Note(year: year, iso3: region, status: covered.contains(region) ? .gridded : .notOnGrid,
                              imports: trade.D_imp[r] * tonnes, exports: trade.D_exp[r] * tonnes,
                              consumption: trade.D_cba[r] * tonnes, territorial: trade.D_pba[r] * tonnes, exportFallbacks: fallbacks))
        }
        // Bunker rows (AIR, SEA) are memo items of no country: never a country without an account.
        let producing = Set(production.filter { Sectors.byCode[$0.sector]?.isMemo != true && (countries?.contains($0.iso3) ?? true) }.map(\.iso3))
        for iso3 in producing.sorted() where !seen.contains(iso3) {
            notes.append(Note(year: year, iso3: iso3, status: .noAccount, imports: nil, exports: nil, consumption: nil, territorial: nil, exportFallbacks: []))
        }
        return (items, notes, notCountries)
    }
}
