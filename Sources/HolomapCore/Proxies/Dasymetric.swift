/// People where there is land: a dasymetric remap of population counts from a coarse lat/lon
/// raster onto a lat/lon grid.
///
/// Each source cell s's count Pₛ goes to the target cells t it overlaps in proportion to
/// A(s∩t) × wₜ, where wₜ = Lₜ (1 + k uₜ): Lₜ = Σ_c f_c(t), the land of the build's countries in t
/// (the sum of their coverage fractions), uₜ the urban share of t (MODIS IGBP class 13, when a
/// land-cover raster is given) and k = `urbanWeight`. So a coastal source cell keeps all its
/// people (they move to its land), and inside a source cell urban land weighs 1 + k times as
/// much as other land. The gridding multiplies the field by each country's coverage fraction,
/// so the field is the people per unit of land fraction:
///   Fₜ = (1 + k uₜ) Σₛ Pₛ A(s∩t) / Dₛ,   Dₛ = Σₜ A(s∩t) wₜ,
/// and a country receives Σₜ Fₜ f_c(t); summed over countries that is Σₛ Pₛ over the source
/// cells with land (Dₛ > 0). The others' people are lost to the sea and reported.
/// Urban land refines only population cells whose land belongs to one country (coasts
/// included): in a cell on a border, urban weights would move people across it, so there the
/// split between countries stays the land-area split and uₜ = 0.
public enum Dasymetric {
    /// Urban land weighs this many times more than other land inside one source cell, before
    /// the 1: a fully urban 0.1° cell gets 1 + 19 = 20 times the people of a rural one of the same
    /// land area. A documented assumption (docs/production.md#population).
    public static let urbanWeight = 19.0

    /// The result: the field and what it did.
    public struct Result: Sendable {
        public var field: DasymetricField
        /// Σ Pₛ of the source cells the grid reaches.
        public var sourcePeople: Double
        /// Σ Pₛ of source cells with people but no land of the build's countries.
        public var lostToSea: Double
    }

    /// `counts`: people per source cell (row-major on `source`); `coverages`: the build's
    /// countries on `target`; `urban`: the urban area (m²) per target cell, or nil.
    public static func field(_ counts: [Double], source: Grid, target: Grid, coverages: [SparseCoverage], cellAreas: CellAreaTable,
                             urban: (any RowField)?) -> Result {
        precondition(source.crs.isGeographic && target.crs.isGeographic && counts.count == source.cellCount)
        let single = urban == nil ? nil : singleCountryCells(source: source, target: target, coverages: coverages)
        let refined = urban.map { RefinedUrban(urban: $0, single: single!, source: source, target: target) }
        let denominators = landDenominators(source: source, target: target, coverages: coverages, cellAreas: cellAreas, urban: refined)
        let sourceAreas = source.geographicRowAreas()
        var scaled = [Double](repeating: 0, count: counts.count)
        var lost = 0.0, people = 0.0
        let reached = reachedCells(source: source, target: target)
        for s in counts.indices where counts[s] > 0 && reached(s) {
            people += counts[s]
            if denominators[s] > 0 { scaled[s] = counts[s] * sourceAreas[s / source.width] / denominators[s] } else { lost += counts[s] }
        }
        let density = LatLonRemapField(scaled, from: source, to: target)
        return Result(field: DasymetricField(density: density, urban: refined, cellAreas: cellAreas, urbanWeight: urbanWeight),
                      sourcePeople: people, lostToSea: lost)
    }

    /// Source cells whose land (target cells by centre) belongs to one country only.
    static func singleCountryCells(source: Grid, target: Grid, coverages: [SparseCoverage]) -> [Bool] {
        let map = CentreMap(source: source, target: target)
        var owner = [Int32](repeating: -1, count: source.cellCount)  // -1 none, -2 several
        for (i, coverage) in coverages.enumerated() {
            for span in coverage.spans {
                let row = map.row[Int(span.row)]
                guard row >= 0 else { continue }
                for c in Int(span.start)..<(Int(span.start) + Int(span.count)) {
                    let col = map.column[c]
                    guard col >= 0 else { continue }
                    let s = row * source.width + col
                    if owner[s] == -1 { owner[s] = Int32(i) } else if owner[s] != Int32(i) { owner[s] = -2 }
                }
            }
        }
        return owner.map { $0 >= 0 }
    }

    /// Whether a source cell overlaps the target grid (a national window reaches few).
    static func reachedCells(source: Grid, target: Grid) -> (Int) -> Bool {
        let rowEdges = (0...source.height).map { source.y(ofRow: Double($0)) }
        let rows = ConservativeRemap.span(rowEdges, min(target.minY, target.maxY), max(target.minY, target.maxY))
        let shares = ConservativeRemap.ColumnShares(source: source, columnEdges: (0...target.width).map { target.x(ofColumn: Double($0)) },
                                                    wraps: target.wrapsLongitude)
        return { s in
            let r = s / source.width, c = s % source.width
            guard let rows, rows.contains(r) else { return false }
            return shares.offsets[c + 1] > shares.offsets[c]
        }
    }

    /// Dₛ = Σₜ A(s∩t) wₜ, by bands of target rows in parallel; each band's part covers only the
    /// source rows it reaches, and parts are added in band order, so the sums never depend on
    /// scheduling.
    static func landDenominators(source: Grid, target: Grid, coverages: [SparseCoverage], cellAreas: CellAreaTable,
                                 urban: (any RowField)?) -> [Double] {
        let width = target.width
        let step = max(1, min(64, (1 << 20) / max(1, width)))
        let bands = (target.height + step - 1) / step
        let sourceRowEdges = (0...source.height).map { source.y(ofRow: Double($0)) }
        let shares = ConservativeRemap.ColumnShares(source: target, columnEdges: (0...source.width).map { source.x(ofColumn: Double($0)) },
                                                    wraps: source.wrapsLongitude)
        let sorted = coverages.filter { !$0.isEmpty }
        let parts = Parallel.map(bands) { k -> (Int, [Double])? in
            let rows = (k * step)..<min(target.height, (k + 1) * step)
            let lo = target.y(ofRow: Double(rows.lowerBound)), hi = target.y(ofRow: Double(rows.upperBound))
            guard let reached = ConservativeRemap.span(sourceRowEdges, min(lo, hi), max(lo, hi)) else { return nil }
            var weights = landFraction(rows: rows, width: width, coverages: sorted)
            guard weights.contains(where: { $0 > 0 }) else { return nil }
            var urbanArea: [Double] = []
            if let urban {
                urbanArea = [Double](repeating: 0, count: weights.count)
                urbanArea.withUnsafeMutableBufferPointer { urban.fill(rows: rows, into: $0) }
            }
            let areas = cellAreas.rows(rows, width: width)
            for i in weights.indices where weights[i] > 0 {
                let u = urban == nil ? 0 : min(1, urbanArea[i] / areas[i])
                weights[i] *= (1 + urbanWeight * u) * areas[i]
            }
            var out = [Double](repeating: 0, count: (reached.count) * source.width)
            let edges = Array(sourceRowEdges[reached.lowerBound...(reached.upperBound + 1)])
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    ConservativeRemap.latLon(window: w, firstRow: rows.lowerBound, from: target, columns: shares, rowEdges: edges, into: o)
                }
            }
            return (reached.lowerBound, out)
        }
        var sums = [Double](repeating: 0, count: source.cellCount)
        for case let (first, part)? in parts {
            for i in part.indices where part[i] != 0 { sums[first * source.width + i] += part[i] }
        }
        return sums
    }

    /// Lₜ = Σ_c f_c(t) on `rows`, row-major.
    static func landFraction(rows: Range<Int>, width: Int, coverages: [SparseCoverage]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * width)
        for coverage in coverages {
            var s = coverage.firstSpan(atOrAfter: rows.lowerBound)
            while s < coverage.spans.count, Int(coverage.spans[s].row) < rows.upperBound {
                let span = coverage.spans[s]
                let base = (Int(span.row) - rows.lowerBound) * width + Int(span.start)
                for i in 0..<Int(span.count) { out[base + i] += span.isFull ? 1 : coverage.values[Int(span.valueOffset) + i] }
                s += 1
            }
        }
        return out
    }
}

/// The source cell holding each target row's and column's centre (-1 outside the source).
struct CentreMap: Sendable {
    let row: [Int], column: [Int]
    init(source: Grid, target: Grid) {
        row = (0..<target.height).map { r in
            let i = Int(source.row(ofY: target.y(ofRow: Double(r) + 0.5)).rounded(.down))
            return i >= 0 && i < source.height ? i : -1
        }
        column = (0..<target.width).map { c in
            var x = target.x(ofColumn: Double(c) + 0.5)
            if source.wrapsLongitude { while x < source.minX { x += 360 }; while x >= source.maxX { x -= 360 } }
            let i = Int(source.column(ofX: x).rounded(.down))
            return i >= 0 && i < source.width ? i : -1
        }
    }
}

/// Urban area per target cell, zero where the target cell's population cell is shared by
/// countries (`Dasymetric`).
struct RefinedUrban: RowField {
    let urban: any RowField
    let single: [Bool]
    let map: CentreMap
    let sourceWidth: Int
    var width: Int { urban.width }

    init(urban: any RowField, single: [Bool], source: Grid, target: Grid) {
        self.urban = urban; self.single = single; map = CentreMap(source: source, target: target); sourceWidth = source.width
    }

    func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        urban.fill(rows: rows, into: out)
        for (k, r) in rows.enumerated() {
            let sr = map.row[r]
            for c in 0..<width {
                let i = k * width + c
                guard out[i] != 0 else { continue }
                let sc = map.column[c]
                if sr < 0 || sc < 0 || !single[sr * sourceWidth + sc] { out[i] = 0 }
            }
        }
    }
}

/// Fₜ = (1 + k uₜ) Σₛ Pₛ A(s∩t) / Dₛ on a band of rows (`Dasymetric`).
public struct DasymetricField: RowField {
    let density: LatLonRemapField
    let urban: (any RowField)?
    let cellAreas: CellAreaTable
    let urbanWeight: Double
    public var width: Int { density.width }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        density.fill(rows: rows, into: out)
        guard let urban else { return }
        var urbanArea = [Double](repeating: 0, count: rows.count * width)
        urbanArea.withUnsafeMutableBufferPointer { urban.fill(rows: rows, into: $0) }
        let areas = cellAreas.rows(rows, width: width)
        for i in 0..<(rows.count * width) where out[i] != 0 {
            out[i] *= 1 + urbanWeight * min(1, urbanArea[i] / areas[i])
        }
    }
}

/// The area (m²) of chosen classes of a categorical lat/lon raster (land cover) in each cell of a
/// lat/lon grid: the class cells' areas conservatively remapped.
public enum ClassArea {
    public static func field(_ classes: [UInt8], source: Grid, picking wanted: Set<UInt8>, onto target: Grid) -> LatLonRemapField {
        precondition(classes.count == source.cellCount)
        let areas = source.geographicRowAreas()
        let values = classes.indices.map { wanted.contains(classes[$0]) ? areas[$0 / source.width] : 0 }
        return LatLonRemapField(values, from: source, to: target)
    }
}
