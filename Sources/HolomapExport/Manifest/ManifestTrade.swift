/// The trade section of the manifest: an MRIO's embodied imports and exports per country, and
/// what the trade layers hold (docs/manifest.md#trade).
extension Manifest {
    public struct Trade: Codable, Sendable, Equatable {
        public init(path: String, format: String, stressor: String, unit: String, sectorMap: String, netTrade: String,
                    years: [TradeYear], notCountries: [String], countries: [TradeCountry]) {
            self.path = path; self.format = format; self.stressor = stressor; self.unit = unit; self.sectorMap = sectorMap
            self.netTrade = netTrade; self.years = years; self.notCountries = notCountries; self.countries = countries
        }
        public var path: String
        public var format: String
        /// The satellite rows summed as CO2.
        public var stressor: String
        public var unit: String
        public var sectorMap: String
        public var netTrade: String
        /// Per build year, which MRIO year's structure is used.
        public var years: [TradeYear]
        /// Regions of the table that are not countries (RoW): their trade is on no map.
        public var notCountries: [String]
        public var countries: [TradeCountry]
    }

    public struct TradeYear: Codable, Sendable, Equatable {
        public init(year: Int, mrioYear: Int?, emissions: String) { self.year = year; self.mrioYear = mrioYear; self.emissions = emissions }
        public var year: Int
        /// The table's year (its economic structure); null when the config does not give it.
        @ExplicitNull public var mrioYear: Int?
        public var emissions: String
    }

    public struct TradeCountry: Codable, Sendable, Equatable {
        public init(year: Int, iso3: String, status: String, embodiedImports: Double?, embodiedExports: Double?, consumptionCo2: Double?,
                    territorialCo2: Double?, netTrade: Double?, importsGridded: Double?, exportsGridded: Double?, exportFallbacks: [String]) {
            self.year = year; self.iso3 = iso3; self.status = status; self.embodiedImports = embodiedImports; self.embodiedExports = embodiedExports
            self.consumptionCo2 = consumptionCo2; self.territorialCo2 = territorialCo2; self.netTrade = netTrade
            self.importsGridded = importsGridded; self.exportsGridded = exportsGridded; self.exportFallbacks = exportFallbacks
        }
        public var year: Int
        public var iso3: String
        /// gridded, not_on_grid or no_account (not a region of the table: NoData in the trade layers).
        public var status: String
        /// t CO2: D_imp, D_exp, D_cba, D_pba of the MRIO and D_imp − D_exp (= D_cba − D_pba).
        @ExplicitNull public var embodiedImports: Double?
        @ExplicitNull public var embodiedExports: Double?
        @ExplicitNull public var consumptionCo2: Double?
        @ExplicitNull public var territorialCo2: Double?
        @ExplicitNull public var netTrade: Double?
        /// What the layers hold for the country.
        @ExplicitNull public var importsGridded: Double?
        @ExplicitNull public var exportsGridded: Double?
        /// IPCC sectors of the sector map whose exports found no fossil CO2 of theirs in the
        /// inventory and were spread like all of the country's fossil CO2.
        public var exportFallbacks: [String]
    }
}
