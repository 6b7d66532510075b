import HolomapCore

/// Fills the natural layers of a band of rows: the sources from their remapped fields, then
/// natural_net = land_use_change + land_sink and panoramic_net = production_co2 + natural_net,
/// cell by cell in Float64 (so the nets equal their parts in every cell, not only in total).
struct NaturalFill: Sendable {
    /// Channel of each source layer and its field.
    var sources: [(channel: Int, field: any RowField)] = []
    var naturalNet: (channel: Int, landUseChange: Int, landSink: Int)? = nil
    /// production_co2's channel must be filled before (the gridding fills it).
    var panoramicNet: (channel: Int, productionCO2: Int, naturalNet: Int)? = nil

    /// `layers`: the writer's channels in order; `fields`: the source fields of the year.
    init(layers: [Layer], fields: [NaturalComponent: any RowField]) {
        func channel(_ c: NaturalComponent) -> Int? { layers.firstIndex(of: Layer(.natural(c))) }
        for (k, layer) in layers.enumerated() {
            if let component = layer.natural, let field = fields[component] { sources.append((k, field)) }
        }
        if let net = channel(.naturalNet), let luc = channel(.landUseChange), let sink = channel(.landSink) { naturalNet = (net, luc, sink) }
        if let pan = channel(.panoramicNet), let co2 = layers.firstIndex(of: Layer(.productionCO2)), let net = channel(.naturalNet) {
            panoramicNet = (pan, co2, net)
        }
    }

    var isEmpty: Bool { sources.isEmpty }

    /// `d[k]`: channel k's first cell of `rows` (whole rows of `width`).
    func fill(rows: Range<Int>, width: Int, buffers d: [UnsafeMutablePointer<Double>]) {
        let cells = rows.count * width
        for (k, field) in sources { field.fill(rows: rows, into: UnsafeMutableBufferPointer(start: d[k], count: cells)) }
        if let (net, luc, sink) = naturalNet { for i in 0..<cells { d[net][i] = d[luc][i] + d[sink][i] } }
        if let (pan, co2, net) = panoramicNet { for i in 0..<cells { d[pan][i] = d[co2][i] + d[net][i] } }
    }

    /// One natural layer on `rows` into `out` (the tiles, which take one layer at a time);
    /// `productionCO2` fills production_co2's rows.
    static func fill(_ component: NaturalComponent, rows: Range<Int>, width: Int, fields: [NaturalComponent: any RowField],
                     productionCO2: (UnsafeMutableBufferPointer<Double>) -> Void, into out: UnsafeMutableBufferPointer<Double>) {
        if let field = fields[component] { field.fill(rows: rows, into: out); return }
        let cells = rows.count * width
        let part = UnsafeMutableBufferPointer<Double>.allocate(capacity: cells)
        defer { part.deallocate() }
        // natural_net = land_use_change + land_sink, in the writer's order; panoramic_net adds
        // production_co2 to it.
        fields[.landUseChange]!.fill(rows: rows, into: out)
        fields[.landSink]!.fill(rows: rows, into: part)
        for i in 0..<cells { out[i] += part[i] }
        if component == .panoramicNet {
            let net = UnsafeMutableBufferPointer<Double>.allocate(capacity: cells)
            defer { net.deallocate() }
            for i in 0..<cells { net[i] = out[i] }
            productionCO2(out)
            for i in 0..<cells { out[i] += net[i] }
        }
    }
}
