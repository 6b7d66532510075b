import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import Yams

/// What `holomap build` writes.
public enum OutputFormat: String, CaseIterable, Sendable, Codable, ConfigValue {
    case cog, netcdf, tiles
}

/// GWP100 sets of the GWP table (its column names).
public enum GWPSetName: String, CaseIterable, Sendable, Codable, ConfigValue {
    case ar4 = "AR4GWP100", ar5 = "AR5GWP100", ar6 = "AR6GWP100"
}

/// What spreads consumption-based CO2 inside a country.
public enum ConsumptionWeight: String, CaseIterable, Sendable, Codable, ConfigValue {
    case population, income
}

extension InventoryFormat: ConfigValue {}
extension ProxyKind: ConfigValue {}
extension Adjustments.Source: ConfigValue {}

/// The configuration of `holomap build` (YAML; docs/config.md documents every key). Relative
/// paths are relative to the file's folder. An unknown key or value is an error naming it and
/// the file.
public struct BuildConfig: Sendable {
    public struct InventorySpec: Sendable, Decodable {
        /// An aggregated sector and the split table (`SplitTable`) that splits it.
        public struct Split: Sendable, Equatable {
            public var sector: String
            public var table: String
            public init(sector: String, table: String) { self.sector = sector; self.table = table }
        }
        public var path: String
        public var format: InventoryFormat
        /// The splits, applied in this order (by sector code); none when empty.
        public var splits: [Split]
        public init(path: String, format: InventoryFormat, splits: [Split] = []) {
            self.path = path; self.format = format; self.splits = splits
        }
        enum CodingKeys: String, CodingKey, CaseIterable { case path, format, split, splitSector = "split_sector" }
        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            format = try c.decodeIfPresent(InventoryFormat.self, forKey: .format) ?? .generic
            // `split: TABLE` splits `split_sector` (default 5); `split: {SECTOR: TABLE, …}` names each.
            let sector = try c.decodeIfPresent(String.self, forKey: .splitSector)
            if let table = try? c.decodeIfPresent(String.self, forKey: .split) {
                splits = [Split(sector: sector ?? "5", table: table)]
            } else if let bySector = try c.decodeIfPresent([String: String].self, forKey: .split) {
                if sector != nil { throw ConfigError(path: "inventory.split_sector", problem: "give the sectors as keys of split, not split_sector as well") }
                splits = bySector.keys.sorted().map { Split(sector: $0, table: bySector[$0]!) }
            } else {
                if sector != nil { throw ConfigError(path: "inventory.split_sector", problem: "split_sector needs split (a table)") }
                splits = []
            }
            for split in splits where Sectors.byCode[split.sector] == nil || Sectors.byCode[split.sector]!.isMemo {
                throw ConfigError(path: sector == nil ? "inventory.split.\(split.sector)" : "inventory.split_sector",
                                  problem: "unknown IPCC sector '\(split.sector)'")
            }
        }
    }

    public struct GWPSpec: Sendable, Decodable {
        public var table: String
        public var set: GWPSetName
        enum CodingKeys: String, CodingKey, CaseIterable { case table, set }
        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            table = try c.decode(String.self, forKey: .table)
            set = try c.decode(GWPSetName.self, forKey: .set)
        }
    }

    public struct ProxySpec: Sendable, Decodable {
        public var population: String?
        public var powerPlants: String?
        public var fuelFactors: String?
        /// National generation by fuel and power-sector CO2 per year (Ember via OWID), which
        /// calibrates the plants' capacity factors (`PlantCalibration`).
        public var powerGeneration: String?
        /// The year the population raster describes, for the manifest (GPW 2000 for a 2021 build).
        public var populationYear: Int?
        /// A land-cover class raster (MODIS IGBP): its urban class refines the population inside
        /// each population cell on finer grids.
        public var landCover: String?
        /// Populated places (`name,iso3,pop_min,lon,lat`): urban land the land cover misses
        /// (`Settlements`), on grids finer than the population raster.
        public var populatedPlaces: String?
        /// Income per cell (GDP, extensive), for `consumption.weight: income`.
        public var income: String?
        /// International bunkers: shipping lanes (`lane,class,lon,lat`), airports
        /// (`iata,name,type,iso3,lon,lat`) and aviation's share of a combined amount by year
        /// (`year,aviation,shipping`), as scripts/make_bundle.py writes them (BunkerTables).
        public var shippingLanes: String?, airports: String?, bunkerSplit: String?
        /// Ports (`name,iso3,lon,lat`): where domestic navigation (1.A.3.d) goes. The airports above
        /// also take domestic aviation (1.A.3.a).
        public var ports: String?
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable {
            case population, powerPlants = "power_plants", fuelFactors = "fuel_factors", powerGeneration = "power_generation",
                 populationYear = "population_year", landCover = "land_cover", income,
                 populatedPlaces = "populated_places"
            case shippingLanes = "shipping_lanes", airports, bunkerSplit = "bunker_split", ports
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            population = try c.decodeIfPresent(String.self, forKey: .population)
            powerPlants = try c.decodeIfPresent(String.self, forKey: .powerPlants)
            fuelFactors = try c.decodeIfPresent(String.self, forKey: .fuelFactors)
            powerGeneration = try c.decodeIfPresent(String.self, forKey: .powerGeneration)
            populationYear = try c.decodeIfPresent(Int.self, forKey: .populationYear)
            landCover = try c.decodeIfPresent(String.self, forKey: .landCover)
            populatedPlaces = try c.decodeIfPresent(String.self, forKey: .populatedPlaces)
            income = try c.decodeIfPresent(String.self, forKey: .income)
            shippingLanes = try c.decodeIfPresent(String.self, forKey: .shippingLanes)
            airports = try c.decodeIfPresent(String.self, forKey: .airports)
            bunkerSplit = try c.decodeIfPresent(String.self, forKey: .bunkerSplit)
            ports = try c.decodeIfPresent(String.self, forKey: .ports)
        }
    }

    /// National consumption-based CO2 (and the territorial CO2 it is compared with) from a
    /// published file, spread to where consumers live.
    public struct ConsumptionSpec: Sendable, Decodable {
        public var path: String
        public var source: Adjustments.Source
        public var weight: ConsumptionWeight
        enum CodingKeys: String, CodingKey, CaseIterable { case path, source, weight }
        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            source = try c.decode(Adjustments.Source.self, forKey: .source)
            weight = try c.decodeIfPresent(ConsumptionWeight.self, forKey: .weight) ?? .population
        }
    }

    /// Inventory years, ascending: `year: 2022` or `years: [2021, 2022]` in the file.
    public var years: [Int]
    public var grid: String
    /// `dcw` or a vector file.
    public var boundaries: String
    public var idField: String?
    public var inventory: InventorySpec
    public var gwp: GWPSpec
    public var proxies: ProxySpec
    /// Proxy chains by IPCC sector; land area ends every chain.
    public var sectors: [String: [ProxyKind]]
    public var formats: [OutputFormat]
    public var consumption: ConsumptionSpec?
    /// An MRIO for the trade layers (TradeSpec.swift).
    public var trade: TradeSpec?
    /// Natural sources and sinks (NaturalSpec.swift).
    public var natural: NaturalSpec?
    /// The layer families to write (LayerFamilies.swift); nil: every family the config has.
    public var layers: [LayerFamily]?
    /// The folder of the config file: relative paths (and the manifest's) are relative to it.
    public var folder: String = ""

    public static let defaultFormats: [OutputFormat] = [.cog, .netcdf]
}

extension BuildConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case year, years, grid, boundaries, idField = "id_field", inventory, gwp, proxies, sectors, formats, consumption, trade, natural, layers
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(CodingKeys.self)
        switch (try c.decodeIfPresent(Int.self, forKey: .year), try c.decodeIfPresent([Int].self, forKey: .years)) {
        case (let year?, nil): years = [year]
        case (nil, let list?): years = list
        case (.some, .some): throw ConfigError(path: "years", problem: "give year or years, not both")
        case (nil, nil): throw ConfigError(path: "year", problem: "missing key (year: 2021 or years: [2020, 2021])")
        }
        guard !years.isEmpty, Set(years).count == years.count else {
            throw ConfigError(path: "years", problem: "must be a non-empty list without repeats")
        }
        if let bad = years.first(where: { !(1750...2100).contains($0) }) {
            throw ConfigError(path: c.contains(.year) ? "year" : "years", problem: "\(bad) is not a year in 1750…2100")
        }
        years.sort()
        grid = try c.decode(String.self, forKey: .grid)
        boundaries = try c.decodeIfPresent(String.self, forKey: .boundaries) ?? "dcw"
        idField = try c.decodeIfPresent(String.self, forKey: .idField)
        inventory = try c.decode(InventorySpec.self, forKey: .inventory)
        gwp = try c.decode(GWPSpec.self, forKey: .gwp)
        proxies = try c.decodeIfPresent(ProxySpec.self, forKey: .proxies) ?? ProxySpec()
        sectors = try c.decodeIfPresent([String: [ProxyKind]].self, forKey: .sectors) ?? [:]
        for sector in sectors.keys.sorted() where Sectors.byCode[sector] == nil {
            throw ConfigError(path: "sectors.\(sector)", problem: "unknown IPCC sector '\(sector)' (known: \(Sectors.all.map(\.code).joined(separator: ", ")))")
        }
        formats = try c.decodeIfPresent([OutputFormat].self, forKey: .formats) ?? BuildConfig.defaultFormats
        consumption = try c.decodeIfPresent(ConsumptionSpec.self, forKey: .consumption)
        trade = try c.decodeIfPresent(TradeSpec.self, forKey: .trade)
        natural = try c.decodeIfPresent(NaturalSpec.self, forKey: .natural)
        layers = try c.decodeIfPresent([LayerFamily].self, forKey: .layers)
        if let layers, let problem = LayerFamily.problem(layers) { throw ConfigError(path: "layers", problem: problem) }
    }

    /// Reads a config file and makes its paths absolute.
    public static func load(_ path: String) throws -> BuildConfig {
        let text = try TextFile.read(path)
        var config: BuildConfig
        do {
            // YAML lets a later key silently win over an earlier one; a config may not.
            if let root = try Yams.compose(yaml: text) { try ConfigError.refuseDuplicateKeys(root, at: "") }
            config = try YAMLDecoder().decode(BuildConfig.self, from: text)
        } catch let error as ConfigError {
            throw InputError.malformedInput(file: path, place: "key \(error.path)", reason: error.problem)
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError is ConfigError {
            // Yams wraps errors thrown while decoding.
            let error = context.underlyingError as! ConfigError
            throw InputError.malformedInput(file: path, place: "key \(error.path)", reason: error.problem)
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError != nil {
            throw InputError.malformedInput(file: path, place: "", reason: "not YAML: \(ConfigError.oneLine(context.underlyingError!))")
        } catch let error as DecodingError {
            let (place, problem) = ConfigError.describe(error)
            throw InputError.malformedInput(file: path, place: place, reason: problem)
        } catch {
            throw InputError.malformedInput(file: path, place: "", reason: "not YAML: \(ConfigError.oneLine(error))")
        }
        config.folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        let base = URL(fileURLWithPath: config.folder, isDirectory: true)
        func resolve(_ p: String?) -> String? {
            guard let p, !p.hasPrefix("/") else { return p }
            return base.appendingPathComponent(p).standardizedFileURL.path
        }
        config.inventory.path = resolve(config.inventory.path)!
        for k in config.inventory.splits.indices { config.inventory.splits[k].table = resolve(config.inventory.splits[k].table)! }
        config.gwp.table = resolve(config.gwp.table)!
        config.proxies.population = resolve(config.proxies.population)
        config.proxies.powerPlants = resolve(config.proxies.powerPlants)
        config.proxies.fuelFactors = resolve(config.proxies.fuelFactors)
        config.proxies.powerGeneration = resolve(config.proxies.powerGeneration)
        config.proxies.landCover = resolve(config.proxies.landCover)
        config.proxies.populatedPlaces = resolve(config.proxies.populatedPlaces)
        config.proxies.income = resolve(config.proxies.income)
        config.proxies.shippingLanes = resolve(config.proxies.shippingLanes)
        config.proxies.airports = resolve(config.proxies.airports)
        config.proxies.ports = resolve(config.proxies.ports)
        config.proxies.bunkerSplit = resolve(config.proxies.bunkerSplit)
        if let c = config.consumption { config.consumption!.path = resolve(c.path)! }
        if let t = config.trade {
            config.trade!.path = resolve(t.path)!; config.trade!.sectorMap = resolve(t.sectorMap)!
            config.trade!.territorial = resolve(t.territorial); config.trade!.sectorShares = resolve(t.sectorShares)
            config.trade!.domesticTransport = resolve(t.domesticTransport)
        }
        config.natural?.resolve(resolve)
        if config.boundaries != "dcw" { config.boundaries = resolve(config.boundaries)! }
        if config.grid.hasSuffix(".json") || config.grid.contains("/") { config.grid = resolve(config.grid)! }
        return config
    }

    public static func defaultPath() throws -> String {
        try Resources.folder("grids").appendingPathComponent("default-bundle/config.yaml").path
    }

    /// `path` as the manifest writes it: relative to the config's folder when inside it.
    public func relative(_ path: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// An enumerated config value: decoding an unknown one names it and lists the known ones.
public protocol ConfigValue: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension ConfigValue {
    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw ConfigError(path: decoder.codingPath.map(\.configName).joined(separator: "."),
                              problem: "unknown value '\(raw)' (known: \(Self.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = value
    }
}

/// A problem at a key of the config file.
struct ConfigError: Error {
    var path: String
    var problem: String

    static func describe(_ error: DecodingError) -> (place: String, problem: String) {
        func at(_ path: [CodingKey]) -> String { path.isEmpty ? "" : "key \(path.map(\.configName).joined(separator: "."))" }
        switch error {
        case .keyNotFound(let key, let c): return ("key \((c.codingPath + [key]).map(\.configName).joined(separator: "."))", "missing key")
        case .typeMismatch(let type, let c): return (at(c.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let c):
            // Yams: "Expected Int value but found Scalar(string: "a", tag: …) instead."; name the text when it is there.
            let text = c.debugDescription.range(of: "string: \"").flatMap { start in
                c.debugDescription[start.upperBound...].firstIndex(of: "\"").map { String(c.debugDescription[start.upperBound..<$0]) }
            }
            return (at(c.codingPath), "expected \(describe(type))" + (text.map { ", found '\($0)'" } ?? ""))
        case .dataCorrupted(let c): return (at(c.codingPath), c.debugDescription)
        @unknown default: return ("", "\(error)")
        }
    }

    /// A library's message on one line (YAML errors quote the offending line under a caret).
    static func oneLine(_ error: Error) -> String { String(describing: error).split(separator: "\n").joined(separator: " ") }

    /// Throws for the first mapping that holds a key twice; `path` is the key path so far
    /// (`proxies.population`, `formats.[1]`), as the other config errors name it.
    static func refuseDuplicateKeys(_ node: Node, at path: String) throws {
        func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        switch node {
        case .mapping(let mapping):
            var seen = Set<String>()
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                guard seen.insert(name).inserted else { throw ConfigError(path: child(name), problem: "key '\(name)' given twice") }
                try refuseDuplicateKeys(value, at: child(name))
            }
        case .sequence(let sequence):
            for (k, value) in sequence.enumerated() { try refuseDuplicateKeys(value, at: child("[\(k)]")) }
        default: break
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is String.Type, is Node.Scalar.Type: return "a single value"
        case is [Int].Type: return "a list of whole numbers"
        case is Node.Mapping.Type: return "a mapping (key: value)"
        case is Node.Sequence.Type: return "a list"
        default: return type is any Collection.Type ? "a list" : "a mapping (key: value)"
        }
    }
}

extension CodingKey {
    /// `formats[1]` rather than `formats.Index 1`.
    var configName: String { intValue.map { "[\($0)]" } ?? stringValue }
}

/// Any key of a mapping, to list the keys a config section has.
struct AnyConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// A keyed container that refuses keys `Keys` does not know, naming the first unknown one.
    func strictContainer<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let all = try container(keyedBy: AnyConfigKey.self)
        let known = Keys.allCases.map(\.stringValue)
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            let section = codingPath.map(\.configName).joined(separator: ".")
            throw ConfigError(path: section.isEmpty ? unknown : "\(section).\(unknown)",
                              problem: "unknown key '\(unknown)' (known\(section.isEmpty ? "" : " in \(section)"): \(known.joined(separator: ", ")))")
        }
        return try container(keyedBy: Keys.self)
    }
}
