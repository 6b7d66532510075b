/// The land sink and land-use-change emissions as amounts per cell, t CO2 per year, with the
/// map's sign: emissions positive, removals negative.
public enum LandFluxes {
    /// S_LAND (kg C m⁻² s⁻¹ per m² of *land*, positive = uptake) onto the land-fraction grid:
    /// every land-fraction cell takes the flux of the S_LAND cell it lies in, times its land
    /// fraction and its area, so Σ = Σ S_LAND × land fraction × area (the land-weighted mean
    /// fraction of each S_LAND cell), with the land placed where the finer fraction puts it.
    /// The land-fraction grid must nest in the S_LAND grid (0.1° or 0.25° in 0.5°).
    /// Returns t CO2/yr, negative (a removal) where the land takes up carbon.
    public static func landSink(_ uptake: FluxGrid, landFraction: [Double], grid fraction: Grid, fractionSource: String) throws -> CellAmounts {
        precondition(landFraction.count == fraction.cellCount)
        let (rowOf, columnOf) = try nesting(fraction, in: uptake.grid, source: fractionSource, parent: uptake.source)
        let areas = fraction.geographicRowAreas()
        // kg C s⁻¹ → t CO2 yr⁻¹; a sink is a removal: minus.
        let scale = -FluxUnits.secondsPerYear * FluxUnits.co2PerCarbon / 1000
        var out = [Double](repeating: 0, count: fraction.cellCount)
        let width = uptake.grid.width
        for r in 0..<fraction.height {
            guard let parentRow = rowOf[r] else { continue }
            for c in 0..<fraction.width {
                guard let parentColumn = columnOf[c] else { continue }
                let f = landFraction[r * fraction.width + c], s = uptake.values[parentRow * width + parentColumn]
                guard s.isFinite, f > 0 else { continue }
                out[r * fraction.width + c] = s * f * areas[r] * scale
            }
        }
        return CellAmounts(grid: fraction, values: out)
    }

    /// E_LUC (kg C m⁻² s⁻¹ per m² of *cell*, positive = source) × cell area, t CO2/yr.
    public static func landUseChange(_ flux: FluxGrid) -> CellAmounts {
        let grid = flux.grid, areas = grid.geographicRowAreas()
        let scale = FluxUnits.secondsPerYear * FluxUnits.co2PerCarbon / 1000
        var out = [Double](repeating: 0, count: grid.cellCount)
        for r in 0..<grid.height {
            for c in 0..<grid.width {
                let v = flux.values[r * grid.width + c]
                if v.isFinite { out[r * grid.width + c] = v * areas[r] * scale }
            }
        }
        return CellAmounts(grid: grid, values: out)
    }

    /// The parent row of each child row and parent column of each child column (nil: outside the
    /// parent), when every child cell lies inside one parent cell; otherwise an error naming both.
    static func nesting(_ child: Grid, in parent: Grid, source: String, parent parentSource: String) throws -> ([Int?], [Int?]) {
        guard child.crs.isGeographic, parent.crs.isGeographic else {
            throw InputError.crsMismatch(expected: "a geographic (lon/lat) grid", found: child.crs.isGeographic ? parent.crs.name : child.crs.name, input: source)
        }
        func parents(count: Int, edge: (Double) -> Double, parentIndex: (Double) -> Double, parentCount: Int, axis: String) throws -> [Int?] {
            try (0..<count).map { i in
                let a = parentIndex(edge(Double(i))), b = parentIndex(edge(Double(i + 1)))
                let lo = min(a, b), hi = max(a, b), cell = (lo + 1e-6).rounded(.down)
                guard hi <= cell + 1 + 1e-6 else {
                    throw InputError.invalidGrid(source: source, reason: "its \(axis) \(i) straddles two cells of \(parentSource): the land-fraction grid must nest in it")
                }
                return cell >= 0 && Int(cell) < parentCount ? Int(cell) : nil
            }
        }
        let rows = try parents(count: child.height, edge: { child.y(ofRow: $0) }, parentIndex: { parent.row(ofY: $0) }, parentCount: parent.height, axis: "row")
        let columns = try parents(count: child.width, edge: { child.x(ofColumn: $0) }, parentIndex: { parent.column(ofX: $0) }, parentCount: parent.width, axis: "column")
        return (rows, columns)
    }
}
