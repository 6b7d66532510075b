import Foundation

/// Spreads national totals over a grid: for each country × sector × gas,
/// cell = total × w(cell) / Σw with w = proxy × coverage fraction, accumulated in Float64.
/// A proxy with no weight inside the country falls to the next one; land area (coverage × cell
/// area) ends every chain, so a country with any coverage is never dropped.
public enum GriddingEngine {
    /// Production emissions as gridding items.
    public static func items(_ emissions: [Emission]) -> [GriddingItem] {
        emissions.map { GriddingItem(iso3: $0.iso3, quantity: .production(sector: $0.sector, gas: $0.gas), value: $0.tonnesCO2e) }
    }

    /// `scratch`: the run's Float64 scratch (shared by the years of one build), freed with it.
    /// `bunkers`: where memo items (international bunkers) go; without it they are unallocated.
    /// `sumCache`: the field proxies' sums per country kept from an earlier run over the same
    /// coverages and field proxies (the years of one build differ only in their points).
    public static func grid(_ items: [GriddingItem], coverages: [String: SparseCoverage], proxies: ProxySet,
                            grid: Grid, chains: ProxyChains = ProxyChains(), scratch: ScratchPool = ScratchPool(),
                            bunkers: BunkerProxy? = nil, sumCache: WeightSumCache? = nil) -> GriddingResult {
        var unallocated: [Unallocated] = []
        var byCountry: [String: [GriddingItem]] = [:]
        var memo: [GriddingItem] = []
        for item in items {
            if let sector = item.quantity.sector, Sectors.byCode[sector]?.isMemo == true {
                if bunkers != nil { memo.append(item); continue }
                unallocated.append(Unallocated(iso3: item.iso3, quantity: item.quantity, value: item.value, reason: "memo item (international bunkers): reported, not gridded"))
            } else if coverages[item.iso3].map({ !$0.isEmpty }) != true {
                unallocated.append(Unallocated(iso3: item.iso3, quantity: item.quantity, value: item.value, reason: "country has no cell on this grid (no boundary or outside the grid)"))
            } else {
                byCountry[item.iso3, default: []].append(item)
            }
        }
        let countries = byCountry.keys.sorted()
        let ordered = countries.map { coverages[$0]! }
        let sums: [WeightSums]
        if let sumCache {
            // A country's sums do not depend on the others summed with it: only the missing ones are summed.
            let missing = countries.filter { sumCache.sums[$0] == nil }
            for (code, s) in zip(missing, weightSums(missing.map { coverages[$0]! }, proxies: proxies, grid: grid, scratch: scratch)) {
                sumCache.sums[code] = s
            }
            sums = countries.map { sumCache.sums[$0]! }
        } else {
            sums = weightSums(ordered, proxies: proxies, grid: grid, scratch: scratch)
        }
        var plans: [CountryPlan] = [], fallbacks: [Fallback] = []
        for (k, code) in countries.enumerated() {
            let (plan, f) = plan(byCountry[code]!, coverage: ordered[k], sums: sums[k], proxies: proxies, grid: grid, chains: chains)
            plans.append(plan); fallbacks += f
        }
        if let bunkers, !memo.isEmpty {
            let (extra, left) = bunkerPlans(memo, proxy: bunkers, grid: grid)
            plans += extra; unallocated += left
        }
        var result = GriddingResult(grid: grid, proxies: proxies, plans: plans, scratch: scratch, fallbacks: fallbacks, unallocated: unallocated)
        if proxies.population != nil { for (k, code) in countries.enumerated() { result.populationByCountry[code] = sums[k].population } }
        return result
    }

    /// Σ w of each field proxy and of land area over each country's cells, by bands of rows in parallel;
    /// band results are added in band order, so the sums never depend on scheduling.
    static func weightSums(_ coverages: [SparseCoverage], proxies: ProxySet, grid: Grid, scratch: ScratchPool) -> [WeightSums] {
        let width = grid.width
        let step = max(1, min(64, (1 << 20) / max(1, width)))
        let ranges = coverages.map { c -> (Int, Int) in c.spans.isEmpty ? (1, 0) : (Int(c.spans.first!.row), Int(c.spans.last!.row)) }
        let chunks = (grid.height + step - 1) / step
        let parts = Parallel.map(chunks) { k -> [(Int, WeightSums)] in
            let rows = (k * step)..<min(grid.height, (k + 1) * step)
            let active = coverages.indices.filter { ranges[$0].0 < rows.upperBound && ranges[$0].1 >= rows.lowerBound }
            guard !active.isEmpty else { return [] }
            let kinds = ProxyKind.fieldKinds
            let fields = kinds.map { proxies.fieldRows($0, rows, width: width, scratch: scratch) }
            defer { for buffer in fields { if let buffer { scratch.give(buffer) } } }
            // The fields this run has, unwrapped once rather than at every cell.
            let present = fields.enumerated().compactMap { k, field in field.map { (k, $0) } }
            let base = rows.lowerBound * width
            var out: [(Int, WeightSums)] = []
            for c in active {
                let coverage = coverages[c]
                var sum = WeightSums()
                var s = coverage.firstSpan(atOrAfter: rows.lowerBound)
                while s < coverage.spans.count, Int(coverage.spans[s].row) < rows.upperBound {
                    let span = coverage.spans[s]
                    let row = Int(span.row), start = Int(span.start)
                    for i in 0..<Int(span.count) {
                        let f = span.isFull ? 1.0 : coverage.values[Int(span.valueOffset) + i]
                        let cell = row * width + start + i
                        for (k, field) in present { sum.fields[k] += max(0, field[cell - base]) * f }
                        sum.land += f * proxies.cellAreas.area(row: row, cell: cell)
                    }
                    s += 1
                }
                out.append((c, sum))
            }
            return out
        }
        var sums = [WeightSums](repeating: WeightSums(), count: coverages.count)
        for part in parts { for (c, w) in part { sums[c].add(w) } }
        return sums
    }

    /// Σ w of each field proxy over one country's cells.
    struct WeightSums: Sendable {
        /// In the order of `ProxyKind.fieldKinds`.
        var fields = [Double](repeating: 0, count: ProxyKind.fieldKinds.count)
        var land = 0.0
        var population: Double { self[.population] }
        subscript(kind: ProxyKind) -> Double { ProxyKind.fieldKinds.firstIndex(of: kind).map { fields[$0] } ?? 0 }
        mutating func add(_ other: WeightSums) {
            for k in fields.indices { fields[k] += other.fields[k] }
            land += other.land
        }
    }

    static func plan(_ items: [GriddingItem], coverage: SparseCoverage, sums: WeightSums, proxies: ProxySet, grid: Grid,
                     chains: ProxyChains) -> (CountryPlan, [Fallback]) {
        // Points (plants, airports, ports) count where the country covers their cell.
        var points: [ProxyKind: [(cell: Int, weight: Double)]] = [:]
        for kind in ProxyKind.pointKinds {
            var byCell: [Int: Double] = [:]
            for (cell, w) in proxies.points(kind, of: coverage.code) where coverage.fraction(row: cell / grid.width, column: cell % grid.width) > 0 {
                byCell[cell, default: 0] += w
            }
            if !byCell.isEmpty { points[kind] = byCell.keys.sorted().map { (cell: $0, weight: byCell[$0]!) } }
        }
        let pointSums = points.mapValues { $0.reduce(0) { $0 + $1.weight } }
        func available(_ kind: ProxyKind) -> Bool {
            switch kind {
            case .landArea: return true
            case .population, .income, .cropland, .grassland, .urban: return proxies.hasField(kind)
            case .pointSources, .airports, .ports: return points[kind] != nil
            }
        }
        func weightSum(_ kind: ProxyKind) -> Double {
            switch kind {
            case .landArea: return sums.land
            case .population, .income, .cropland, .grassland, .urban: return sums[kind]
            case .pointSources, .airports, .ports: return pointSums[kind] ?? 0
            }
        }
        var plan = CountryPlan(coverage: coverage, items: [], points: points,
                               firstRow: Int(coverage.spans.first?.row ?? 1), lastRow: Int(coverage.spans.last?.row ?? 0))
        var fallbacks: [Fallback] = []
        for item in items.sorted(by: { $0.quantity < $1.quantity }) {
            var chain = chains.chain(for: item.quantity)
            if chain.last != .landArea { chain.append(.landArea) }
            for (k, kind) in chain.enumerated() {
                let present = available(kind)
                let sum = present ? weightSum(kind) : 0
                if sum > 0 { plan.items.append(PlanItem(quantity: item.quantity, value: item.value, kind: kind, weightSum: sum)); break }
                fallbacks.append(Fallback(iso3: item.iso3, quantity: item.quantity, from: kind, to: k + 1 < chain.count ? chain[k + 1] : nil,
                                          reason: present ? "proxy is zero inside the country" : "proxy not available"))
            }
        }
        return (plan, fallbacks)
    }
}

/// The field proxies' weight sums per country of one build (`GriddingEngine.grid`'s `sumCache`),
/// kept across its years: summing a 0.01° field over every country is the costly part of a plan.
/// Used by one gridding run at a time.
public final class WeightSumCache: @unchecked Sendable {
    var sums: [String: GriddingEngine.WeightSums] = [:]
    public init() {}
}
