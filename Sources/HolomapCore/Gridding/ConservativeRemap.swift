/// Area-weighted conservative remapping between lat/lon grids: every source amount (a count per
/// cell, such as people) is shared among the target cells it overlaps in proportion to the
/// overlap's ellipsoidal area, so Σ target = Σ source over the common extent, for coarser and
/// finer targets alike. Lat/lon overlaps are separable: longitude share × latitude-zone share.
public enum ConservativeRemap {
    /// Overlaps shorter than this share of a source cell's side are rounding, not overlap.
    static let sliver = 1e-9

    public static func latLon(_ values: [Double], from source: Grid, to target: Grid) -> [Double] {
        precondition(target.crs.isGeographic)
        let columns = (0...target.width).map { target.x(ofColumn: Double($0)) }
        let rows = (0...target.height).map { target.y(ofRow: Double($0)) }
        return latLon(values, from: source, columnEdges: columns, rowEdges: rows, wraps: target.wrapsLongitude)
    }

    /// The same onto any target whose columns are bounded by meridians and rows by parallels,
    /// evenly spaced or not (Web Mercator tiles): `columnEdges` west to east, `rowEdges` in row order.
    public static func latLon(_ values: [Double], from source: Grid, columnEdges: [Double], rowEdges: [Double], wraps: Bool) -> [Double] {
        latLon(values, from: source, columns: ColumnShares(source: source, columnEdges: columnEdges, wraps: wraps), rowEdges: rowEdges)
    }

    /// Longitude shares of every source column among target columns, in compressed rows
    /// (computed once and reused for every band of target rows).
    public struct ColumnShares: Sendable {
        public let targetWidth: Int
        var offsets: [Int] = [0]
        var targets: [Int] = []
        var weights: [Double] = []

        public init(source: Grid, columnEdges: [Double], wraps: Bool) {
            targetWidth = columnEdges.count - 1
            let targetMinX = columnEdges.first!, targetMaxX = columnEdges.last!
            for i in 0..<source.width {
                var west = source.x(ofColumn: Double(i)), east = source.x(ofColumn: Double(i + 1))
                if west > east { swap(&west, &east) }
                for shift in wraps ? [-360.0, 0, 360] : [0] {
                    let a = west + shift, b = east + shift
                    let lo = max(a, targetMinX), hi = min(b, targetMaxX)
                    guard hi > lo, let range = ConservativeRemap.span(columnEdges, lo, hi) else { continue }
                    for j in range {
                        let cw = columnEdges[j], ce = columnEdges[j + 1]
                        let overlap = min(hi, max(cw, ce)) - max(lo, min(cw, ce))
                        // Edges that should coincide differ in the last bits (90 + 900 × −0.1):
                        // a sliver would carry a share of 1e-13, and a whole amount where it is
                        // the only overlap (a dasymetric denominator), so slivers are no overlap.
                        if overlap > ConservativeRemap.sliver * (east - west) { targets.append(j); weights.append(overlap / (east - west)) }
                    }
                }
                offsets.append(targets.count)
            }
        }
    }

    public static func latLon(_ values: [Double], from source: Grid, columns: ColumnShares, rowEdges: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: columns.targetWidth * (rowEdges.count - 1))
        latLon(values, from: source, columns: columns, rowEdges: rowEdges, into: &out)
        return out
    }

    /// Adds the remapped amounts into `out` (callers zero it), so a buffer can serve many bands.
    public static func latLon(_ values: [Double], from source: Grid, columns: ColumnShares, rowEdges: [Double], into out: inout [Double]) {
        out.withUnsafeMutableBufferPointer { latLon(values, from: source, columns: columns, rowEdges: rowEdges, into: $0) }
    }

    /// The same into a caller's memory (`rowEdges.count - 1` rows of the target width).
    public static func latLon(_ values: [Double], from source: Grid, columns: ColumnShares, rowEdges: [Double], into o: UnsafeMutableBufferPointer<Double>) {
        precondition(values.count == source.cellCount)
        values.withUnsafeBufferPointer { latLon(window: $0, firstRow: 0, from: source, columns: columns, rowEdges: rowEdges, into: o) }
    }

    /// The source rows whose latitudes reach those between `rowEdges`' first and last edge (in
    /// any order): the rows `latLon` reads for them.
    public static func sourceRows(_ source: Grid, reaching rowEdges: [Double]) -> Range<Int>? {
        let sourceRowEdges = (0...source.height).map { source.y(ofRow: Double($0)) }
        return span(sourceRowEdges, min(rowEdges.first!, rowEdges.last!), max(rowEdges.first!, rowEdges.last!)).map { $0.lowerBound..<($0.upperBound + 1) }
    }

    /// The same from a window of the source: `v` holds rows `firstRow...` (row-major, the
    /// source's width); rows outside it are not read, so the window must hold `sourceRows`.
    public static func latLon(window v: UnsafeBufferPointer<Double>, firstRow: Int, from source: Grid, columns: ColumnShares, rowEdges: [Double],
                              into o: UnsafeMutableBufferPointer<Double>) {
        precondition(source.crs.isGeographic)
        let width = columns.targetWidth
        precondition(o.count >= width * (rowEdges.count - 1))
        let targetMinY = min(rowEdges.first!, rowEdges.last!), targetMaxY = max(rowEdges.first!, rowEdges.last!)
        // Only source rows that reach the target's latitudes.
        let sourceRowEdges = (0...source.height).map { source.y(ofRow: Double($0)) }
        guard let reaching = span(sourceRowEdges, targetMinY, targetMaxY) else { return }
        let sourceRows = max(reaching.lowerBound, firstRow)..<min(reaching.upperBound + 1, firstRow + v.count / source.width)
        columns.offsets.withUnsafeBufferPointer { offsets in
            columns.targets.withUnsafeBufferPointer { targets in
                columns.weights.withUnsafeBufferPointer { weights in
                    for r in sourceRows {
                        let y0 = sourceRowEdges[r], y1 = sourceRowEdges[r + 1]
                        let south = max(-90, min(y0, y1)), north = min(90, max(y0, y1))
                        let zone = WGS84.zoneAreaPerRadian(fromLatitude: south, toLatitude: north)
                        let lo = max(south, targetMinY), hi = min(north, targetMaxY)
                        guard hi > lo, zone > 0, let range = span(rowEdges, lo, hi) else { continue }
                        // Latitude shares by zone area (cells near the poles are smaller).
                        var rowShares: [(Int, Double)] = []
                        for s in range {
                            let t0 = rowEdges[s], t1 = rowEdges[s + 1]
                            let a = max(lo, min(t0, t1)), b = min(hi, max(t0, t1))
                            if b - a > sliver * (north - south) { rowShares.append((s, WGS84.zoneAreaPerRadian(fromLatitude: a, toLatitude: b) / zone)) }
                        }
                        let rowBase = (r - firstRow) * source.width
                        for i in 0..<source.width {
                            let value = v[rowBase + i]
                            guard value != 0 else { continue }
                            for (s, ws) in rowShares {
                                let base = s * width, vs = value * ws
                                for k in offsets[i]..<offsets[i + 1] { o[base + targets[k]] += vs * weights[k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Index range of intervals overlapping [lo, hi] in an ascending or descending edge list.
    static func span(_ edges: [Double], _ lo: Double, _ hi: Double) -> ClosedRange<Int>? {
        let ascending = edges.last! >= edges.first!
        func boundary(_ v: Double) -> Int { edges.dropLast().partitionPoint { ascending ? $0 < v : $0 > v } }
        let first: Int, last: Int
        if ascending { first = max(0, boundary(lo) - 1); last = min(edges.count - 2, boundary(hi)) }
        else { first = max(0, boundary(hi) - 1); last = min(edges.count - 2, boundary(lo)) }
        return first <= last ? first...last : nil
    }
}
