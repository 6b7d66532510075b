/// Amounts on a target grid summed by country with exact coverage fractions (Σ cell × fraction),
/// band of rows by band, so a 0.01° world never holds a whole layer; bands run in parallel and
/// are added in order, so the sums do not depend on the number of cores.
public enum NationalSums {
    public struct Result: Sendable {
        /// One per coverage, in the coverages' order.
        public var countries: [Double]
        /// Σ over every cell of the target grid.
        public var total: Double
    }

    /// `field`: the layer on the target grid (`height` rows); `rowsPerBand`: about 4 million cells.
    public static func sums(_ field: any RowField, height: Int, coverages: [SparseCoverage], rowsPerBand: Int? = nil) -> Result {
        let width = field.width
        let step = max(1, rowsPerBand ?? (1 << 22) / max(1, width))
        let bands = stride(from: 0, to: height, by: step).map { $0..<min(height, $0 + step) }
        let partial = Parallel.map(bands.count) { b -> [Double] in
            let rows = bands[b]
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: rows.count * width)
            defer { buffer.deallocate() }
            field.fill(rows: rows, into: buffer)
            var out = [Double](repeating: 0, count: coverages.count + 1)
            // Row by row, so a total is the same whatever the band size.
            var total = 0.0
            for r in 0..<rows.count {
                var s = 0.0
                for c in 0..<width { s += buffer[r * width + c] }
                total += s
            }
            out[coverages.count] = total
            for (k, coverage) in coverages.enumerated() {
                var s = 0.0
                var i = coverage.firstSpan(atOrAfter: rows.lowerBound)
                while i < coverage.spans.count, Int(coverage.spans[i].row) < rows.upperBound {
                    let span = coverage.spans[i]
                    let base = (Int(span.row) - rows.lowerBound) * width + Int(span.start)
                    if span.isFull {
                        for c in 0..<Int(span.count) { s += buffer[base + c] }
                    } else {
                        let offset = Int(span.valueOffset)
                        for c in 0..<Int(span.count) { s += buffer[base + c] * coverage.values[offset + c] }
                    }
                    i += 1
                }
                out[k] = s
            }
            return out
        }
        var countries = [Double](repeating: 0, count: coverages.count), total = 0.0
        for p in partial {
            for k in 0..<coverages.count { countries[k] += p[k] }
            total += p[coverages.count]
        }
        return Result(countries: countries, total: total)
    }
}
