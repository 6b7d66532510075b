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
    let cellAreas: CellAreaTable
    let folder: URL

    func write(_ results: [GriddingResult]) throws -> Manifest.Tiles {
        let years = job.config.years
        let tiles = folder.appendingPathComponent("tiles")
        let zoom = job.maxZoom ?? min(6, TileExporter.nativeZoom(grid))
        let centres = !grid.crs.isGeographic ? try ProjectedRows.cellCentres(grid) : nil
        var values = [Double](repeating: 0, count: grid.cellCount)
        var scale: TileExporter.Scale? = nil
        var bounds: (Double, Double, Double, Double)? = nil
        for result in results {
            result.sum(into: &values) { $0.isProduction }
            let s = TileExporter.scale(for: values, grid: grid, cellAreas: cellAreas)
            scale = scale.map { TileExporter.Scale(log10Min: min($0.log10Min, s.log10Min), log10Max: max($0.log10Max, s.log10Max)) } ?? s
            if job.countries != nil || !grid.crs.isGeographic, let b = dataBounds(values, centres: centres) {
                bounds = bounds.map { (min($0.0, b.0), min($0.1, b.1), max($0.2, b.2), max($0.3, b.3)) } ?? b
            }
        }
        var viewerLayers: [TileExporter.ViewerLayer] = []
        for (t, result) in results.enumerated() {
            for layer in layers {
                let name = years.count == 1 ? layer.code : "\(layer.code)-\(years[t])"
                job.progress(.step("build: tiles \(name)"))
                result.sum(into: &values) { layer.includes($0) }
                try TileExporter.write(layer: values, grid: grid, name: name, folder: tiles, maxZoom: zoom, scale: scale!,
                                       centres: centres, signed: layer.palette == .diverging, progress: { job.progress(.step($0)) })
                // The viewer names each layer by its code and its human name; folders keep the code.
                let label = layer.code == layer.name ? name : "\(name) · \(layer.name)"
                // The page opens on the total of the last year.
                viewerLayers.append(TileExporter.ViewerLayer(folder: name, label: label, shownFirst: layer.kind == .total && t == results.count - 1,
                                                             diverging: layer.palette == .diverging))
            }
        }
        let gwp = job.config.gwp.set.rawValue
        let title = "holomap \(years.map(String.init).joined(separator: ", ")): production-side emissions (\(gwp))"
            + (layers.contains(Layer(.consumption)) ? ", consumption and transfers (CO2)" : "")
        try TileExporter.writeViewer(folder: tiles, layers: viewerLayers, maxZoom: zoom, scale: scale!, title: title, bounds: bounds)
        return Manifest.Tiles(maxZoom: zoom, log10DensityMin: scale!.log10Min, log10DensityMax: scale!.log10Max, densityUnit: "t CO2e km-2 yr-1",
                              colourMap: "cubehelix (start 0.5, rotations -1.5, hue 1), 0.15–1; transfer: diverging blue (net exported) to red (net imported)",
                              layers: viewerLayers.map(\.folder))
    }

    /// (south, west, north, east) of the cells with emissions, in degrees.
    func dataBounds(_ values: [Double], centres: (lon: [Float], lat: [Float])?) -> (Double, Double, Double, Double)? {
        var south = 90.0, west = 180.0, north = -90.0, east = -180.0
        for i in values.indices where values[i] != 0 {
            let lon: Double, lat: Double
            if let centres { lon = Double(centres.lon[i]); lat = Double(centres.lat[i]) } else {
                lon = grid.x(ofColumn: Double(i % grid.width) + 0.5); lat = grid.y(ofRow: Double(i / grid.width) + 0.5)
            }
            south = min(south, lat); north = max(north, lat); west = min(west, lon); east = max(east, lon)
        }
        return south <= north ? (south, west, north, east) : nil
    }
}
