/// IPCC 2006 source categories that holomap grids, with their tree and the default proxy chain.
/// Codes follow the 2006 Guidelines; `NT` holds national totals that a source does not split.
public struct Sector: Sendable, Equatable {
    public var code: String
    public var name: String
    /// Parent code ("" at the top).
    public var parent: String
    /// Memo items (international bunkers) are reported, never spread over a country.
    public var isMemo: Bool
    /// Default proxies, tried in order; land area always ends the chain.
    public var proxies: [ProxyKind]
}

public enum Sectors {
    public static let all: [Sector] = [
        Sector(code: "1", name: "Energy", parent: "", isMemo: false, proxies: [.population]),
        Sector(code: "1.A", name: "Fuel combustion activities", parent: "1", isMemo: false, proxies: [.population]),
        // A 1.A.1 total that is not split (CRF top level) goes to the plants too: most of it is power.
        Sector(code: "1.A.1", name: "Energy industries", parent: "1.A", isMemo: false, proxies: [.pointSources, .population]),
        Sector(code: "1.A.1.a", name: "Public electricity and heat production", parent: "1.A.1", isMemo: false, proxies: [.pointSources, .population]),
        // Refineries and coke ovens are not power plants: the industrial proxy (urban land, then people).
        Sector(code: "1.A.1.bc", name: "Petroleum refining, manufacture of solid fuels and other energy industries", parent: "1.A.1", isMemo: false,
               proxies: [.urban, .population]),
        Sector(code: "1.A.2", name: "Manufacturing industries and construction", parent: "1.A", isMemo: false, proxies: [.urban, .population]),
        Sector(code: "1.A.3", name: "Transport", parent: "1.A", isMemo: false, proxies: [.population]),
        // Domestic flights burn their fuel at and near airports (landing and take-off, climb): the
        // airports, then people.
        Sector(code: "1.A.3.a", name: "Domestic aviation", parent: "1.A.3", isMemo: false, proxies: [.airports, .population]),
        Sector(code: "1.A.3.b", name: "Road transportation", parent: "1.A.3", isMemo: false, proxies: [.population]),
        Sector(code: "1.A.3.c", name: "Railways", parent: "1.A.3", isMemo: false, proxies: [.population]),
        // Boats between a country's own ports: the ports (the lanes between them lie outside the
        // country's land cells), then people.
        Sector(code: "1.A.3.d", name: "Domestic water-borne navigation", parent: "1.A.3", isMemo: false, proxies: [.ports, .population]),
        // Mostly pipeline compressors (EDGAR's 1A3e: Russia, the USA, Turkmenistan): along the
        // pipelines, not in cities; no pipeline map, so land area, like fugitive emissions.
        Sector(code: "1.A.3.e", name: "Other transportation (pipelines, off-road)", parent: "1.A.3", isMemo: false, proxies: [.landArea]),
        Sector(code: "1.A.4", name: "Other sectors (buildings, agriculture/forestry/fishing fuel use)", parent: "1.A", isMemo: false, proxies: [.population]),
        Sector(code: "1.A.5", name: "Non-specified fuel combustion", parent: "1.A", isMemo: false, proxies: [.population]),
        // Mines, wells and pipelines are not where people live: land area, never population by default.
        Sector(code: "1.B", name: "Fugitive emissions from fuels", parent: "1", isMemo: false, proxies: [.landArea]),
        Sector(code: "2", name: "Industrial processes and product use", parent: "", isMemo: false, proxies: [.urban, .population]),
        // Agriculture on farmland: cropland, then grassland (grazing), then land area.
        Sector(code: "3", name: "Agriculture, forestry and other land use", parent: "", isMemo: false, proxies: [.cropland, .grassland, .landArea]),
        Sector(code: "3.A", name: "Livestock", parent: "3", isMemo: false, proxies: [.grassland, .cropland, .landArea]),
        Sector(code: "3.B", name: "Land (LULUCF: net emissions or removals)", parent: "3", isMemo: false, proxies: [.landArea]),
        Sector(code: "3.C", name: "Aggregate sources and non-CO2 emissions on land (soils, rice, burning, liming, urea)", parent: "3", isMemo: false, proxies: [.cropland, .landArea]),
        Sector(code: "4", name: "Waste", parent: "", isMemo: false, proxies: [.population]),
        Sector(code: "5", name: "Other", parent: "", isMemo: false, proxies: [.population]),
        Sector(code: "NT", name: "National total not split by sector", parent: "", isMemo: false, proxies: [.population]),
        Sector(code: "M.1.A.3.a.i", name: "International aviation (memo: bunkers)", parent: "", isMemo: true, proxies: []),
        Sector(code: "M.1.A.3.d.i", name: "International water-borne navigation (memo: bunkers)", parent: "", isMemo: true, proxies: []),
        Sector(code: "M.BUNKERS", name: "International aviation and shipping together (memo: bunkers)", parent: "", isMemo: true, proxies: []),
    ]

    public static let byCode: [String: Sector] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Sink categories may be negative (net removals); all others must not be.
    public static func allowsNegative(_ code: String) -> Bool { code == "3" || code.hasPrefix("3.") }
}
