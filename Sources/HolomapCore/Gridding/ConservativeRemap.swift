/// Area-weighted conservative remapping between lat/lon grids: every source amount (a count per
/// cell, such as people) is shared among the target cells it overlaps in proportion to the
/// overlap's ellipsoidal area, so Σ target = Σ source over the common extent, for coarser and
/// finer targets alike. Lat/lon overlaps are separable: longitude share × latitude-zone share.
public enum ConservativeRemap {
    public static func latLon(_ values: [Double], from source: Grid, to target: Grid) -> [Double] {
        precondition(source.crs.isGeographic && target.crs.isGeographic)
        precondition(values.count == source.cellCount)
        // Longitude shares: source column → [(target column, fraction of the source column)].
        var columnShares: [[(Int, Double)]] = []
        for i in 0..<source.width {
            var west = source.x(ofColumn: Double(i)), east = source.x(ofColumn: Double(i + 1))
            if west > east { swap(&west, &east) }
            var shares: [(Int, Double)] = []
            let turns = target.wrapsLongitude ? [-360.0, 0, 360] : [0]
            for shift in turns {
                let a = west + shift, b = east + shift
                let lo = max(a, target.minX), hi = min(b, target.maxX)
                guard hi > lo else { continue }
                let first = max(0, Int(target.column(ofX: lo).rounded(.down)))
                let last = min(target.width - 1, Int(target.column(ofX: hi).rounded(.up)) - 1)
                guard first <= last else { continue }
                for j in first...last {
                    let cw = target.x(ofColumn: Double(j)), ce = target.x(ofColumn: Double(j + 1))
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
            let lo = max(south, target.minY), hi = min(north, target.maxY)
            if hi > lo, zone > 0 {
                let rowA = Int(target.row(ofY: hi).rounded(.down)), rowB = Int(target.row(ofY: lo).rounded(.up)) - 1
                for s in max(0, min(rowA, rowB))...min(target.height - 1, max(rowA, rowB)) {
                    let t0 = target.y(ofRow: Double(s)), t1 = target.y(ofRow: Double(s + 1))
                    let a = max(lo, min(t0, t1)), b = min(hi, max(t0, t1))
                    if b > a { shares.append((s, WGS84.zoneAreaPerRadian(fromLatitude: a, toLatitude: b) / zone)) }
                }
            }
            rowShares.append(shares)
        }
        var out = [Double](repeating: 0, count: target.cellCount)
        for r in 0..<source.height where !rowShares[r].isEmpty {
            for i in 0..<source.width {
                let v = values[r * source.width + i]
                guard v != 0 else { continue }
                for (s, ws) in rowShares[r] {
                    let base = s * target.width, vs = v * ws
                    for (j, wc) in columnShares[i] { out[base + j] += vs * wc }
                }
            }
        }
        return out
    }
}
