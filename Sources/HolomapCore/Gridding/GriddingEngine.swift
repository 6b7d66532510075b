import Foundation

/// Proxies available to the gridding of one grid.
public struct ProxySet: Sendable {
    /// People per cell on the grid (any non-negative weight field), or nil if none was given.
    /// Produced a band of rows at a time, so a fine grid never holds it whole.
    public var population: (any RowField)?
    /// Point-source weights per country: (cell index, weight).
    public var pointSources: [String: [(cell: Int, weight: Double)]]
    public var cellAreas: CellAreaTable
    /// Income per cell (extensive: GDP, not GDP per person), or nil.
    public var income: (any RowField)?

    public init(population: (any RowField)?, pointSources: [String: [(cell: Int, weight: Double)]], cellAreas: CellAreaTable,
                income: (any RowField)? = nil) {
        self.population = population; self.pointSources = pointSources; self.cellAreas = cellAreas; self.income = income
    }

    /// Weight field `kind` (population or income) on `rows`, in pool scratch the caller gives
    /// back; nil when there is no such field.
    func fieldRows(_ kind: ProxyKind, _ rows: Range<Int>, width: Int) -> UnsafeMutableBufferPointer<Double>? {
        let field: (any RowField)?
        switch kind {
        case .population: field = population
        case .income: field = income
        case .pointSources, .landArea: field = nil
        }
        return field.map { field in
            let buffer = ScratchPool.shared.take(rows.count * width)
            field.fill(rows: rows, into: buffer)
            return buffer
        }
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
    public init(sector: String, gas: String) { self.sector = sector; self.gas = gas }
}

/// What the gridding decided for one country × sector × gas: the proxy used and Σw over the
/// country's cells. Layers are made from these on demand, band by band of rows, so no dense
/// grid per country, sector or gas is ever kept.
struct PlanItem: Sendable {
    var key: LayerKey
    var value: Double
    var kind: ProxyKind
    var weightSum: Double
}

struct CountryPlan: Sendable {
    var coverage: SparseCoverage
    var items: [PlanItem]
    /// Power plants in cells the country covers: (cell, Σ weight), ascending cell.
    var points: [(cell: Int, weight: Double)]
    var firstRow: Int
    var lastRow: Int

    func firstSpan(atOrAfter row: Int) -> Int { coverage.firstSpan(atOrAfter: row) }

    func firstPoint(atOrAfter cell: Int) -> Int {
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].cell < cell { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Amounts added to the grid per country and plan item, from one band of rows. Adding the parts
/// of every band, in band order, gives the ledger.
public struct LedgerPart: Sendable {
    var entries: [(plan: Int, item: Int, amount: Double)] = []
}

/// Σ of the amounts each plan item put into the grid: the conservation ledger.
public struct Ledger: Sendable {
    var amounts: [[Double]]
    public mutating func add(_ part: LedgerPart) {
        for e in part.entries { amounts[e.plan][e.item] += e.amount }
    }
}

public struct GriddingResult: Sendable {
    let grid: Grid
    let proxies: ProxySet
    let plans: [CountryPlan]
    public var fallbacks: [Fallback]
    public var unallocated: [Unallocated]

    public var keys: [LayerKey] { Array(Set(plans.flatMap { $0.items.map(\.key) })).sorted() }
    public var sectors: [String] { Array(Set(keys.map(\.sector))).sorted() }
    public var gases: [String] { Array(Set(keys.map(\.gas))).sorted() }

    /// An empty ledger to add the parts of `fill` to.
    public func emptyLedger() -> Ledger { Ledger(amounts: plans.map { [Double](repeating: 0, count: $0.items.count) }) }

    /// The ledger rows: for every country × sector × gas, the input and what the bands added.
    public func totals(_ ledger: Ledger) -> [TotalRow] {
        var rows: [TotalRow] = []
        for (p, plan) in plans.enumerated() {
            for (i, item) in plan.items.enumerated() {
                rows.append(TotalRow(iso3: plan.coverage.code, sector: item.key.sector, gas: item.key.gas, input: item.value, gridded: ledger.amounts[p][i]))
            }
        }
        return rows
    }

    /// The ledger of a pass over the whole grid that keeps no layer (for small grids and tests;
    /// builds take the ledger from the pass that writes their layers).
    public var totals: [TotalRow] {
        var ledger = emptyLedger()
        var row = 0
        while row < grid.height {
            let rows = row..<min(grid.height, row + 512)
            ledger.add(fill(rows: rows, layersOf: { _ in [] }, into: []))
            row = rows.upperBound
        }
        return totals(ledger)
    }

    /// Rows per work item: about a million cells, and a fixed partition of the grid, so the order
    /// of every sum is the same whatever the caller's bands and the number of cores.
    var chunkRows: Int { max(1, min(64, (1 << 18) / max(1, grid.width))) }

    /// Adds every plan item's cells in rows `rows` into the layers `layersOf(key)` names:
    /// `buffers[k]` holds layer k for these rows, row-major (`rows.count × width`), and is
    /// zeroed here. Cells are summed in Float64, countries in code order, so every run adds in
    /// the same order. `columns`: when given, only these column ranges are zeroed (callers that
    /// know where countries are leave the rest unread); every covered cell must lie in one.
    /// Returns the amounts added per plan item, for the ledger.
    public func fill(rows: Range<Int>, layersOf: (LayerKey) -> [Int], into buffers: [UnsafeMutableBufferPointer<Double>],
                     columns: [Range<Int>]? = nil) -> LedgerPart {
        let width = grid.width
        for b in buffers { precondition(b.count >= rows.count * width) }
        let targets = plans.map { $0.items.map { layersOf($0.key) } }
        let boxes = buffers.map { UnsafeBox($0) }
        let parts = forEachChunk(of: rows) { chunk -> LedgerPart in
            let offset = (chunk.lowerBound - rows.lowerBound) * width
            for b in boxes { Self.zero(b.pointer.baseAddress! + offset, rows: chunk.count, width: width, columns: columns) }
            return fillChunk(chunk, origin: rows.lowerBound, targets: targets, buffers: boxes)
        }
        var all = LedgerPart()
        for p in parts { all.entries += p.entries }
        return all
    }

    /// Runs `body` on each chunk of `rows` (the fixed partition of `chunkRows`) in parallel;
    /// results in row order.
    func forEachChunk<T: Sendable>(of rows: Range<Int>, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let step = chunkRows
        guard !rows.isEmpty else { return [] }
        let firstChunk = rows.lowerBound / step, lastChunk = (rows.upperBound - 1) / step
        return Parallel.map(lastChunk - firstChunk + 1) { k in
            body(max(rows.lowerBound, (firstChunk + k) * step)..<min(rows.upperBound, (firstChunk + k + 1) * step))
        }
    }

    /// Zeroes `rows` rows of a row-major band at `base`: only `columns` when given.
    static func zero(_ base: UnsafeMutablePointer<Double>, rows: Int, width: Int, columns: [Range<Int>]?) {
        guard let columns else { base.update(repeating: 0, count: rows * width); return }
        for r in 0..<rows { for c in columns { (base + r * width + c.lowerBound).update(repeating: 0, count: c.count) } }
    }

    /// The same into per-work-item scratch: each chunk of rows (`chunkRows` rows) is filled into
    /// `layerCount` Float64 buffers of `chunk.count × width` values that stay in cache, and
    /// handed to `after(chunk, buffers)` before the work item moves on. Nothing the size of a
    /// band of the grid is ever held. Results come back in row order.
    public func fillChunks<T: Sendable>(rows: Range<Int>, layerCount: Int, layersOf: (LayerKey) -> [Int], columns: [Range<Int>]?,
                                        after: @Sendable (Range<Int>, [UnsafeMutableBufferPointer<Double>]) -> T) -> (ledger: LedgerPart, results: [T]) {
        let width = grid.width
        let targets = plans.map { $0.items.map { layersOf($0.key) } }
        let parts = forEachChunk(of: rows) { chunk -> (LedgerPart, T) in
            let cells = chunk.count * width
            let scratch = ScratchPool.shared.take(layerCount * cells)
            defer { ScratchPool.shared.give(scratch) }
            let buffers = (0..<layerCount).map { UnsafeMutableBufferPointer(rebasing: scratch[($0 * cells)..<(($0 + 1) * cells)]) }
            for b in buffers { Self.zero(b.baseAddress!, rows: chunk.count, width: width, columns: columns) }
            let part = fillChunk(chunk, origin: chunk.lowerBound, targets: targets, buffers: buffers.map { UnsafeBox($0) })
            return (part, after(chunk, buffers))
        }
        var all = LedgerPart()
        for p in parts { all.entries += p.0.entries }
        return (all, parts.map(\.1))
    }

    /// The sum of the selected layers over the whole grid (Float64, caller's buffer).
    public func sum(into out: inout [Double], where include: (LayerKey) -> Bool = { _ in true }) {
        precondition(out.count >= grid.cellCount)
        out.withUnsafeMutableBufferPointer { buffer in
            _ = fill(rows: 0..<grid.height, layersOf: { include($0) ? [0] : [] }, into: [buffer])
        }
    }

    public func sum(cellCount: Int, where include: (LayerKey) -> Bool = { _ in true }) -> [Double] {
        var out = [Double](repeating: 0, count: cellCount)
        sum(into: &out, where: include)
        return out
    }

    public func totalLayer(cellCount: Int) -> [Double] { sum(cellCount: cellCount) }
    public func layer(sector: String, cellCount: Int) -> [Double] { sum(cellCount: cellCount) { $0.sector == sector } }

    func fillChunk(_ rows: Range<Int>, origin: Int, targets: [[[Int]]], buffers: [UnsafeBox<Double>]) -> LedgerPart {
        let width = grid.width
        var part = LedgerPart()
        let active = plans.indices.filter { plans[$0].firstRow < rows.upperBound && plans[$0].lastRow >= rows.lowerBound && !plans[$0].items.isEmpty }
        guard !active.isEmpty else { return part }
        // Weight fields (population, income) for these rows, only those some item uses.
        var fields: [ProxyKind: UnsafeMutableBufferPointer<Double>] = [:]
        for kind in [ProxyKind.population, .income] where active.contains(where: { plans[$0].items.contains { $0.kind == kind } }) {
            fields[kind] = proxies.fieldRows(kind, rows, width: width)
        }
        defer { for buffer in fields.values { ScratchPool.shared.give(buffer) } }
        // Pointers to each layer's cell 0 (grid index), so a cell index addresses it directly.
        let base = rows.lowerBound * width
        let layerBase = buffers.map { $0.pointer.baseAddress! + (rows.lowerBound - origin) * width - base }
        let fieldBase = fields.mapValues { $0.baseAddress! - base }
        // Per-item sums in raw memory: an array captured by the inner function would be checked
        // for uniqueness on every cell.
        let maxItems = active.map { plans[$0].items.count }.max() ?? 0
        let added = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, maxItems))
        defer { added.deallocate() }
        for p in active {
            let plan = plans[p]
            let items = plan.items
            added.update(repeating: 0)
            // Items by proxy: one weight per cell serves every item that uses it;
            // amount = w × (value / Σw). The ledger gets, per item, (value / Σw) × the Σ w of the
            // cells this pass visited: it checks that the writing pass spreads every item over
            // exactly the weights its plan counted (the layer sums are checked separately).
            for kind in ProxyKind.allCases {
                let chosen = items.indices.filter { items[$0].kind == kind }
                guard !chosen.isEmpty else { continue }
                let scales = chosen.map { items[$0].value / items[$0].weightSum }
                let outs = chosen.map { targets[p][$0].map { layerBase[$0] } }
                var visited = 0.0
                @inline(__always) func add(_ cell: Int, _ w: Double) {
                    visited += w
                    for (j, scale) in scales.enumerated() {
                        let amount = w * scale
                        for out in outs[j] { out[cell] += amount }
                    }
                }
                defer { for (j, i) in chosen.enumerated() { added[i] += scales[j] * visited } }
                if kind == .pointSources {
                    var k = plan.firstPoint(atOrAfter: base)
                    while k < plan.points.count, plan.points[k].cell < rows.upperBound * width {
                        if plan.points[k].weight != 0 { add(plan.points[k].cell, plan.points[k].weight) }
                        k += 1
                    }
                    continue
                }
                var s = plan.firstSpan(atOrAfter: rows.lowerBound)
                let spans = plan.coverage.spans, values = plan.coverage.values
                let field = fieldBase[kind]
                while s < spans.count, Int(spans[s].row) < rows.upperBound {
                    let span = spans[s]
                    let row = Int(span.row), first = row * width + Int(span.start)
                    let area = kind == .landArea ? proxies.cellAreas.area(row: row, cell: first) : 0
                    for c in 0..<Int(span.count) {
                        let f = span.isFull ? 1.0 : values[Int(span.valueOffset) + c]
                        let cell = first + c
                        let w: Double
                        if let field { w = max(0, field[cell]) * f }
                        else if case .perCell = proxies.cellAreas { w = f * proxies.cellAreas.area(row: row, cell: cell) }
                        else { w = f * area }
                        if w != 0 { add(cell, w) }
                    }
                    s += 1
                }
            }
            for i in 0..<items.count where added[i] != 0 { part.entries.append((p, i, added[i])) }
        }
        return part
    }
}

/// A buffer pointer shared by work items that write disjoint parts of it.
public struct UnsafeBox<T>: @unchecked Sendable {
    public let pointer: UnsafeMutableBufferPointer<T>
    public init(_ pointer: UnsafeMutableBufferPointer<T>) { self.pointer = pointer }
}

/// Reused Float64 scratch bands: on this kind of machine first-touching fresh memory costs more
/// than the arithmetic, so band buffers are kept and handed out again instead of reallocated.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()
    private var free: [UnsafeMutableBufferPointer<Double>] = []
    private var whole: [UnsafeMutablePointer<Double>: UnsafeMutableBufferPointer<Double>] = [:]
    private let lock = NSLock()

    /// A buffer of at least `count` values (contents undefined), to give back when done.
    func take(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
        lock.lock(); defer { lock.unlock() }
        let buffer: UnsafeMutableBufferPointer<Double>
        if let k = free.firstIndex(where: { $0.count >= count }) {
            buffer = free.remove(at: k)
        } else {
            buffer = .allocate(capacity: max(count, 1 << 20))
            whole[buffer.baseAddress!] = buffer
        }
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }

    func give(_ buffer: UnsafeMutableBufferPointer<Double>) {
        lock.lock(); defer { lock.unlock() }
        free.append(whole[buffer.baseAddress!]!)
    }
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
        let countries = byCountry.keys.sorted()
        let ordered = countries.map { coverages[$0]! }
        let sums = weightSums(ordered, proxies: proxies, grid: grid)
        var plans: [CountryPlan] = [], fallbacks: [Fallback] = []
        for (k, code) in countries.enumerated() {
            let (plan, f) = plan(byCountry[code]!, coverage: ordered[k], sums: sums[k], proxies: proxies, grid: grid, sectorProxies: sectorProxies)
            plans.append(plan); fallbacks += f
        }
        return GriddingResult(grid: grid, proxies: proxies, plans: plans, fallbacks: fallbacks, unallocated: unallocated)
    }

    /// Σ w of population and land area over each country's cells, by bands of rows in parallel;
    /// band results are added in band order, so the sums never depend on scheduling.
    static func weightSums(_ coverages: [SparseCoverage], proxies: ProxySet, grid: Grid) -> [WeightSums] {
        let width = grid.width
        let step = max(1, min(64, (1 << 20) / max(1, width)))
        let ranges = coverages.map { c -> (Int, Int) in c.spans.isEmpty ? (1, 0) : (Int(c.spans.first!.row), Int(c.spans.last!.row)) }
        let chunks = (grid.height + step - 1) / step
        let parts = Parallel.map(chunks) { k -> [(Int, WeightSums)] in
            let rows = (k * step)..<min(grid.height, (k + 1) * step)
            let active = coverages.indices.filter { ranges[$0].0 < rows.upperBound && ranges[$0].1 >= rows.lowerBound }
            guard !active.isEmpty else { return [] }
            let population = proxies.fieldRows(.population, rows, width: width), income = proxies.fieldRows(.income, rows, width: width)
            defer { for buffer in [population, income] { if let buffer { ScratchPool.shared.give(buffer) } } }
            let base = rows.lowerBound * width
            var out: [(Int, WeightSums)] = []
            for c in active {
                let coverage = coverages[c]
                var pop = 0.0, land = 0.0, inc = 0.0
                var s = coverage.firstSpan(atOrAfter: rows.lowerBound)
                while s < coverage.spans.count, Int(coverage.spans[s].row) < rows.upperBound {
                    let span = coverage.spans[s]
                    let row = Int(span.row), start = Int(span.start)
                    for i in 0..<Int(span.count) {
                        let f = span.isFull ? 1.0 : coverage.values[Int(span.valueOffset) + i]
                        let cell = row * width + start + i
                        if let population { pop += max(0, population[cell - base]) * f }
                        if let income { inc += max(0, income[cell - base]) * f }
                        land += f * proxies.cellAreas.area(row: row, cell: cell)
                    }
                    s += 1
                }
                out.append((c, WeightSums(population: pop, income: inc, land: land)))
            }
            return out
        }
        var sums = [WeightSums](repeating: WeightSums(), count: coverages.count)
        for part in parts { for (c, w) in part { sums[c].add(w) } }
        return sums
    }

    /// Σ w of each field proxy over one country's cells.
    struct WeightSums: Sendable {
        var population = 0.0, income = 0.0, land = 0.0
        mutating func add(_ other: WeightSums) { population += other.population; income += other.income; land += other.land }
    }

    static func plan(_ emissions: [Emission], coverage: SparseCoverage, sums: WeightSums, proxies: ProxySet, grid: Grid,
                     sectorProxies: [String: [ProxyKind]]) -> (CountryPlan, [Fallback]) {
        // Plants count where the country covers their cell.
        var byCell: [Int: Double] = [:]
        for (cell, w) in proxies.pointSources[coverage.code] ?? [] where coverage.fraction(row: cell / grid.width, column: cell % grid.width) > 0 {
            byCell[cell, default: 0] += w
        }
        let points = byCell.keys.sorted().map { (cell: $0, weight: byCell[$0]!) }
        let pointSum = points.reduce(0) { $0 + $1.weight }
        func available(_ kind: ProxyKind) -> Bool {
            switch kind {
            case .landArea: return true
            case .population: return proxies.population != nil
            case .income: return proxies.income != nil
            case .pointSources: return !points.isEmpty
            }
        }
        func weightSum(_ kind: ProxyKind) -> Double {
            switch kind {
            case .landArea: return sums.land
            case .population: return sums.population
            case .income: return sums.income
            case .pointSources: return pointSum
            }
        }
        var plan = CountryPlan(coverage: coverage, items: [], points: points,
                               firstRow: Int(coverage.spans.first?.row ?? 1), lastRow: Int(coverage.spans.last?.row ?? 0))
        var fallbacks: [Fallback] = []
        for e in emissions.sorted(by: { ($0.sector, $0.gas) < ($1.sector, $1.gas) }) {
            var chain = sectorProxies[e.sector] ?? Sectors.byCode[e.sector]?.proxies ?? [.population]
            if chain.last != .landArea { chain.append(.landArea) }
            for (k, kind) in chain.enumerated() {
                let present = available(kind)
                let sum = present ? weightSum(kind) : 0
                if sum > 0 { plan.items.append(PlanItem(key: LayerKey(sector: e.sector, gas: e.gas), value: e.tonnesCO2e, kind: kind, weightSum: sum)); break }
                let next = k + 1 < chain.count ? chain[k + 1].rawValue : "none"
                fallbacks.append(Fallback(iso3: e.iso3, sector: e.sector, gas: e.gas, from: kind.rawValue, to: next,
                                          reason: present ? "proxy is zero inside the country" : "proxy not available"))
            }
        }
        return (plan, fallbacks)
    }
}

/// A weight field on a grid that can be produced a band of rows at a time, so fine grids never
/// hold it whole.
public protocol RowField: Sendable {
    var width: Int { get }
    /// Overwrites `out[0 ..< rows.count × width]` with the field on `rows`, row-major.
    func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>)
}

/// A field held whole (small or projected grids).
public struct DenseField: RowField {
    public let width: Int
    let values: [Float]
    public init(_ values: [Float], width: Int) { self.values = values; self.width = width }
    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        let base = rows.lowerBound * width
        values.withUnsafeBufferPointer { v in for i in 0..<(rows.count * width) { out[i] = Double(v[base + i]) } }
    }
}

/// Counts on a lat/lon grid, conservatively remapped onto a lat/lon target one band of rows at a
/// time (`ConservativeRemap.latLon` with the band's row edges).
public struct LatLonRemapField: RowField {
    let values: [Double]
    let source: Grid
    let target: Grid
    let columns: ConservativeRemap.ColumnShares
    public var width: Int { target.width }

    public init(_ values: [Double], from source: Grid, to target: Grid) {
        precondition(source.crs.isGeographic && target.crs.isGeographic)
        self.values = values; self.source = source; self.target = target
        columns = ConservativeRemap.ColumnShares(source: source, columnEdges: (0...target.width).map { target.x(ofColumn: Double($0)) },
                                                 wraps: target.wrapsLongitude)
    }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        let band = UnsafeMutableBufferPointer(rebasing: out[0..<(rows.count * width)])
        band.update(repeating: 0)
        let edges = (rows.lowerBound...rows.upperBound).map { target.y(ofRow: Double($0)) }
        ConservativeRemap.latLon(values, from: source, columns: columns, rowEdges: edges, into: band)
    }
}
