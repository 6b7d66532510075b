import Foundation

/// How a national total is spread inside a country.
public enum ProxyKind: String, Sendable, CaseIterable {
    /// Fossil power plants (WRI GPPD), generation × IPCC default emission factor.
    case pointSources = "point_sources"
    /// Population count, conservatively remapped to the grid.
    case population
    /// Income (GDP per cell, or any extensive income field), conservatively remapped: an
    /// optional weight for spreading consumption.
    case income
    /// Coverage fraction × cell area: the guaranteed last fallback.
    case landArea = "land_area"
    /// Cropland area per cell from the land-cover raster (MODIS IGBP 12 croplands, 14 cropland/natural mosaic).
    case cropland
    /// Grassland area per cell (IGBP 10 grasslands, 8 woody savannas, 9 savannas: the grazed open land).
    case grassland
    /// Urban area per cell (IGBP 13 urban and built-up land).
    case urban
    /// Airports (Natural Earth), weighted by type as for the bunkers: domestic aviation.
    case airports
    /// Ports (Natural Earth), each of equal weight: domestic navigation.
    case ports

    /// The proxies that are points (a weight at cells of each country), in a fixed order.
    public static let pointKinds: [ProxyKind] = [.pointSources, .airports, .ports]

    /// The proxies that are fields on the grid (a weight per cell), in a fixed order.
    public static let fieldKinds: [ProxyKind] = [.population, .income, .cropland, .grassland, .urban]

    /// The IGBP classes a land-cover proxy counts; nil for the other proxies.
    public var igbpClasses: Set<UInt8>? {
        switch self {
        case .cropland: return [12, 14]
        case .grassland: return [8, 9, 10]
        case .urban: return [13]
        case .pointSources, .population, .income, .landArea, .airports, .ports: return nil
        }
    }
}

/// Proxies available to the gridding of one grid.
public struct ProxySet: Sendable {
    /// People per cell on the grid (any non-negative weight field), or nil if none was given.
    /// Produced a band of rows at a time, so a fine grid never holds it whole.
    public var population: (any RowField)?
    /// Point-source weights per country: (cell index, weight).
    public var pointSources: [String: [(cell: Int, weight: Double)]]
    /// Weights of the other point proxies (airports, ports) per country: (cell index, weight).
    public var sites: [ProxyKind: [String: [(cell: Int, weight: Double)]]] = [:]
    public var cellAreas: CellAreaTable
    /// Income per cell (extensive: GDP, not GDP per person), or nil.
    public var income: (any RowField)?
    /// Area (m²) of the land-cover classes of each land-cover proxy per cell (`ProxyKind.igbpClasses`);
    /// a kind absent here is not available.
    public var landCover: [ProxyKind: any RowField]

    public init(population: (any RowField)?, pointSources: [String: [(cell: Int, weight: Double)]], cellAreas: CellAreaTable,
                income: (any RowField)? = nil, landCover: [ProxyKind: any RowField] = [:]) {
        self.population = population; self.pointSources = pointSources; self.cellAreas = cellAreas; self.income = income
        self.landCover = landCover
    }

    /// Whether field proxy `kind` was given.
    func hasField(_ kind: ProxyKind) -> Bool {
        switch kind {
        case .population: return population != nil
        case .income: return income != nil
        case .cropland, .grassland, .urban: return landCover[kind] != nil
        case .pointSources, .landArea, .airports, .ports: return false
        }
    }

    /// The points of point proxy `kind` in country `iso3`; empty for field proxies.
    func points(_ kind: ProxyKind, of iso3: String) -> [(cell: Int, weight: Double)] {
        kind == .pointSources ? pointSources[iso3] ?? [] : sites[kind]?[iso3] ?? []
    }

    /// Weight field `kind` (population, income or a land-cover class area) on `rows`, in `scratch` the caller gives
    /// back; nil when there is no such field.
    func fieldRows(_ kind: ProxyKind, _ rows: Range<Int>, width: Int, scratch: ScratchPool) -> UnsafeMutableBufferPointer<Double>? {
        let field: (any RowField)?
        switch kind {
        case .population: field = population
        case .income: field = income
        case .cropland, .grassland, .urban: field = landCover[kind]
        case .pointSources, .landArea, .airports, .ports: field = nil
        }
        return field.map { field in
            let buffer = scratch.take(rows.count * width)
            field.fill(rows: rows, into: buffer)
            return buffer
        }
    }
}

/// The proxy chain of each quantity: the config's chain for a sector, else the sector's default
/// (`Sectors`); consumption and the territorial share without production use the consumption
/// weight; a territorial share is spread like the production item it mirrors.
public struct ProxyChains: Sendable {
    public var sectors: [String: [ProxyKind]]
    public var consumptionWeight: ProxyKind

    public init(sectors: [String: [ProxyKind]] = [:], consumptionWeight: ProxyKind = .population) {
        self.sectors = sectors; self.consumptionWeight = consumptionWeight
    }

    /// The chain for `quantity`; land area is appended by the gridding when missing.
    public func chain(for quantity: Quantity) -> [ProxyKind] {
        switch quantity {
        case .production(let sector, _), .territorial(.some(let sector), _), .embodiedExports(.some(let sector), _), .publishedTerritorial(.some(let sector), _):
            return sectors[sector] ?? Sectors.byCode[sector]?.proxies ?? [.population]
        case .consumption, .territorial(nil, _), .embodiedImports, .embodiedExports(nil, _), .publishedTerritorial(nil, _):
            return [consumptionWeight]
        }
    }
}
