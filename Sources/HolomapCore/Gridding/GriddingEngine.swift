import Foundation

/// Proxies available to the gridding of one grid.
public struct ProxySet: Sendable {
    /// People per cell on the grid (any non-negative weight field), or nil if none was given.
    public var population: [Double]?
    /// Point-source weights per country: (cell index, weight).
    public var pointSources: [String: [(cell: Int, weight: Double)]]
    public var cellAreas: CellAreaTable

    public init(population: [Double]?, pointSources: [String: [(cell: Int, weight: Double)]], cellAreas: CellAreaTable) {
        self.population = population; self.pointSources = pointSources; self.cellAreas = cellAreas
    }
}

/// One row of the conservation ledger: input and gridded amounts in t CO2e.
public struct TotalRow: Sendable, Equatable, Codable {
    public var iso3: String
    public var sector: String
    public var gas: String
    public var input: Double
    public var gridded: Double
}

/// A proxy that gave no weight inside a country, and what was used instead.
public struct Fallback: Sendable, Equatable, Codable {
    public var iso3: String
    public var sector: String
    public var gas: String
    public var from: String
    public var to: String
    public var reason: String
}

/// An input that was not spread over the grid, and why (bunkers, no boundary).
public struct Unallocated: Sendable, Equatable, Codable {
    public var iso3: String
    public var sector: String
    public var gas: String
    public var value: Double
    public var reason: String
}

public struct LayerKey: Hashable, Sendable, Comparable {
    public var sector: String
    public var gas: String
    public static func < (a: LayerKey, b: LayerKey) -> Bool { (a.sector, a.gas) < (b.sector, b.gas) }
}

public struct GriddingResult: Sendable {
    /// t CO2e per cell per year, by sector and gas, Float64.
    public var layers: [LayerKey: [Double]]
    public var totals: [TotalRow]
    public var fallbacks: [Fallback]
    public var unallocated: [Unallocated]

    public var sectors: [String] { Array(Set(layers.keys.map(\.sector))).sorted() }
    public var gases: [String] { Array(Set(layers.keys.map(\.gas))).sorted() }

    /// Cell-by-cell sum of the layers that `include` selects (all by default), in a fixed order.
    public func sum(cellCount: Int, where include: (LayerKey) -> Bool = { _ in true }) -> [Double] {
        var total = [Double](repeating: 0, count: cellCount)
        for key in layers.keys.sorted() where include(key) {
            layers[key]!.withUnsafeBufferPointer { layer in for i in 0..<cellCount { total[i] += layer[i] } }
        }
        return total
    }

    public func totalLayer(cellCount: Int) -> [Double] { sum(cellCount: cellCount) }
    public func layer(sector: String, cellCount: Int) -> [Double] { sum(cellCount: cellCount) { $0.sector == sector } }
}

/// Spreads national totals over a grid: for each country × sector × gas,
/// cell = total × w(cell) / Σw with w = proxy × coverage fraction, accumulated in Float64.
/// A proxy with no weight inside the country falls to the next one; land area (coverage × cell
/// area) ends every chain, so a country with any coverage is never dropped.
public enum GriddingEngine {
    public static func grid(_ emissions: [Emission], coverages: [String: SparseCoverage], proxies: ProxySet,
                            grid: Grid, sectorProxies: [String: [ProxyKind]] = [:]) -> GriddingResult {
        var unallocated: [Unallocated] = []
        var byCountry: [String: [Emission]] = [:]
        for e in emissions {
            if Sectors.byCode[e.sector]?.isMemo == true {
                unallocated.append(Unallocated(iso3: e.iso3, sector: e.sector, gas: e.gas, value: e.tonnesCO2e, reason: "memo item (international bunkers): reported, not gridded"))
            } else if coverages[e.iso3].map({ !$0.isEmpty }) != true {
                unallocated.append(Unallocated(iso3: e.iso3, sector: e.sector, gas: e.gas, value: e.tonnesCO2e, reason: "country has no cell on this grid (no boundary or outside the grid)"))
            } else {
                byCountry[e.iso3, default: []].append(e)
            }
        }
        let grouped = byCountry
        let countries = grouped.keys.sorted()
        // Countries in parallel; each returns sparse contributions, merged below in a fixed order
        // so results are identical from run to run.
        let parts = Parallel.map(countries.count) { k -> CountryPart in
            let code = countries[k]
            return spread(grouped[code]!, coverage: coverages[code]!, proxies: proxies, grid: grid, sectorProxies: sectorProxies)
        }
        var layers: [LayerKey: [Double]] = [:]
        for part in parts { for c in part.contributions { layers[c.key] = layers[c.key] ?? [Double](repeating: 0, count: grid.cellCount) } }
        var totals: [TotalRow] = [], fallbacks: [Fallback] = []
        for part in parts {
            for c in part.contributions {
                layers[c.key]!.withUnsafeMutableBufferPointer { layer in
                    for (cell, amount) in zip(c.cells, c.amounts) { layer[cell] += amount }
                }
            }
            totals += part.totals
            fallbacks += part.fallbacks
        }
        return GriddingResult(layers: layers, totals: totals, fallbacks: fallbacks, unallocated: unallocated)
    }

    struct Contribution { var key: LayerKey; var cells: [Int]; var amounts: [Double] }
    struct CountryPart: Sendable {
        var contributions: [Contribution] = []
        var totals: [TotalRow] = []
        var fallbacks: [Fallback] = []
    }

    static func spread(_ emissions: [Emission], coverage: SparseCoverage, proxies: ProxySet, grid: Grid,
                       sectorProxies: [String: [ProxyKind]]) -> CountryPart {
        var part = CountryPart()
        var cells: [Int] = [], fractions: [Double] = []
        coverage.forEachCell { r, c, f in cells.append(r * grid.width + c); fractions.append(f) }
        var weightCache: [ProxyKind: [Double]] = [:]
        func weights(_ kind: ProxyKind) -> [Double]? {
            if let cached = weightCache[kind] { return cached }
            var w: [Double]
            switch kind {
            case .landArea:
                let areas = proxies.cellAreas
                switch areas {
                case .perRow(let rows): w = zip(cells, fractions).map { $1 * rows[$0 / grid.width] }
                case .perCell(_, let all): w = zip(cells, fractions).map { $1 * all[$0] }
                }
            case .population:
                guard let pop = proxies.population else { return nil }
                w = zip(cells, fractions).map { max(0, pop[$0]) * $1 }
            case .pointSources:
                guard let plants = proxies.pointSources[coverage.code] else { return nil }
                var byCell: [Int: Double] = [:]
                for (cell, weight) in plants { byCell[cell, default: 0] += weight }
                // A plant counts where its country covers its cell.
                w = zip(cells, fractions).map { $1 > 0 ? byCell[$0] ?? 0 : 0 }
            }
            weightCache[kind] = w
            return w
        }
        for e in emissions.sorted(by: { ($0.sector, $0.gas) < ($1.sector, $1.gas) }) {
            var chain = sectorProxies[e.sector] ?? Sectors.byCode[e.sector]?.proxies ?? [.population]
            if chain.last != .landArea { chain.append(.landArea) }
            var used: (ProxyKind, [Double], Double)? = nil
            for (k, kind) in chain.enumerated() {
                let w = weights(kind)
                let sum = w?.reduce(0, +) ?? 0
                if let w, sum > 0 { used = (kind, w, sum); break }
                let next = k + 1 < chain.count ? chain[k + 1].rawValue : "none"
                part.fallbacks.append(Fallback(iso3: e.iso3, sector: e.sector, gas: e.gas, from: kind.rawValue, to: next,
                                               reason: w == nil ? "proxy not available" : "proxy is zero inside the country"))
            }
            guard let (_, w, sum) = used else { continue }  // unreachable: coverage is non-empty
            var amounts = [Double](repeating: 0, count: cells.count)
            var gridded = 0.0
            for i in 0..<cells.count {
                let a = e.tonnesCO2e * w[i] / sum
                amounts[i] = a
                gridded += a
            }
            part.contributions.append(Contribution(key: LayerKey(sector: e.sector, gas: e.gas), cells: cells, amounts: amounts))
            part.totals.append(TotalRow(iso3: e.iso3, sector: e.sector, gas: e.gas, input: e.tonnesCO2e, gridded: gridded))
        }
        return part
    }
}
