import Foundation
import HolomapCore

/// Work over a grid's rows that needs PROJ, in blocks of rows on all cores. PROJ contexts are
/// not thread-safe, so each block gets a transformer of its own; blocks are a fixed partition
/// (at most 64), so results never depend on the number of cores.
public enum ProjectedRows {
    /// `body(rows, transformer)` for each block of `0..<rowCount`, its results joined in row order.
    public static func map<T: Sendable>(rowCount: Int, from source: CRS, to target: CRS,
                                        _ body: @Sendable (Range<Int>, CoordinateTransformer) throws -> [T]) throws -> [T] {
        let blocks = max(1, min(rowCount, 64))
        let rowsPerBlock = (rowCount + blocks - 1) / blocks
        let parts = Parallel.map(blocks) { b -> Result<[T], Error> in
            Result {
                let first = b * rowsPerBlock, last = min(rowCount, first + rowsPerBlock)
                guard first < last else { return [] }
                return try body(first..<last, try CoordinateTransformer(from: source, to: target))
            }
        }
        var out: [T] = []
        for part in parts { out += try part.get() }
        return out
    }

    /// The centres of row `row`'s cells, transformed (infinite where PROJ cannot).
    public static func centres(_ grid: Grid, row: Int, _ transformer: CoordinateTransformer) throws -> (x: [Double], y: [Double]) {
        var xs = (0..<grid.width).map { grid.x(ofColumn: Double($0) + 0.5) }
        var ys = [Double](repeating: grid.y(ofRow: Double(row) + 0.5), count: grid.width)
        try transformer.transform(x: &xs, y: &ys)
        return (xs, ys)
    }

    /// Longitude and latitude of every cell centre of a projected grid.
    public static func cellCentres(_ grid: Grid) throws -> (lon: [Float], lat: [Float]) {
        let pairs: [(Float, Float)] = try map(rowCount: grid.height, from: grid.crs, to: .wgs84) { rows, transformer in
            var out: [(Float, Float)] = []
            out.reserveCapacity(rows.count * grid.width)
            for r in rows {
                let (xs, ys) = try centres(grid, row: r, transformer)
                for c in 0..<grid.width { out.append((Float(xs[c]), Float(ys[c]))) }
            }
            return out
        }
        return (pairs.map(\.0), pairs.map(\.1))
    }
}
