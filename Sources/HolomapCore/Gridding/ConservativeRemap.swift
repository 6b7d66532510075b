/// Area-weighted conservative remapping between lat/lon grids: every source amount (a count per
/// cell, such as people) is shared among the target cells it overlaps in proportion to the
/// overlap's ellipsoidal area, so Σ target = Σ source over the common extent, for coarser and
/// finer targets alike. Lat/lon overlaps are separable: longitude share × latitude-zone share.
public enum ConservativeRemap {
    public static func latLon(_ values: [Double], from source: Grid, to target: Grid) -> [Double] {
        precondition(target.crs.isGeographic)
        let columns = (0...target.width).map { target.x(ofColumn: Double($0)) }
        let rows = (0...target.height).map { target.y(ofRow: Double($0)) }
        return latLon(values, from: source, columnEdges: columns, rowEdges: rows, wraps: target.wrapsLongitude)
    }

    /// The same onto any target whose columns are bounded by meridians and rows by parallels,
    /// evenly spaced or not (Web Mercator tiles): `columnEdges` west to east, `rowEdges` in row order.
    public static func latLon(_ values: [Double], from source: Grid, columnEdges: [Double], rowEdges: [Double], wraps: Bool) -> [Double] {
        precondition(source.crs.isGeographic)
        precondition(values.count == source.cellCount)
        let width = columnEdges.count - 1, height = rowEdges.count - 1
        let targetMinX = columnEdges.first!, targetMaxX = columnEdges.last!
        let targetMinY = min(rowEdges.first!, rowEdges.last!), targetMaxY = max(rowEdges.first!, rowEdges.last!)
        /// Index range of edges overlapping [lo, hi] in an ascending or descending edge list.
        func span(_ edges: [Double], _ lo: Double, _ hi: Double) -> ClosedRange<Int>? {
            let ascending = edges.last! >= edges.first!
            var first = 0, last = edges.count - 2
            // Binary searches for the first and last intervals that can overlap.
            func boundary(_ v: Double) -> Int {
                var low = 0, high = edges.count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if ascending ? edges[mid] < v : edges[mid] > v { low = mid + 1 } else { high = mid }
                }
                return low
            }
            if ascending { first = max(0, boundary(lo) - 1); last = min(edges.count - 2, boundary(hi)) }
            else { first = max(0, boundary(hi) - 1); last = min(edges.count - 2, boundary(lo)) }
            return first <= last ? first...last : nil
        }
        // Longitude shares: source column → [(target column, fraction of the source column)].
        var columnShares: [[(Int, Double)]] = []
        for i in 0..<source.width {
            var west = source.x(ofColumn: Double(i)), east = source.x(ofColumn: Double(i + 1))
            if west > east { swap(&west, &east) }
            var shares: [(Int, Double)] = []
            let turns = wraps ? [-360.0, 0, 360] : [0]
            for shift in turns {
                let a = west + shift, b = east + shift
                let lo = max(a, targetMinX), hi = min(b, targetMaxX)
                guard hi > lo, let range = span(columnEdges, lo, hi) else { continue }
                for j in range {
                    let cw = columnEdges[j], ce = columnEdges[j + 1]
                    let overlap = min(hi, max(cw, ce)) - max(lo, min(cw, ce))
                    if overlap > 0 { shares.append((j, overlap / (east - west))) }
                }
            }
            columnShares.append(shares)
        }
        // Latitude shares by zone area (cells near the poles are smaller).
        var rowShares: [[(Int, Double)]] = []
        for r in 0..<source.height {
            let y0 = source.y(ofRow: Double(r)), y1 = source.y(ofRow: Double(r + 1))
            let south = max(-90, min(y0, y1)), north = min(90, max(y0, y1))
            let zone = WGS84.zoneAreaPerRadian(fromLatitude: south, toLatitude: north)
            var shares: [(Int, Double)] = []
            let lo = max(south, targetMinY), hi = min(north, targetMaxY)
            if hi > lo, zone > 0, let range = span(rowEdges, lo, hi) {
                for s in range {
                    let t0 = rowEdges[s], t1 = rowEdges[s + 1]
                    let a = max(lo, min(t0, t1)), b = min(hi, max(t0, t1))
                    if b > a { shares.append((s, WGS84.zoneAreaPerRadian(fromLatitude: a, toLatitude: b) / zone)) }
                }
            }
            rowShares.append(shares)
        }
        var out = [Double](repeating: 0, count: width * height)
        for r in 0..<source.height where !rowShares[r].isEmpty {
            for i in 0..<source.width {
                let v = values[r * source.width + i]
                guard v != 0 else { continue }
                for (s, ws) in rowShares[r] {
                    let base = s * width, vs = v * ws
                    for (j, wc) in columnShares[i] { out[base + j] += vs * wc }
                }
            }
        }
        return out
    }
}
