import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The tiles and viewer of a build. Tiles need whole layers: each is summed over the grid into
/// one reused Float64 buffer. One colour scale serves every layer and year (from the production
/// totals), so colours compare.
struct BuildTiles {
    let job: BuildJob
    let grid: Grid
    let layers: [Layer]
    let folder: URL

    /// `extents`: per year, where the production total has mass and its densest cell (from the
    /// writing pass).
    func write(_ results: [GriddingResult], extents: [TotalExtent]) throws -> Manifest.Tiles {
        let years = job.config.years
        let tiles = folder.appendingPathComponent("tiles")
        let zoom = job.maxZoom ?? min(6, TileExporter.nativeZoom(grid))
        let geographic = grid.crs.isGeographic
        let scale = extents.map { TileExporter.scale(peakDensity: $0.peakDensity) }.reduce(nil as TileExporter.Scale?) { all, s in
            all.map { TileExporter.Scale(log10Min: min($0.log10Min, s.log10Min), log10Max: max($0.log10Max, s.log10Max)) } ?? s
        }!
        // A national build's viewer opens on its data; a projected grid's bounds come from the
        // cell centres, below.
        var bounds = geographic && job.countries != nil ? latLonBounds(extents) : nil
        // Geographic layers are filled by rows as the tiles reach them; a projected grid's tiles
        // bin whole layers by cell centre.
        let workspace = geographic ? TileWorkspace(grid: grid, maxZoom: zoom) : nil
        let centres = !geographic ? try ProjectedRows.cellCentres(grid) : nil
        var values = geographic ? [] : [Double](repeating: 0, count: grid.cellCount)
        var viewerLayers: [TileExporter.ViewerLayer] = []
        for (t, result) in results.enumerated() {
            for layer in layers {
                let name = years.count == 1 ? layer.code : "\(layer.code)-\(years[t])"
                job.progress(.step("build: tiles \(name)"))
                let progress: (String) -> Void = { job.progress(.step($0)) }
                if geographic {
                    try TileExporter.write(rows: { rows, out in _ = result.fill(rows: rows, layersOf: { layer.includes($0) ? [0] : [] }, into: [out]) },
                                           grid: grid, name: name, folder: tiles, maxZoom: zoom, scale: scale, signed: layer.palette == .diverging,
                                           workspace: workspace, progress: progress)
                } else {
                    result.sum(into: &values) { layer.includes($0) }
                    if layer.kind == .total, let b = dataBounds(values, centres: centres!) {
                        bounds = bounds.map { (min($0.0, b.0), min($0.1, b.1), max($0.2, b.2), max($0.3, b.3)) } ?? b
                    }
                    try TileExporter.write(layer: values, grid: grid, name: name, folder: tiles, maxZoom: zoom, scale: scale, centres: centres,
                                           signed: layer.palette == .diverging, progress: progress)
                }
                // The viewer names each layer by its code and its human name; folders keep the code.
                let label = layer.code == layer.name ? name : "\(name) · \(layer.name)"
                // The page opens on the total of the last year.
                viewerLayers.append(TileExporter.ViewerLayer(folder: name, label: label, shownFirst: layer.kind == .total && t == results.count - 1,
                                                             diverging: layer.palette == .diverging))
            }
        }
        let gwp = job.config.gwp.set.rawValue
        let title = "holomap \(years.map(String.init).joined(separator: ", ")): production-side emissions (\(gwp))"
            + (layers.contains(Layer(.productionCO2)) ? ", consumption side and trade (CO2)" : "")
        try TileExporter.writeViewer(folder: tiles, layers: viewerLayers, maxZoom: zoom, scale: scale, title: title, bounds: bounds)
        return Manifest.Tiles(maxZoom: zoom, log10DensityMin: scale.log10Min, log10DensityMax: scale.log10Max, densityUnit: "t CO2e km-2 yr-1",
                              colourMap: "cubehelix (start 0.5, rotations -1.5, hue 1), 0.15–1; signed layers (consumption_minus_production, net_trade): diverging blue (negative) to red (positive)",
                              layers: viewerLayers.map(\.folder))
    }

    /// (south, west, north, east) of the centres of the cells with emissions, in degrees, from
    /// the extents of a geographic grid.
    func latLonBounds(_ extents: [TotalExtent]) -> (Double, Double, Double, Double)? {
        var all = TotalExtent()
        for e in extents { all.merge(e) }
        guard let rows = all.rows, let columns = all.columns else { return nil }
        let ys = [rows.lowerBound, rows.upperBound].map { grid.y(ofRow: Double($0) + 0.5) }
        let xs = [columns.lowerBound, columns.upperBound].map { grid.x(ofColumn: Double($0) + 0.5) }
        return (ys.min()!, xs.min()!, ys.max()!, xs.max()!)
    }

    /// (south, west, north, east) of the centres of the cells with emissions of a projected grid.
    func dataBounds(_ values: [Double], centres: (lon: [Float], lat: [Float])) -> (Double, Double, Double, Double)? {
        var south = 90.0, west = 180.0, north = -90.0, east = -180.0
        for i in values.indices where values[i] != 0 {
            let lon = Double(centres.lon[i]), lat = Double(centres.lat[i])
            south = min(south, lat); north = max(north, lat); west = min(west, lon); east = max(east, lon)
        }
        return south <= north ? (south, west, north, east) : nil
    }
}
