import HolomapCore
import HolomapExport

/// Where a year's production total has mass, and how dense its cells are: what the tiles need for
/// their colour scale and the viewer for its bounds, gathered while the layers are written, so
/// the tiles need no pass of their own over the grid.
struct TotalExtent: Sendable {
    /// |total| ÷ cell area, t CO2e km⁻² yr⁻¹, of the non-zero cells with an area.
    var densities = DensityHistogram()
    /// Rows and columns of the cells whose total is not zero.
    var rows: ClosedRange<Int>? = nil
    var columns: ClosedRange<Int>? = nil

    /// Adds the cells `cells` of a chunk's row: `total[i]` is the total of grid row `row`,
    /// column `i - columnOffset`.
    mutating func add(_ total: UnsafeMutablePointer<Double>, cells: Range<Int>, row: Int, columnOffset: Int, width: Int, areas: CellAreaTable) {
        var first = -1, last = -1
        for i in cells where total[i] != 0 && !total[i].isNaN {
            if first < 0 { first = i }
            last = i
            let area = areas.area(row: row, cell: row * width + i - columnOffset)
            if area > 0 { densities.add(total[i] / (area / 1e6)) }
        }
        guard first >= 0 else { return }
        let found = (first - columnOffset)...(last - columnOffset)
        columns = columns.map { min($0.lowerBound, found.lowerBound)...max($0.upperBound, found.upperBound) } ?? found
        rows = rows.map { min($0.lowerBound, row)...max($0.upperBound, row) } ?? row...row
    }

    mutating func merge(_ other: TotalExtent) {
        densities.merge(other.densities)
        if let r = other.rows { rows = rows.map { min($0.lowerBound, r.lowerBound)...max($0.upperBound, r.upperBound) } ?? r }
        if let c = other.columns { columns = columns.map { min($0.lowerBound, c.lowerBound)...max($0.upperBound, c.upperBound) } ?? c }
    }
}
