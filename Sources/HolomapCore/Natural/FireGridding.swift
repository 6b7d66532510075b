/// Regional fire emissions (GFED basis region × fire type) spread over the land-cover cells of
/// each region where that type burns, in proportion to cell area: the land-cover grid's cells take
/// the basis region of the region-raster cell their centre lies in, and each (region, type) its
/// IGBP classes (`FireType.igbpClasses`), else the region's vegetated land, else all of its land
/// cover cells. Σ over a region's cells = the table's amount for every type (to rounding).
public struct FireGridding: Sendable {
    public let grid: Grid
    /// Region code (1–14; 0: none) of each land-cover cell.
    let region: [UInt8]
    let classes: [UInt8]
    let rowAreas: [Double]
    /// [region code][class]: area in m² of the region's cells of each class.
    let classArea: [[Double]]
    public static let regionCount = FireTable.regions.count

    /// Where a type's amount in a region went when the region has none of its classes.
    public struct Fallback: Sendable, Equatable {
        public var type: FireType
        public var region: String
        /// "vegetated land" or "all land cover cells", or "nowhere" (no cell of the region).
        public var spreadOver: String
        /// Tonnes of the species (the first species placed this way).
        public var tonnes: Double
    }

    public init(classes: [UInt8], grid: Grid, regions: [UInt8], regionGrid: Grid) {
        precondition(classes.count == grid.cellCount && regions.count == regionGrid.cellCount)
        self.grid = grid; self.classes = classes
        rowAreas = grid.geographicRowAreas()
        // The region cell under each land-cover cell's centre.
        let rowOf = (0..<grid.height).map { r -> Int? in
            let v = Int(regionGrid.row(ofY: grid.y(ofRow: Double(r) + 0.5)).rounded(.down))
            return v >= 0 && v < regionGrid.height ? v : nil
        }
        let columnOf = (0..<grid.width).map { c -> Int? in
            var x = grid.x(ofColumn: Double(c) + 0.5)
            if regionGrid.wrapsLongitude { while x < regionGrid.minX { x += 360 }; while x >= regionGrid.maxX { x -= 360 } }
            let v = Int(regionGrid.column(ofX: x).rounded(.down))
            return v >= 0 && v < regionGrid.width ? v : nil
        }
        var region = [UInt8](repeating: 0, count: grid.cellCount)
        var area = [[Double]](repeating: [Double](repeating: 0, count: 256), count: FireGridding.regionCount + 1)
        for r in 0..<grid.height {
            guard let rr = rowOf[r] else { continue }
            for c in 0..<grid.width {
                guard let rc = columnOf[c] else { continue }
                let code = regions[rr * regionGrid.width + rc]
                guard code >= 1, Int(code) <= FireGridding.regionCount else { continue }
                let i = r * grid.width + c
                region[i] = code
                area[Int(code)][Int(classes[i])] += rowAreas[r]
            }
        }
        self.region = region
        classArea = area
    }

    /// The classes a type's amount in region `code` is spread over, and what fallback that is
    /// (nil: the type's own classes).
    public func classes(for type: FireType, region code: Int) -> (Set<UInt8>, String?) {
        let area = classArea[code]
        // In class order: a Set's order changes from run to run, and so would the rounding.
        func total(_ set: Set<UInt8>) -> Double { set.sorted().reduce(0) { $0 + area[Int($1)] } }
        if total(type.igbpClasses) > 0 { return (type.igbpClasses, nil) }
        if total(FireType.vegetated) > 0 { return (FireType.vegetated, "vegetated land") }
        let land = Set((1...254).map(UInt8.init))
        if total(land) > 0 { return (land, "all land cover cells") }
        return ([], "nowhere")
    }

    /// Fallbacks used by `amounts` (type → tonnes by region, table order) with non-zero tonnes.
    public func fallbacks(_ amounts: [FireType: [Double]]) -> [Fallback] {
        var out: [Fallback] = []
        for type in FireType.allCases {
            guard let tonnes = amounts[type] else { continue }
            for (k, t) in tonnes.enumerated() where t != 0 {
                if let how = classes(for: type, region: k + 1).1 { out.append(Fallback(type: type, region: FireTable.regions[k], spreadOver: how, tonnes: t)) }
            }
        }
        return out
    }

    /// Σ of `amounts` by type, placed: t per land-cover cell (`coefficients` × cell area).
    public func field(_ amounts: [FireType: [Double]]) -> CellAmounts {
        var out = [Double](repeating: 0, count: grid.cellCount)
        out.withUnsafeMutableBufferPointer { fill(rows: 0..<grid.height, coefficients(amounts), into: $0) }
        return CellAmounts(grid: grid, values: out)
    }

    /// Each (region, class) gets one coefficient: Σ over types of amount / area of the classes it
    /// goes to, t per m².
    public func coefficients(_ amounts: [FireType: [Double]]) -> [[Double]] {
        var coefficient = [[Double]](repeating: [Double](repeating: 0, count: 256), count: FireGridding.regionCount + 1)
        // In the types' order, not the dictionary's (which changes from run to run): the sums of
        // a (region, class) shared by several types round the same way every time.
        for type in FireType.allCases {
            guard let tonnes = amounts[type] else { continue }
            precondition(tonnes.count == FireGridding.regionCount)
            for code in 1...FireGridding.regionCount where tonnes[code - 1] != 0 {
                let (set, _) = classes(for: type, region: code)
                let area = set.sorted().reduce(0) { $0 + classArea[code][Int($1)] }
                guard area > 0 else { continue }
                for cls in set { coefficient[code][Int(cls)] += tonnes[code - 1] / area }
            }
        }
        return coefficient
    }

    /// Σ of the field of `coefficient`, row by row as `CellAmounts.total` sums it (the source
    /// integral), without holding the field.
    public func total(_ coefficient: [[Double]]) -> Double {
        let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: grid.width)
        defer { row.deallocate() }
        var sum = 0.0
        for r in 0..<grid.height {
            fill(rows: r..<(r + 1), coefficient, into: row)
            var s = 0.0
            for c in 0..<grid.width { s += row[c] }
            sum += s
        }
        return sum
    }

    /// The amount of land-cover cell `i` in the field of `coefficient`, t.
    @inline(__always) func amount(cell i: Int, _ coefficient: [[Double]]) -> Double {
        let code = Int(region[i])
        return code > 0 ? coefficient[code][Int(classes[i])] * rowAreas[i / grid.width] : 0
    }

    /// The field of `coefficient` on land-cover rows `rows`, into `out` (row-major from rows' first).
    func fill(rows: Range<Int>, _ coefficient: [[Double]], into out: UnsafeMutableBufferPointer<Double>) {
        for r in rows {
            let a = rowAreas[r], base = (r - rows.lowerBound) * grid.width
            for c in 0..<grid.width {
                let i = r * grid.width + c, code = Int(region[i])
                out[base + c] = code > 0 ? coefficient[code][Int(classes[i])] * a : 0
            }
        }
    }

    /// Σ of a field over each region's cells (index 0: cells of no region).
    public func regionSums(_ field: CellAmounts) -> [Double] {
        var sums = [Double](repeating: 0, count: FireGridding.regionCount + 1)
        for i in 0..<field.values.count { sums[Int(region[i])] += field.values[i] }
        return sums
    }
}
