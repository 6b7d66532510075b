import Foundation

/// What the gridding decided for one country × quantity: the proxy used and Σw over the
/// country's cells. Layers are made from these on demand, band by band of rows, so no dense
/// grid per country, sector or gas is ever kept.
struct PlanItem: Sendable {
    var quantity: Quantity
    var value: Double
    var kind: ProxyKind
    var weightSum: Double
}

struct CountryPlan: Sendable {
    var coverage: SparseCoverage
    var items: [PlanItem]
    /// Per point proxy (plants, airports, ports): its points in cells the country covers,
    /// (cell, Σ weight), ascending cell.
    var points: [ProxyKind: [(cell: Int, weight: Double)]]
    var firstRow: Int
    var lastRow: Int

    func firstSpan(atOrAfter row: Int) -> Int { coverage.firstSpan(atOrAfter: row) }
}

/// The plans of one gridding run, and the passes that turn them into layers band by band.
public struct GriddingResult: Sendable {
    let grid: Grid
    let proxies: ProxySet
    let plans: [CountryPlan]
    /// Float64 scratch of this run (weight fields, chunk buffers), freed with the run.
    let scratch: ScratchPool
    public var fallbacks: [Fallback]
    public var unallocated: [Unallocated]
    /// Σ population weight × coverage fraction over each country's cells: the people it received.
    public var populationByCountry: [String: Double] = [:]

    /// Every quantity some country spreads, in order.
    public var quantities: [Quantity] { Array(Set(plans.flatMap { $0.items.map(\.quantity) })).sorted() }

    /// An empty ledger to add the parts of `fill` to.
    public func emptyLedger() -> Ledger { Ledger(amounts: plans.map { [Double](repeating: 0, count: $0.items.count) }) }

    /// The ledger rows: for every country × quantity, the input and what the bands added.
    public func totals(_ ledger: Ledger) -> [TotalRow] {
        var rows: [TotalRow] = []
        for (p, plan) in plans.enumerated() {
            for (i, item) in plan.items.enumerated() {
                rows.append(TotalRow(iso3: plan.coverage.code, quantity: item.quantity, input: item.value, gridded: ledger.amounts[p][i]))
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
    public func fill(rows: Range<Int>, layersOf: (Quantity) -> [Int], into buffers: [UnsafeMutableBufferPointer<Double>],
                     columns: [Range<Int>]? = nil) -> LedgerPart {
        let width = grid.width
        for b in buffers { precondition(b.count >= rows.count * width) }
        let targets = plans.map { $0.items.map { layersOf($0.quantity) } }
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
    public func fillChunks<T: Sendable>(rows: Range<Int>, layerCount: Int, layersOf: (Quantity) -> [Int], columns: [Range<Int>]?,
                                        after: @Sendable (Range<Int>, [UnsafeMutableBufferPointer<Double>]) -> T) -> (ledger: LedgerPart, results: [T]) {
        let width = grid.width
        let targets = plans.map { $0.items.map { layersOf($0.quantity) } }
        let parts = forEachChunk(of: rows) { chunk -> (LedgerPart, T) in
            let cells = chunk.count * width
            let buffer = self.scratch.take(layerCount * cells)
            defer { self.scratch.give(buffer) }
            let buffers = (0..<layerCount).map { UnsafeMutableBufferPointer(rebasing: buffer[($0 * cells)..<(($0 + 1) * cells)]) }
            for b in buffers { Self.zero(b.baseAddress!, rows: chunk.count, width: width, columns: columns) }
            let part = fillChunk(chunk, origin: chunk.lowerBound, targets: targets, buffers: buffers.map { UnsafeBox($0) })
            return (part, after(chunk, buffers))
        }
        var all = LedgerPart()
        for p in parts { all.entries += p.0.entries }
        return (all, parts.map(\.1))
    }

    /// The sum of the selected layers over the whole grid (Float64, caller's buffer).
    public func sum(into out: inout [Double], where include: (Quantity) -> Bool = { _ in true }) {
        precondition(out.count >= grid.cellCount)
        out.withUnsafeMutableBufferPointer { buffer in
            _ = fill(rows: 0..<grid.height, layersOf: { include($0) ? [0] : [] }, into: [buffer])
        }
    }

    public func sum(cellCount: Int, where include: (Quantity) -> Bool = { _ in true }) -> [Double] {
        var out = [Double](repeating: 0, count: cellCount)
        sum(into: &out, where: include)
        return out
    }

    /// One layer over the whole grid.
    public func layer(_ layer: Layer, cellCount: Int) -> [Double] { sum(cellCount: cellCount) { layer.includes($0) } }

    func fillChunk(_ rows: Range<Int>, origin: Int, targets: [[[Int]]], buffers: [UnsafeBox<Double>]) -> LedgerPart {
        let width = grid.width
        var part = LedgerPart()
        let active = plans.indices.filter { plans[$0].firstRow < rows.upperBound && plans[$0].lastRow >= rows.lowerBound && !plans[$0].items.isEmpty }
        guard !active.isEmpty else { return part }
        // Weight fields (population, income, land cover) for these rows, only those some item uses.
        var fields: [ProxyKind: UnsafeMutableBufferPointer<Double>] = [:]
        for kind in ProxyKind.fieldKinds where active.contains(where: { plans[$0].items.contains { $0.kind == kind } }) {
            fields[kind] = proxies.fieldRows(kind, rows, width: width, scratch: scratch)
        }
        defer { for buffer in fields.values { scratch.give(buffer) } }
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
                if let points = plan.points[kind] {
                    var k = points.partitionPoint { $0.cell < base }
                    while k < points.count, points[k].cell < rows.upperBound * width {
                        if points[k].weight != 0 { add(points[k].cell, points[k].weight) }
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

