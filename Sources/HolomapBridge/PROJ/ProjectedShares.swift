import Foundation
import HolomapCore

/// Builds `CentreShares` for a lat/lon source grid and a projected target grid with PROJ: the
/// source cell under each target cell's centre, and for the source cells near the grid where
/// their centres and corners land.
public enum ProjectedShares {
    public static func centreShares(source: Grid, target: Grid, areas: CellAreaTable) throws -> CentreShares {
        precondition(source.crs.isGeographic && !target.crs.isGeographic)
        let sw = source.width, sh = source.height
        // The source cell under each target centre, and the range of source rows and columns they reach.
        struct Block: Sendable { var cells: [Int32]; var rows: ClosedRange<Int>?; var columns: ClosedRange<Int>? }
        let blocks: [Block] = try ProjectedRows.map(rowCount: target.height, from: target.crs, to: .wgs84) { rows, transformer in
            var block = Block(cells: [], rows: nil, columns: nil)
            block.cells.reserveCapacity(rows.count * target.width)
            for r in rows {
                let (lon, lat) = try ProjectedRows.centres(target, row: r, transformer)
                for c in 0..<target.width {
                    guard let (sr, sc) = sourceCell(source, lon: lon[c], lat: lat[c]) else { block.cells.append(-1); continue }
                    block.cells.append(Int32(sr * sw + sc))
                    block.rows = block.rows.map { min($0.lowerBound, sr)...max($0.upperBound, sr) } ?? sr...sr
                    block.columns = block.columns.map { min($0.lowerBound, sc)...max($0.upperBound, sc) } ?? sc...sc
                }
            }
            return [block]
        }
        let centreCell = blocks.flatMap(\.cells)
        let reachedRows = blocks.compactMap(\.rows), reachedColumns = blocks.compactMap(\.columns)
        guard let r0 = reachedRows.map(\.lowerBound).min(), let r1 = reachedRows.map(\.upperBound).max(),
              let c0 = reachedColumns.map(\.lowerBound).min(), let c1 = reachedColumns.map(\.upperBound).max() else {
            return CentreShares(source: source, targetWidth: target.width, centreCell: centreCell, areas: areas, wholeInside: { _ in false }, sourceCentres: [])
        }
        // Beyond what the centres reach by half a target cell's diagonal and one source cell, so
        // the source cells between the outer centres and the grid's edge are seen too (a target
        // cell may be many source cells wide); columns widen by 1/cos of the highest latitude.
        let diagonalDegrees = (abs(target.transform.pixelWidth) + abs(target.transform.pixelHeight)) / 2 * 2.0.squareRoot() / 111_320
        let highest = max(abs(source.y(ofRow: Double(r0))), abs(source.y(ofRow: Double(r1 + 1))))
        let rowMargin = Int((diagonalDegrees / 2 / abs(source.transform.pixelHeight)).rounded(.up)) + 1
        let columnMargin = Int((diagonalDegrees / 2 / cos(min(highest, 89) * .pi / 180) / abs(source.transform.pixelWidth)).rounded(.up)) + 1
        let rows = max(0, r0 - rowMargin)...min(sh - 1, r1 + rowMargin)
        let columns = max(0, c0 - columnMargin)...min(sw - 1, c1 + columnMargin)
        let width = columns.count
        // Row k of the corner lattice is the top edge of source row rows.lowerBound + k.
        let corners: [Bool] = try ProjectedRows.map(rowCount: rows.count + 1, from: .wgs84, to: target.crs) { ks, transformer in
            var out: [Bool] = []
            for k in ks {
                var x = (0...width).map { source.x(ofColumn: Double(columns.lowerBound + $0)) }
                var y = [Double](repeating: source.y(ofRow: Double(rows.lowerBound + k)), count: width + 1)
                try transformer.transform(x: &x, y: &y)
                out += (0...width).map { targetCell(target, x: x[$0], y: y[$0]) != nil }
            }
            return out
        }
        let centres: [(source: Int, target: Int)] = try ProjectedRows.map(rowCount: rows.count, from: .wgs84, to: target.crs) { ks, transformer in
            var out: [(source: Int, target: Int)] = []
            for k in ks {
                let sr = rows.lowerBound + k
                var x = (0..<width).map { source.x(ofColumn: Double(columns.lowerBound + $0) + 0.5) }
                var y = [Double](repeating: source.y(ofRow: Double(sr) + 0.5), count: width)
                try transformer.transform(x: &x, y: &y)
                for j in 0..<width { out.append((sr * sw + columns.lowerBound + j, targetCell(target, x: x[j], y: y[j]) ?? -1)) }
            }
            return out
        }
        let lattice = width + 1
        let wholeInside: (Int) -> Bool = { s in
            let k = s / sw - rows.lowerBound, j = s % sw - columns.lowerBound
            guard rows.contains(s / sw), columns.contains(s % sw) else { return false }
            return corners[k * lattice + j] && corners[k * lattice + j + 1] && corners[(k + 1) * lattice + j] && corners[(k + 1) * lattice + j + 1]
        }
        return CentreShares(source: source, targetWidth: target.width, centreCell: centreCell, areas: areas, wholeInside: wholeInside, sourceCentres: centres)
    }

    /// (row, column) of the source cell holding a point, longitudes wrapped on a global source.
    static func sourceCell(_ source: Grid, lon: Double, lat: Double) -> (Int, Int)? {
        guard lon.isFinite, lat.isFinite else { return nil }
        var x = lon
        if source.wrapsLongitude {
            x = (x - source.minX).truncatingRemainder(dividingBy: 360)
            if x < 0 { x += 360 }
            x += source.minX
        }
        let c = Int(source.column(ofX: x).rounded(.down)), r = Int(source.row(ofY: lat).rounded(.down))
        return c >= 0 && c < source.width && r >= 0 && r < source.height ? (r, c) : nil
    }

    /// The target cell holding a projected point, or nil outside the grid.
    static func targetCell(_ target: Grid, x: Double, y: Double) -> Int? {
        guard x.isFinite, y.isFinite else { return nil }
        let c = Int(target.column(ofX: x).rounded(.down)), r = Int(target.row(ofY: y).rounded(.down))
        return c >= 0 && c < target.width && r >= 0 && r < target.height ? r * target.width + c : nil
    }
}
