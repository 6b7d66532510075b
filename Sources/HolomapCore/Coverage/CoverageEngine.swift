import Foundation

/// Exact fractions of grid cells covered by a region, measured in the grid CRS's coordinates
/// (exactextract's definition: area of polygon ∩ cell / area of cell).
///
/// Method: signed-area accumulation. Each polygon edge, cut at row and column lines, adds to the
/// cell it crosses the exact trapezoid area lying to its right inside that cell, and the rest of
/// its height to the next cell; a prefix sum along each row then yields every cell's covered
/// fraction. Rings are signed so holes subtract. Cells that no edge crosses are wholly inside or
/// outside and get exactly 1 or 0 with no clipping work; the walk along a row jumps over them, so
/// the cost grows with the boundary's length, not the region's area. Rows are processed in strips
/// so that no dense per-region grid is ever held.
public enum CoverageEngine {
    /// Longest strip buffer (cells) held at once.
    static let stripCellBudget = 1 << 22

    struct Edge {
        var u0, v0, u1, v1: Double  // cell coordinates, v0 < v1
        var sign: Double            // +1 or −1 after direction and ring weight
        var rowTop: Int { Int(v0.rounded(.down)) }
    }

    public static func coverage(of region: Region, on grid: Grid) -> SparseCoverage {
        var result = SparseCoverage(code: region.code, width: grid.width, height: grid.height)
        var edges = buildEdges(region, grid)
        guard !edges.isEmpty else { return result }

        var uMin = Double.infinity, uMax = -Double.infinity, vMin = Double.infinity, vMax = -Double.infinity
        for e in edges {
            uMin = min(uMin, e.u0, e.u1); uMax = max(uMax, e.u0, e.u1)
            vMin = min(vMin, e.v0); vMax = max(vMax, e.v1)
        }
        // Horizontal cuts also matter (they mark cells as crossed), so include them in the bounds.
        let c0 = max(0, Int(uMin.rounded(.down))), c1 = min(grid.width, Int(uMax.rounded(.up)))
        let r0 = max(0, Int(vMin.rounded(.down))), r1 = min(grid.height, Int(vMax.rounded(.up)))
        guard c0 < c1, r0 < r1 else { return result }

        let bufferWidth = c1 - c0 + 1
        let stripRows = max(1, min(r1 - r0, stripCellBudget / bufferWidth))
        var strip = Strip(rows: stripRows, width: bufferWidth, c0: c0, c1: c1)

        edges.sort { $0.v0 < $1.v0 }
        var next = 0
        var active: [Edge] = []
        var s0 = r0
        while s0 < r1 {
            let s1 = min(r1, s0 + stripRows)
            while next < edges.count, edges[next].rowTop < s1 { active.append(edges[next]); next += 1 }
            strip.begin(firstRow: s0)
            for edge in active { strip.rasterize(edge, rows: s0..<s1) }
            strip.emit(rows: s0..<s1, into: &result)
            active.removeAll { $0.v1 <= Double(s1) }
            s0 = s1
        }
        return result
    }

    /// Region rings → signed edges in cell coordinates, with longitude wrap copies.
    static func buildEdges(_ region: Region, _ grid: Grid) -> [Edge] {
        let weights = region.ringWeights()
        var edges: [Edge] = []
        var horizontal: [Edge] = []
        for (index, original) in region.rings.enumerated() where original.points.count >= 3 {
            let ring = grid.crs.isGeographic ? Antimeridian.unwrap(original) : original
            let uv = ring.points.map { Point(x: grid.column(ofX: $0.x), y: grid.row(ofY: $0.y)) }
            let area = Ring(points: uv, role: ring.role).signedArea
            guard area != 0 else { continue }
            // In (u, v) with v pointing down, a ring of negative shoelace area has its interior
            // to the right of edges that run down; weight −1 turns a hole around.
            let sign = (area < 0 ? 1.0 : -1.0) * weights[index]
            var previous = uv[uv.count - 1]
            for point in uv {
                if previous.y < point.y {
                    edges.append(Edge(u0: previous.x, v0: previous.y, u1: point.x, v1: point.y, sign: sign))
                } else if previous.y > point.y {
                    edges.append(Edge(u0: point.x, v0: point.y, u1: previous.x, v1: previous.y, sign: -sign))
                } else if previous.x != point.x {
                    horizontal.append(Edge(u0: min(previous.x, point.x), v0: point.y, u1: max(previous.x, point.x), v1: point.y, sign: 0))
                }
                previous = point
            }
        }
        edges += horizontal
        guard grid.crs.isGeographic, !edges.isEmpty else { return edges }
        // Copies shifted by whole turns of longitude, so 0–360° data lands on a −180–180° grid.
        let period = 360 / abs(grid.transform.pixelWidth)
        var uMin = Double.infinity, uMax = -Double.infinity
        for e in edges { uMin = min(uMin, e.u0, e.u1); uMax = max(uMax, e.u0, e.u1) }
        let width = Double(grid.width)
        let kLow = Int(((0 - uMax) / period).rounded(.down)), kHigh = Int(((width - uMin) / period).rounded(.up))
        var shifted: [Edge] = []
        for k in kLow...kHigh {
            let offset = Double(k) * period
            guard uMax + offset > 0, uMin + offset < width else { continue }
            for var e in edges {
                e.u0 += offset; e.u1 += offset
                shifted.append(e)
            }
        }
        return shifted
    }

    /// Dense accumulation buffer for a band of rows; only touched entries are visited or reset.
    struct Strip {
        let rows: Int, width: Int, c0: Int, c1: Int
        var firstRow = 0
        var acc: [Double]
        var flags: [UInt8]          // bit 0: listed in `touched`; bit 1: an edge crosses the cell
        var touched: [[Int32]]      // per strip row, buffer columns listed in `acc`/`flags`

        init(rows: Int, width: Int, c0: Int, c1: Int) {
            self.rows = rows; self.width = width; self.c0 = c0; self.c1 = c1
            acc = Array(repeating: 0, count: rows * width)
            flags = Array(repeating: 0, count: rows * width)
            touched = Array(repeating: [], count: rows)
        }

        mutating func begin(firstRow: Int) { self.firstRow = firstRow }

        @inline(__always) mutating func add(_ row: Int, _ column: Int, _ value: Double, crossed: Bool) {
            let local = row - firstRow, b = column - c0
            let i = local * width + b
            acc[i] += value
            if flags[i] & 1 == 0 { touched[local].append(Int32(b)) }
            flags[i] |= crossed ? 3 : 1
        }

        mutating func rasterize(_ e: Edge, rows: Range<Int>) {
            if e.v0 == e.v1 {  // horizontal: adds no area, but crosses cells unless on a row line
                let v = e.v0
                guard v != v.rounded(.down) else { return }
                let row = Int(v.rounded(.down))
                guard rows.contains(row) else { return }
                let lo = max(e.u0, Double(c0)), hi = min(e.u1, Double(c1))
                guard lo < hi else { return }
                for c in Int(lo.rounded(.down))..<Int(hi.rounded(.up)) { add(row, c, 0, crossed: true) }
                return
            }
            let slope = (e.u1 - e.u0) / (e.v1 - e.v0)
            let first = max(rows.lowerBound, Int(e.v0.rounded(.down)))
            let last = min(rows.upperBound, Int(e.v1.rounded(.up)))
            guard first < last else { return }
            for row in first..<last {
                let ya = max(e.v0, Double(row)), yb = min(e.v1, Double(row + 1))
                guard yb > ya else { continue }
                let xa = ya == e.v0 ? e.u0 : e.u0 + (ya - e.v0) * slope
                let xb = yb == e.v1 ? e.u1 : e.u0 + (yb - e.v0) * slope
                rowPiece(row, xa, xb, (yb - ya) * e.sign)
            }
        }

        /// One piece of an edge inside one row, with signed height `d`.
        @inline(__always) mutating func rowPiece(_ row: Int, _ xa: Double, _ xb: Double, _ d: Double) {
            let lo = min(xa, xb), hi = max(xa, xb)
            let left = Double(c0), right = Double(c1)
            if lo == hi {
                if lo <= left { add(row, c0, d, crossed: false); return }
                if lo >= right { return }
                let c = Int(lo.rounded(.down))
                let f = lo - Double(c)
                if f == 0 { add(row, c, d, crossed: false); return }
                add(row, c, d * (1 - f), crossed: true)
                add(row, c + 1, d * f, crossed: false)
                return
            }
            let span = hi - lo
            if lo < left {  // the part left of the window covers every window cell to its right
                add(row, c0, d * (min(hi, left) - lo) / span, crossed: false)
                if hi <= left { return }
            }
            let a = max(lo, left), b = min(hi, right)
            guard a < b else { return }
            let firstColumn = Int(a.rounded(.down)), lastColumn = Int(b.rounded(.up)) - 1
            for c in firstColumn...lastColumn {
                let pa = max(a, Double(c)), pb = min(b, Double(c + 1))
                guard pb > pa else { continue }
                let dp = d * (pb - pa) / span
                let f = (pa + pb) / 2 - Double(c)
                add(row, c, dp * (1 - f), crossed: true)
                add(row, c + 1, dp * f, crossed: false)
            }
        }

        /// Prefix sums along each row, emitted as spans; then resets what was touched.
        mutating func emit(rows: Range<Int>, into result: inout SparseCoverage) {
            for row in rows {
                let local = row - firstRow
                var columns = touched[local]
                guard !columns.isEmpty else { continue }
                columns.sort()
                var running = 0.0
                var nextUntouched = c0  // first column not yet emitted
                for b in columns {
                    let column = c0 + Int(b)
                    let i = local * width + Int(b)
                    if column < c1 {
                        // Cells between touched ones share the running (whole) winding value.
                        if column > nextUntouched, running.rounded() >= 1 {
                            result.append(row: row, start: nextUntouched, count: column - nextUntouched, fraction: nil)
                        }
                        running += acc[i]
                        if flags[i] & 2 != 0 {
                            let fraction = min(1, running)
                            if fraction > 1e-12 { result.append(row: row, start: column, count: 1, fraction: fraction) }
                        } else if running.rounded() >= 1 {
                            result.append(row: row, start: column, count: 1, fraction: nil)
                        }
                        nextUntouched = column + 1
                    }
                    acc[i] = 0
                    flags[i] = 0
                }
                if nextUntouched < c1, running.rounded() >= 1 {
                    result.append(row: row, start: nextUntouched, count: c1 - nextUntouched, fraction: nil)
                }
                touched[local].removeAll(keepingCapacity: true)
            }
        }
    }
}
