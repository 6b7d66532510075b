/// A fire field (`FireGridding.coefficients`) conservatively remapped onto a lat/lon target one
/// band of rows at a time, without ever holding the land-cover-resolution field: the band's
/// source rows are made from the regions, classes and coefficients, then remapped. Every fire
/// layer of a build shares the gridding's region and class arrays; each adds only its
/// coefficient table. Equal, cell for cell, to `LatLonRemapField` of `FireGridding.field`.
public struct FireRemapField: RowField {
    let gridding: FireGridding
    let coefficients: [[Double]]
    let target: Grid
    let columns: ConservativeRemap.ColumnShares
    public var width: Int { target.width }

    /// `columns`: `FireRemapField.columns(gridding, target)`, made once for all fire layers.
    public init(_ gridding: FireGridding, amounts: [FireType: [Double]], to target: Grid, columns: ConservativeRemap.ColumnShares) {
        precondition(target.crs.isGeographic)
        self.gridding = gridding; self.target = target; self.columns = columns
        coefficients = gridding.coefficients(amounts)
    }

    public static func columns(_ gridding: FireGridding, _ target: Grid) -> ConservativeRemap.ColumnShares {
        ConservativeRemap.ColumnShares(source: gridding.grid, columnEdges: (0...target.width).map { target.x(ofColumn: Double($0)) },
                                       wraps: target.wrapsLongitude)
    }

    public func fill(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        let band = UnsafeMutableBufferPointer(rebasing: out[0..<(rows.count * width)])
        band.update(repeating: 0)
        let edges = (rows.lowerBound...rows.upperBound).map { target.y(ofRow: Double($0)) }
        let source = gridding.grid
        guard let reaching = ConservativeRemap.sourceRows(source, reaching: edges) else { return }
        let window = UnsafeMutableBufferPointer<Double>.allocate(capacity: reaching.count * source.width)
        defer { window.deallocate() }
        gridding.fill(rows: reaching, coefficients, into: window)
        ConservativeRemap.latLon(window: UnsafeBufferPointer(window), firstRow: reaching.lowerBound, from: source, columns: columns,
                                 rowEdges: edges, into: band)
    }
}
