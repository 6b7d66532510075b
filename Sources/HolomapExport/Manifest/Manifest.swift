import Foundation
import HolomapCore

/// `manifest.json` of a build: what went in (inputs with checksums, GWP set, grid), what came
/// out (files, layers, country ids) and the ledger of every tonne (totals, fallbacks,
/// unallocated amounts). Documented in docs/manifest.md; `docs/manifest.schema.json` is its
/// JSON Schema. Keys are snake_case; every entry of a list has the same keys (a value that does
/// not apply is null: its property is `@ExplicitNull`); paths are relative to the config's folder
/// (the bundle), absolute only for files outside it. A section left out (`trade`, `tiles`…) is
/// a plain optional of `Manifest` itself.
public struct Manifest: Codable, Sendable, Equatable {
    /// Semantic version of this layout: the major number changes when a key changes meaning or
    /// goes away.
    public static let currentSchemaVersion = "3.2.0"

    public var schemaVersion: String = Manifest.currentSchemaVersion
    public var software: Software
    public var config: FileRecord
    public var years: [Int]
    public var grid: GridRecord
    /// GWP100 values used to convert gases to CO2e (a column of the GWP table).
    public var gwp: String
    public var inputs: [Input]
    public var outputs: [Output]
    public var layers: [LayerRecord]
    /// Values of the majority-country layer (country.tif, country_id in the NetCDF); 0 is none.
    public var countryIds: [CountryID]
    public var summary: [YearSummary]
    public var production: Production
    public var consumption: Consumption?
    public var fallbacks: [FallbackRecord]
    public var composites: [Composite]
    public var unallocated: [UnallocatedRecord]
    public var skippedRows: [SkippedRows]
    public var tiles: Tiles?
    /// How the power plants were weighed (ManifestChecks.swift); nil without plants.
    public var powerPlants: PowerPlantsRecord? = nil
    /// The population proxy (ManifestChecks.swift); nil without one.
    public var population: PopulationRecord? = nil
    /// Plausibility checks of the run; a failed one is also a warning on stderr.
    public var checks: [Check] = []
    /// Embodied trade from an MRIO (ManifestTrade.swift); left out without one.
    public var trade: Trade? = nil
    /// The inventory's GWP basis and the set of the outputs (ManifestBunkers.swift).
    public var gwpBasis: GWPBasisRecord? = nil
    /// International bunkers (ManifestBunkers.swift); left out without a bunker proxy.
    public var bunkers: BunkersRecord? = nil
    /// An aggregated sector split by national shares (ManifestSplit.swift); left out without one.
    public var sectorSplit: [SectorSplitRecord]? = nil
    /// Airports and ports as proxies of domestic transport (ManifestSites.swift); left out without them.
    public var sites: [SiteRecord]? = nil
    /// Natural sources and sinks (ManifestNatural.swift); left out without a natural section.
    public var natural: NaturalRecord? = nil

    public init(software: Software, config: FileRecord, years: [Int], grid: GridRecord, gwp: String, inputs: [Input], outputs: [Output], layers: [LayerRecord], countryIds: [CountryID], summary: [YearSummary], production: Production, consumption: Consumption?, fallbacks: [FallbackRecord], composites: [Composite], unallocated: [UnallocatedRecord], skippedRows: [SkippedRows], tiles: Tiles?) {
        self.software = software; self.config = config; self.years = years; self.grid = grid; self.gwp = gwp; self.inputs = inputs; self.outputs = outputs; self.layers = layers; self.countryIds = countryIds; self.summary = summary; self.production = production; self.consumption = consumption; self.fallbacks = fallbacks; self.composites = composites; self.unallocated = unallocated; self.skippedRows = skippedRows; self.tiles = tiles
    }

    public struct Software: Codable, Sendable, Equatable {
        public init(holomap: String, gdal: String, proj: String, netcdf: String, libpng: String, zstd: String) { self.holomap = holomap; self.gdal = gdal; self.proj = proj; self.netcdf = netcdf; self.libpng = libpng; self.zstd = zstd }
        public var holomap: String
        public var gdal: String, proj: String, netcdf: String, libpng: String, zstd: String
    }

    public struct FileRecord: Codable, Sendable, Equatable {
        public init(path: String, sha256: String) { self.path = path; self.sha256 = sha256 }
        /// Relative to the config's folder; absolute for files outside it.
        public var path: String
        public var sha256: String
    }

    public struct GridRecord: Codable, Sendable, Equatable {
        public init(name: String, crs: String, width: Int, height: Int, geotransform: [Double]) { self.name = name; self.crs = crs; self.width = width; self.height = height; self.geotransform = geotransform }
        public var name: String
        public var crs: String
        public var width: Int, height: Int
        /// GDAL order: origin x, pixel width, 0, origin y, 0, pixel height (negative).
        public var geotransform: [Double]
    }

    public struct Input: Codable, Sendable, Equatable {
        public init(role: String, path: String, sha256: String) { self.role = role; self.path = path; self.sha256 = sha256 }
        public var role: String
        public var path: String
        public var sha256: String
    }

    public struct Output: Codable, Sendable, Equatable {
        public init(path: String, format: String, content: String, years: [Int]) { self.path = path; self.format = format; self.content = content; self.years = years }
        /// Relative to the output folder.
        public var path: String
        /// cog, netcdf, tiles or manifest.
        public var format: String
        /// What it holds: "layers", "majority country", "layers and majority country", "tiles and viewer", "this manifest".
        public var content: String
        /// The years it holds.
        public var years: [Int]
    }

    public struct LayerRecord: Codable, Sendable, Equatable {
        public init(code: String, name: String, kind: String, basis: String, massUnit: String, fluxUnit: String, palette: String, inCog: Bool) { self.code = code; self.name = name; self.kind = kind; self.basis = basis; self.massUnit = massUnit; self.fluxUnit = fluxUnit; self.palette = palette; self.inCog = inCog }
        /// Band description, NetCDF variable stem (`mass_…`, `flux_…`), tile folder.
        public var code: String
        public var name: String
        /// sector, total, gas_total, production_co2, consumption, consumption_minus_production,
        /// embodied_imports, embodied_exports or net_trade.
        public var kind: String
        /// CO2e (the run's GWP set) or CO2.
        public var basis: String
        public var massUnit: String
        public var fluxUnit: String
        public var palette: String
        /// Whether the layer is a band of the COG (the NetCDF has every layer).
        public var inCog: Bool
    }

    public struct CountryID: Codable, Sendable, Equatable {
        public init(id: Int, iso3: String) { self.id = id; self.iso3 = iso3 }
        public var id: Int
        public var iso3: String
    }

    /// Totals of one year: inventory input, what the grid holds, what was left off it.
    public struct YearSummary: Codable, Sendable, Equatable {
        public init(year: Int, countries: Int, productionInput: Double, productionGridded: Double, productionUnallocated: Double, maxRelativeError: Double, fallbacks: Int, consumptionInput: Double?, consumptionGridded: Double?, consumptionMinusProductionInput: Double?, consumptionMinusProductionGridded: Double?) { self.year = year; self.countries = countries; self.productionInput = productionInput; self.productionGridded = productionGridded; self.productionUnallocated = productionUnallocated; self.maxRelativeError = maxRelativeError; self.fallbacks = fallbacks; self.consumptionInput = consumptionInput; self.consumptionGridded = consumptionGridded; self.consumptionMinusProductionInput = consumptionMinusProductionInput; self.consumptionMinusProductionGridded = consumptionMinusProductionGridded }
        public var year: Int
        public var countries: Int
        /// t CO2e
        public var productionInput: Double
        public var productionGridded: Double
        public var productionUnallocated: Double
        /// Largest |gridded − input| / |input| over every country × quantity (production and consumption side).
        public var maxRelativeError: Double
        public var fallbacks: Int
        /// t CO2; null without a consumption account.
        @ExplicitNull public var consumptionInput: Double?
        @ExplicitNull public var consumptionGridded: Double?
        @ExplicitNull public var consumptionMinusProductionInput: Double?
        @ExplicitNull public var consumptionMinusProductionGridded: Double?
    }

    /// The production-side ledger: per year, country, IPCC sector and gas (t CO2e). Summing the
    /// list counts every tonne once.
    public struct Production: Codable, Sendable, Equatable {
        public init(unit: String, totals: [ProductionTotal]) { self.unit = unit; self.totals = totals }
        public var unit: String
        public var totals: [ProductionTotal]
    }

    public struct ProductionTotal: Codable, Sendable, Equatable {
        public init(year: Int, iso3: String, sector: String, gas: String, input: Double, gridded: Double) { self.year = year; self.iso3 = iso3; self.sector = sector; self.gas = gas; self.input = input; self.gridded = gridded }
        public var year: Int
        public var iso3: String
        public var sector: String
        public var gas: String
        public var input: Double
        public var gridded: Double
    }

    /// The consumption side: published accounts per country, and what the layers hold.
    public struct Consumption: Codable, Sendable, Equatable {
        public init(source: String, path: String, weight: String, unit: String, consumptionMinusProduction: String, countries: [ConsumptionCountry]) { self.source = source; self.path = path; self.weight = weight; self.unit = unit; self.consumptionMinusProduction = consumptionMinusProduction; self.countries = countries }
        public var source: String
        public var path: String
        /// population or income
        public var weight: String
        public var unit: String
        /// Definition and sign of consumption_minus_production.
        public var consumptionMinusProduction: String
        public var countries: [ConsumptionCountry]
    }

    public struct ConsumptionCountry: Codable, Sendable, Equatable {
        public init(year: Int, iso3: String, status: String, territorialCo2: Double?, consumptionCo2: Double?, consumptionMinusProduction: Double?, territorialSpread: String?, productionCo2: String?, consumptionGridded: Double?, consumptionMinusProductionGridded: Double?, productionCo2Gridded: Double?) { self.year = year; self.iso3 = iso3; self.status = status; self.territorialCo2 = territorialCo2; self.consumptionCo2 = consumptionCo2; self.consumptionMinusProduction = consumptionMinusProduction; self.territorialSpread = territorialSpread; self.productionCo2 = productionCo2; self.consumptionGridded = consumptionGridded; self.consumptionMinusProductionGridded = consumptionMinusProductionGridded; self.productionCo2Gridded = productionCo2Gridded }
        public var year: Int
        public var iso3: String
        /// gridded; not_on_grid (an account but no cell: left off the map, in `unallocated`);
        /// no_account (production but no published account: nothing in these layers).
        public var status: String
        @ExplicitNull public var territorialCo2: Double?
        @ExplicitNull public var consumptionCo2: Double?
        @ExplicitNull public var consumptionMinusProduction: Double?
        /// What the production_co2 layer holds for the country: `inventory` (its own fossil CO2) or
        /// `published_territorial` (the account's territorial CO2, the inventory having no CO2); null without an account.
        @ExplicitNull public var productionCo2: String?
        /// How the territorial part of consumption_minus_production is spread.
        @ExplicitNull public var territorialSpread: String?
        @ExplicitNull public var consumptionGridded: Double?
        @ExplicitNull public var consumptionMinusProductionGridded: Double?
        /// What the production_co2 layer holds for the country.
        @ExplicitNull public var productionCo2Gridded: Double?
    }

    /// What a gridded amount is: account (production, consumption or territorial), IPCC sector
    /// (null for the consumption side) and gas.
    public struct QuantityRecord: Codable, Sendable, Equatable {
        public var account: String
        @ExplicitNull public var sector: String?
        public var gas: String

        public init(_ quantity: Quantity) {
            switch quantity {
            case .production(let sector, let gas): account = "production"; self.sector = sector; self.gas = gas
            case .consumption: account = "consumption"; sector = nil; gas = "CO2"
            // Published territorial CO2 (its share of a production item of any gas): CO2.
            case .territorial: account = "territorial"; sector = nil; gas = "CO2"
            case .embodiedImports: account = "embodied_imports"; sector = nil; gas = "CO2"
            case .publishedTerritorial: account = "published_territorial"; sector = nil; gas = "CO2"
            // The minus copy spread into net_trade is told apart, so the two never add up to 0.
            case .embodiedExports(_, let negated): account = negated ? "net_trade_exports" : "embodied_exports"; sector = nil; gas = "CO2"
            }
        }
    }

    public struct FallbackRecord: Codable, Sendable, Equatable {
        public init(year: Int, iso3: String, quantity: QuantityRecord, from: String, to: String, reason: String) { self.year = year; self.iso3 = iso3; self.quantity = quantity; self.from = from; self.to = to; self.reason = reason }
        public var year: Int
        public var iso3: String
        public var quantity: QuantityRecord
        public var from: String
        public var to: String
        public var reason: String
    }

    public struct Composite: Codable, Sendable, Equatable {
        public init(iso3: String, name: String, spreadOver: [String], reason: String) { self.iso3 = iso3; self.name = name; self.spreadOver = spreadOver; self.reason = reason }
        public var iso3: String
        public var name: String
        public var spreadOver: [String]
        public var reason: String
    }

    public struct UnallocatedRecord: Codable, Sendable, Equatable {
        public init(year: Int, iso3: String, quantity: QuantityRecord, value: Double, unit: String, reason: String) { self.year = year; self.iso3 = iso3; self.quantity = quantity; self.value = value; self.unit = unit; self.reason = reason }
        public var year: Int
        public var iso3: String
        public var quantity: QuantityRecord
        public var value: Double
        /// t CO2e (production) or t CO2 (consumption side)
        public var unit: String
        public var reason: String
    }

    public struct SkippedRows: Codable, Sendable, Equatable {
        public init(reason: String, count: Int) { self.reason = reason; self.count = count }
        public var reason: String
        public var count: Int
    }

    public struct Tiles: Codable, Sendable, Equatable {
        public init(maxZoom: Int, log10DensityMin: Double, log10DensityMax: Double, scalePercentile: Double, log10DensityPeak: Double,
                    densityUnit: String, colourMap: String, layers: [String]) {
            self.maxZoom = maxZoom; self.log10DensityMin = log10DensityMin; self.log10DensityMax = log10DensityMax
            self.scalePercentile = scalePercentile; self.log10DensityPeak = log10DensityPeak
            self.densityUnit = densityUnit; self.colourMap = colourMap; self.layers = layers
        }
        public var maxZoom: Int
        public var log10DensityMin: Double
        /// The `scalePercentile`-th percentile of the non-zero cells, not the densest cell.
        public var log10DensityMax: Double
        public var scalePercentile: Double
        public var log10DensityPeak: Double
        public var densityUnit: String
        public var colourMap: String
        /// Tile folders, as the viewer lists them.
        public var layers: [String]
    }

    /// Pretty JSON with sorted keys: the same manifest always gives the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func decode(_ data: Data) throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Manifest.self, from: data)
    }
}
