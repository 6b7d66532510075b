/// How the amounts of a lat/lon source grid go onto a projected target grid whose cells are
/// smaller than the source's (1 km cells against 0.05–0.5° sources): each source cell's amount is
/// shared among the target cells whose centres lie in it, in proportion to their areas, so a
/// source cell wholly inside the target grid keeps its amount exactly. A source cell the grid's
/// edge cuts keeps the share min(1, S / A) of it, S the area of the target cells it holds and A
/// its own area. A source cell that holds no target centre goes whole to the target cell its own
/// centre lies in (none when that is outside the grid). Where the cells, their centres and the
/// corners lie is the projection's business (`HolomapBridge.ProjectedShares` builds this).
public struct CentreShares: Sendable {
    public let source: Grid
    public let targetWidth: Int
    /// Per target cell: the slot of the source cell its centre lies in, or -1.
    let slot: [Int32]
    /// The source cell of each slot.
    let cells: [Int]
    /// Per slot: the share of the source amount per m² of target cell, f / S.
    let factor: [Double]
    /// Source cells holding no target centre, by the target cell their centre lies in, ascending.
    let orphans: [(target: Int, source: Int)]
    let areas: CellAreaTable

    /// `centreCell`: per target cell, the source cell its centre lies in (-1: none).
    /// `wholeInside(s)`: whether source cell s lies wholly inside the target grid.
    /// `sourceCentres`: for the source cells near the grid, the target cell their centre lies in.
    public init(source: Grid, targetWidth: Int, centreCell: [Int32], areas: CellAreaTable,
                wholeInside: (Int) -> Bool, sourceCentres: [(source: Int, target: Int)]) {
        self.source = source; self.targetWidth = targetWidth; self.areas = areas
        var slotOf: [Int: Int32] = [:], cells: [Int] = [], held: [Double] = []
        var slot = [Int32](repeating: -1, count: centreCell.count)
        for (t, s) in centreCell.enumerated() where s >= 0 {
            let k: Int32
            if let known = slotOf[Int(s)] { k = known } else {
                k = Int32(cells.count); slotOf[Int(s)] = k; cells.append(Int(s)); held.append(0)
            }
            slot[t] = k
            held[Int(k)] += areas.area(row: t / targetWidth, cell: t)
        }
        let rowAreas = source.geographicRowAreas()
        factor = cells.indices.map { k in
            let s = cells[k], covered = held[k]
            guard covered > 0 else { return 0 }
            let kept = wholeInside(s) ? 1 : min(1, covered / rowAreas[s / source.width])
            return kept / covered
        }
        self.slot = slot; self.cells = cells
        // A source cell whose target cells have no area (corners the projection cannot place)
        // counts as holding none.
        orphans = sourceCentres.filter { s in s.target >= 0 && (slotOf[s.source].map { held[Int($0)] <= 0 } ?? true) }
            .map { (target: $0.target, source: $0.source) }
            .sorted { ($0.target, $0.source) < ($1.target, $1.source) }
    }

    /// The target rows `rows` of a source field given cell by cell by `amount` (t per source cell).
    public func fill(rows: Range<Int>, amount: (Int) -> Double, into out: UnsafeMutableBufferPointer<Double>) {
        let first = rows.lowerBound * targetWidth, last = rows.upperBound * targetWidth
        for t in first..<last {
            let k = Int(slot[t])
            out[t - first] = k >= 0 ? amount(cells[k]) * (areas.area(row: t / targetWidth, cell: t) * factor[k]) : 0
        }
        // Orphans are few (source cells smaller than the target's); they are sorted by target cell.
        var i = lowerBound(first)
        while i < orphans.count, orphans[i].target < last {
            out[orphans[i].target - first] += amount(orphans[i].source)
            i += 1
        }
    }

    func lowerBound(_ target: Int) -> Int {
        var lo = 0, hi = orphans.count
        while lo < hi { let mid = (lo + hi) / 2; if orphans[mid].target < target { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}

/// A lat/lon field of amounts per cell on a projected grid through `CentreShares`.
public struct CentreSharesField: RowField {
    let shares: CentreShares
    let amount: @Sendable (Int) -> Double
    public var width: Int { shares.targetWidth }

    /// Amounts per source cell, `values` row-major on `shares.source`.
    public init(_ values: [Double], shares: CentreShares) {
        precondition(values.count == shares.source.cellCount)
        self.shares = shares
        amount = { values[$0] }
    }

    /// A fire field (`FireGridding.coefficients` of `amounts`) cell by cell, never held whole.
    public init(_ gridding: FireGridding, amounts: [FireType: [Double]], shares: CentreShares) {
        precondition(gridding.grid == shares.source)
        self.shares = shares
        let coefficients = gridding.coefficients(amounts)
        amount = { gridding.amount(cell: $0, coefficients) }
    }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        shares.fill(rows: rows, amount: amount, into: out)
    }
}
