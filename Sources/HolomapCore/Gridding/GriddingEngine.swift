import Foundation

/// Proxies available to the gridding of one grid.
public struct ProxySet: Sendable {
    /// People per cell on the grid (any non-negative weight field), or nil if none was given.
    /// Float32: it only weighs cells against each other; shares are computed in Float64.
    public var population: [Float]?
    /// Point-source weights per country: (cell index, weight).
    public var pointSources: [String: [(cell: Int, weight: Double)]]
    public var cellAreas: CellAreaTable

    public init(population: [Float]?, pointSources: [String: [(cell: Int, weight: Double)]], cellAreas: CellAreaTable) {
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

/// What the gridding decided for one country × sector × gas: the proxy used and Σw over the
/// country's cells. Layers are made from these on demand, so no dense grid per sector or gas is
/// ever kept.
struct PlanItem: Sendable {
    var key: LayerKey
    var value: Double
    var kind: ProxyKind
    var weightSum: Double
}

struct CountryPlan: Sendable {
    var coverage: SparseCoverage
    var items: [PlanItem]
    /// Point-source weight by cell (power plants of this country).
    var pointWeights: [Int: Double]
}

public struct GriddingResult: Sendable {
    let grid: Grid
    let proxies: ProxySet
    let plans: [CountryPlan]
    public var totals: [TotalRow]
    public var fallbacks: [Fallback]
    public var unallocated: [Unallocated]

    public var keys: [LayerKey] { Array(Set(plans.flatMap { $0.items.map(\.key) })).sorted() }
    public var sectors: [String] { Array(Set(keys.map(\.sector))).sorted() }
    public var gases: [String] { Array(Set(keys.map(\.gas))).sorted() }

    /// Cell-by-cell sum of the layers that `include` selects (all by default), t CO2e per cell,
    /// accumulated in Float64, countries in a fixed order.
    public func sum(cellCount: Int, where include: (LayerKey) -> Bool = { _ in true }) -> [Double] {
        var out = [Double](repeating: 0, count: cellCount)
        sum(into: &out, where: include)
        return out
    }

    /// The same into a caller's buffer (zeroed here), so one buffer can serve every layer.
    public func sum(into out: inout [Double], where include: (LayerKey) -> Bool = { _ in true }) {
        out.withUnsafeMutableBufferPointer { buffer in
            buffer.update(repeating: 0)
            for plan in plans {
                for item in plan.items where include(item.key) {
                    GriddingEngine.forEachAmount(item, plan: plan, proxies: proxies, grid: grid) { cell, amount in buffer[cell] += amount }
                }
            }
        }
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
        // Countries in parallel; results are kept in country order, so runs are identical.
        let parts = Parallel.map(countries.count) { k -> (CountryPlan, [TotalRow], [Fallback]) in
            let code = countries[k]
            return plan(grouped[code]!, coverage: coverages[code]!, proxies: proxies, grid: grid, sectorProxies: sectorProxies)
        }
        return GriddingResult(grid: grid, proxies: proxies, plans: parts.map(\.0), totals: parts.flatMap(\.1),
                              fallbacks: parts.flatMap(\.2), unallocated: unallocated)
    }

    /// w(cell) of a proxy for a covered cell with coverage fraction f; nil if the proxy is absent.
    @inline(__always)
    static func weight(_ kind: ProxyKind, cell: Int, fraction f: Double, pointWeights: [Int: Double], proxies: ProxySet, grid: Grid) -> Double {
        switch kind {
        case .landArea:
            switch proxies.cellAreas {
            case .perRow(let rows): return f * rows[cell / grid.width]
            case .perCell(_, let all): return f * all[cell]
            }
        case .population: return max(0, Double(proxies.population![cell])) * f
        case .pointSources: return f > 0 ? pointWeights[cell] ?? 0 : 0  // a plant counts where its country covers its cell
        }
    }

    /// Calls `body(cell, amount)` with amount = value × w / Σw for every covered cell.
    static func forEachAmount(_ item: PlanItem, plan: CountryPlan, proxies: ProxySet, grid: Grid, _ body: (Int, Double) -> Void) {
        plan.coverage.forEachCell { r, c, f in
            let cell = r * grid.width + c
            let w = weight(item.kind, cell: cell, fraction: f, pointWeights: plan.pointWeights, proxies: proxies, grid: grid)
            if w != 0 { body(cell, item.value * w / item.weightSum) }
        }
    }

    static func plan(_ emissions: [Emission], coverage: SparseCoverage, proxies: ProxySet, grid: Grid,
                     sectorProxies: [String: [ProxyKind]]) -> (CountryPlan, [TotalRow], [Fallback]) {
        var pointWeights: [Int: Double] = [:]
        for (cell, w) in proxies.pointSources[coverage.code] ?? [] { pointWeights[cell, default: 0] += w }
        var sums: [ProxyKind: Double] = [:]
        func available(_ kind: ProxyKind) -> Bool {
            switch kind {
            case .landArea: return true
            case .population: return proxies.population != nil
            case .pointSources: return !pointWeights.isEmpty
            }
        }
        func weightSum(_ kind: ProxyKind) -> Double {
            if let s = sums[kind] { return s }
            var s = 0.0
            coverage.forEachCell { r, c, f in
                s += weight(kind, cell: r * grid.width + c, fraction: f, pointWeights: pointWeights, proxies: proxies, grid: grid)
            }
            sums[kind] = s
            return s
        }
        var plan = CountryPlan(coverage: coverage, items: [], pointWeights: pointWeights)
        var totals: [TotalRow] = [], fallbacks: [Fallback] = []
        for e in emissions.sorted(by: { ($0.sector, $0.gas) < ($1.sector, $1.gas) }) {
            var chain = sectorProxies[e.sector] ?? Sectors.byCode[e.sector]?.proxies ?? [.population]
            if chain.last != .landArea { chain.append(.landArea) }
            var chosen: PlanItem? = nil
            for (k, kind) in chain.enumerated() {
                let present = available(kind)
                let sum = present ? weightSum(kind) : 0
                if sum > 0 { chosen = PlanItem(key: LayerKey(sector: e.sector, gas: e.gas), value: e.tonnesCO2e, kind: kind, weightSum: sum); break }
                let next = k + 1 < chain.count ? chain[k + 1].rawValue : "none"
                fallbacks.append(Fallback(iso3: e.iso3, sector: e.sector, gas: e.gas, from: kind.rawValue, to: next,
                                          reason: present ? "proxy is zero inside the country" : "proxy not available"))
            }
            guard let item = chosen else { continue }  // unreachable: coverage is non-empty
            // The ledger sums exactly the amounts that layers add to the grid.
            var gridded = 0.0
            forEachAmount(item, plan: plan, proxies: proxies, grid: grid) { _, amount in gridded += amount }
            plan.items.append(item)
            totals.append(TotalRow(iso3: e.iso3, sector: e.sector, gas: e.gas, input: e.tonnesCO2e, gridded: gridded))
        }
        return (plan, totals, fallbacks)
    }
}
