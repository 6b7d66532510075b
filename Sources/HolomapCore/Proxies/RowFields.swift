/// A weight field on a grid that can be produced a band of rows at a time, so fine grids never
/// hold it whole.
public protocol RowField: Sendable {
    var width: Int { get }
    /// Overwrites `out[0 ..< rows.count × width]` with the field on `rows`, row-major.
    func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>)
}

/// A field held whole (small or projected grids).
public struct DenseField: RowField {
    public let width: Int
    let values: [Float]
    public init(_ values: [Float], width: Int) { self.values = values; self.width = width }
    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        let base = rows.lowerBound * width
        values.withUnsafeBufferPointer { v in for i in 0..<(rows.count * width) { out[i] = Double(v[base + i]) } }
    }
}

/// Counts on a lat/lon grid, conservatively remapped onto a lat/lon target one band of rows at a
/// time (`ConservativeRemap.latLon` with the band's row edges).
public struct LatLonRemapField: RowField {
    let values: [Double]
    let source: Grid
    let target: Grid
    let columns: ConservativeRemap.ColumnShares
    public var width: Int { target.width }

    public init(_ values: [Double], from source: Grid, to target: Grid) {
        precondition(source.crs.isGeographic && target.crs.isGeographic)
        self.values = values; self.source = source; self.target = target
        columns = ConservativeRemap.ColumnShares(source: source, columnEdges: (0...target.width).map { target.x(ofColumn: Double($0)) },
                                                 wraps: target.wrapsLongitude)
    }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        let band = UnsafeMutableBufferPointer(rebasing: out[0..<(rows.count * width)])
        band.update(repeating: 0)
        let edges = (rows.lowerBound...rows.upperBound).map { target.y(ofRow: Double($0)) }
        ConservativeRemap.latLon(values, from: source, columns: columns, rowEdges: edges, into: band)
    }
}
