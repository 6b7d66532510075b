/// A run of cells in one grid row. `valueOffset < 0` means every cell is wholly covered (1.0);
/// otherwise the run's fractions are `values[valueOffset ..< valueOffset + count]`.
public struct CoverageSpan: Sendable, Equatable {
    public var row: Int32
    public var start: Int32
    public var count: Int32
    public var valueOffset: Int32
    public var isFull: Bool { valueOffset < 0 }
}

/// The fraction of each grid cell that one region covers, kept sparse: whole rows of interior
/// cells cost one span, and only boundary cells store a value. Spans are sorted by row, then column.
public struct SparseCoverage: Sendable, Equatable {
    public let code: String
    public let width: Int
    public let height: Int
    public private(set) var spans: [CoverageSpan] = []
    public private(set) var values: [Double] = []

    public init(code: String, width: Int, height: Int) {
        self.code = code
        self.width = width
        self.height = height
    }

    /// Number of cells with a non-zero fraction.
    public var cellCount: Int { spans.reduce(0) { $0 + Int($1.count) } }
    public var isEmpty: Bool { spans.isEmpty }

    /// Calls `body(row, column, fraction)` for every covered cell in row-major order.
    @inlinable public func forEachCell(_ body: (Int, Int, Double) throws -> Void) rethrows {
        for span in spans {
            let row = Int(span.row), start = Int(span.start)
            if span.isFull {
                for c in 0..<Int(span.count) { try body(row, start + c, 1.0) }
            } else {
                let offset = Int(span.valueOffset)
                for c in 0..<Int(span.count) { try body(row, start + c, values[offset + c]) }
            }
        }
    }

    /// Index of the first span on or after `row` (spans are sorted by row).
    public func firstSpan(atOrAfter row: Int) -> Int { spans.partitionPoint { Int($0.row) < row } }

    /// The fraction of cell (row, column); 0 where the region does not reach.
    public func fraction(row: Int, column: Int) -> Double {
        let low = spans.partitionPoint { Int($0.row) < row || (Int($0.row) == row && Int($0.start) + Int($0.count) <= column) }
        guard low < spans.count else { return 0 }
        let s = spans[low]
        guard Int(s.row) == row, column >= Int(s.start) else { return 0 }
        return s.isFull ? 1 : values[Int(s.valueOffset) + column - Int(s.start)]
    }

    /// Σ fraction × rowWeight[row]: with per-row cell areas this is the covered area.
    public func weightedSum(rowWeights: [Double]) -> Double {
        var total = 0.0
        for span in spans {
            let w = rowWeights[Int(span.row)]
            if span.isFull {
                total += Double(span.count) * w
            } else {
                var s = 0.0
                let offset = Int(span.valueOffset)
                for i in 0..<Int(span.count) { s += values[offset + i] }
                total += s * w
            }
        }
        return total
    }

    /// Σ fraction × cellWeight[row * width + column] for per-cell weights (projected grids).
    public func weightedSum(cellWeights: [Double]) -> Double {
        var total = 0.0
        forEachCell { row, column, fraction in total += fraction * cellWeights[row * width + column] }
        return total
    }

    /// Writes the fractions into a dense row-major Float32 band of width × height (cells not
    /// covered are left as they are, so callers choose the background).
    public func fill(_ band: UnsafeMutableBufferPointer<Float>) {
        precondition(band.count >= width * height)
        for span in spans {
            let base = Int(span.row) * width + Int(span.start)
            if span.isFull {
                for c in 0..<Int(span.count) { band[base + c] = 1 }
            } else {
                let offset = Int(span.valueOffset)
                for c in 0..<Int(span.count) { band[base + c] = Float(values[offset + c]) }
            }
        }
    }

    /// Appends a cell or a run, merging it with the previous span when they touch.
    mutating func append(row: Int, start: Int, count: Int, fraction: Double?) {
        guard count > 0 else { return }
        if var last = spans.last, Int(last.row) == row, Int(last.start + last.count) == start,
           last.isFull == (fraction == nil) {
            last.count += Int32(count)
            spans[spans.count - 1] = last
            if let fraction { values.append(fraction) }
            return
        }
        if let fraction {
            spans.append(CoverageSpan(row: Int32(row), start: Int32(start), count: Int32(count), valueOffset: Int32(values.count)))
            values.append(fraction)
        } else {
            spans.append(CoverageSpan(row: Int32(row), start: Int32(start), count: Int32(count), valueOffset: -1))
        }
    }
}

extension SparseCoverage {
    /// The coverage of several regions that do not overlap, as one region `code` (fractions of
    /// shared boundary cells add up, at most 1): for inventories that report former countries,
    /// such as Serbia and Montenegro, over their successors' boundaries.
    /// Rows and columns (inclusive bounds) of the covered cells; nil when nothing is covered.
    public var cellBounds: (rows: ClosedRange<Int>, columns: ClosedRange<Int>)? {
        guard let first = spans.first, let last = spans.last else { return nil }
        let left = spans.map { Int($0.start) }.min()!, right = spans.map { Int($0.start) + Int($0.count) - 1 }.max()!
        return (Int(first.row)...Int(last.row), left...right)
    }

    /// The same coverage on a window of its grid (`Grid.window`): every covered cell must lie in it.
    public func inWindow(rows: Range<Int>, columns: Range<Int>) -> SparseCoverage {
        var out = SparseCoverage(code: code, width: columns.count, height: rows.count)
        out.values = values
        out.spans = spans.map { span in
            precondition(rows.contains(Int(span.row)) && columns.contains(Int(span.start)) && Int(span.start) + Int(span.count) <= columns.upperBound)
            return CoverageSpan(row: span.row - Int32(rows.lowerBound), start: span.start - Int32(columns.lowerBound), count: span.count, valueOffset: span.valueOffset)
        }
        return out
    }

    /// This coverage with each cell's fraction at most 1 − Σ `others` there: where separately
    /// digitised neighbours overlap (a territory cut out of a country), the territory keeps the
    /// cell and the sum stays ≤ 1.
    public func capped(by others: [SparseCoverage]) -> SparseCoverage {
        var taken: [Int: Double] = [:]
        for other in others { other.forEachCell { r, c, f in taken[r * width + c, default: 0] += f } }
        var out = SparseCoverage(code: code, width: width, height: height)
        forEachCell { r, c, f in
            guard let t = taken[r * width + c] else { out.append(row: r, start: c, count: 1, fraction: f >= 1 ? nil : f); return }
            let left = min(f, 1 - t)
            if left > 0 { out.append(row: r, start: c, count: 1, fraction: left) }
        }
        return out
    }

    public static func union(code: String, of parts: [SparseCoverage]) -> SparseCoverage {
        precondition(!parts.isEmpty && Set(parts.map { "\($0.width)x\($0.height)" }).count == 1)
        var cells: [Int: Double] = [:]
        var full = Set<Int>()
        let width = parts[0].width
        for part in parts {
            for span in part.spans {
                for c in 0..<Int(span.count) {
                    let cell = Int(span.row) * width + Int(span.start) + c
                    if span.isFull { full.insert(cell) } else { cells[cell, default: 0] += part.values[Int(span.valueOffset) + c] }
                }
            }
        }
        var out = SparseCoverage(code: code, width: width, height: parts[0].height)
        for cell in Set(cells.keys).union(full).sorted() {
            let fraction = full.contains(cell) ? 1 : min(1, cells[cell]!)
            out.append(row: cell / width, start: cell % width, count: 1, fraction: fraction >= 1 ? nil : fraction)
        }
        return out
    }
}
