import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The tiles and viewer of a build. Tiles need whole layers: each is summed over the grid into
/// one reused Float64 buffer. One colour scale serves every layer and year (from the production
/// totals' densities), so colours compare.
struct BuildTiles {
    let job: BuildJob
    let grid: Grid
    let layers: [Layer]
    let folder: URL
    /// The boundaries the build read and the countries on its grid: the viewer's border overlay.
    let boundaries: BoundarySource
    let countries: [String]
    /// The GWP set the CO2e layers are really in (GWPBasisReport.outputLabel); nil: the config's.
    var gwpLabel: String? = nil
    /// Per year: the natural layers' source fields on the grid (BuildNatural).
    var naturalFields: [[NaturalComponent: any RowField]] = []

    /// `extents`: per year, where the production total has mass and how dense its cells are
    /// (from the writing pass).
    func write(_ results: [GriddingResult], extents: [TotalExtent]) throws -> Manifest.Tiles {
        let years = job.config.years
        let tiles = folder.appendingPathComponent("tiles")
        let zoom = job.maxZoom ?? min(6, TileExporter.nativeZoom(grid))
        let geographic = grid.crs.isGeographic
        var densities = DensityHistogram()
        for e in extents { densities.merge(e.densities) }
        let scale = TileExporter.scale(densities)
        // A national build's viewer opens on its data; a projected grid's bounds come from the
        // cell centres, below.
        var bounds = geographic && job.countries != nil ? latLonBounds(extents) : nil
        // Geographic layers are filled by rows as the tiles reach them; a projected grid's tiles
        // bin whole layers by cell centre.
        let workspace = geographic ? TileWorkspace(grid: grid, maxZoom: zoom) : nil
        let centres = !geographic ? try ProjectedRows.cellCentres(grid) : nil
        var values = geographic ? [] : [Double](repeating: 0, count: grid.cellCount)
        func folderName(_ layer: Layer, _ t: Int) -> String { years.count == 1 ? layer.code : "\(layer.code)-\(years[t])" }
        for (t, result) in results.enumerated() {
            for layer in layers {
                let name = folderName(layer, t)
                job.progress(.step("build: tiles \(name)"))
                let progress: (String) -> Void = { job.progress(.step($0)) }
                if geographic {
                    let fields = t < naturalFields.count ? naturalFields[t] : [:], width = grid.width
                    let fill: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void = { rows, out in
                        let gridded: (UnsafeMutableBufferPointer<Double>) -> Void = { _ = result.fill(rows: rows, layersOf: { layer.includes($0) ? [0] : [] }, into: [$0]) }
                        guard let component = layer.natural else { return gridded(out) }
                        NaturalFill.fill(component, rows: rows, width: width, fields: fields, productionCO2: { co2 in
                            _ = result.fill(rows: rows, layersOf: { Layer(.productionCO2).includes($0) ? [0] : [] }, into: [co2])
                        }, into: out)
                    }
                    try TileExporter.write(rows: fill,
                                           grid: grid, name: name, folder: tiles, maxZoom: zoom, scale: scale, signed: layer.palette == .diverging,
                                           workspace: workspace, progress: progress)
                } else {
                    result.sum(into: &values) { layer.includes($0) }
                    if layer.kind == .total || !layers.contains(Layer(.total)), let b = dataBounds(values, centres: centres!) {
                        bounds = bounds.map { (min($0.0, b.0), min($0.1, b.1), max($0.2, b.2), max($0.3, b.3)) } ?? b
                    }
                    try TileExporter.write(layer: values, grid: grid, name: name, folder: tiles, maxZoom: zoom, scale: scale, centres: centres,
                                           signed: layer.palette == .diverging, progress: progress)
                }
            }
        }
        // The viewer lists each layer once, by group, named by its code and human name; the
        // year is a slider. Folders keep the code.
        let listed = Layer.Group.allCases.flatMap { group in layers.filter { $0.group == group } }
        let viewerLayers = listed.map { layer in
            TileExporter.ViewerLayer(code: layer.code, label: layer.code == layer.name ? layer.code : "\(layer.code) · \(layer.name)",
                                     group: layer.group.rawValue, folders: years.indices.map { folderName(layer, $0) },
                                     diverging: layer.palette == .diverging)
        }
        let gwp = gwpLabel ?? job.config.gwp.set.rawValue
        let parts = (layers.contains(where: { $0.isProduction && $0.basis == .co2e }) ? ["production-side emissions (\(gwp))"] : [])
            + (layers.contains(where: \.isConsumptionSide) ? ["consumption side and trade (CO2)"] : [])
            + (layers.contains(where: \.isNatural) ? ["natural sources and sinks"] : [])
        let title = "holomap \(years.map(String.init).joined(separator: ", ")): " + (parts.isEmpty ? "production CO2" : parts.joined(separator: ", "))
        let log10Peak = log10(max(densities.peak, .leastNormalMagnitude))
        let top = String(format: "%.2f", scale.log10Max), peak = String(format: "%.2f", log10Peak)
        let reference = layers.contains(Layer(.total)) ? "the production total" : "every layer"
        let note = "Colours saturate at the \(csvNumber(DensityHistogram.percentile))th percentile of the non-zero cells of \(reference) "
            + "(all years): 10^\(top) t CO₂e km⁻² yr⁻¹ (densest cell 10^\(peak)); five decades below it are shown. "
            + "One scale serves every layer and year; NoData and zero cells are transparent."
        // The page opens on the total of the last year (without it, on the first layer listed).
        let opening = layers.contains(Layer(.total)) ? Layer(.total).code : listed[0].code
        let page = TileExporter.ViewerPage(title: title, layers: viewerLayers, years: years, opensOn: (opening, years.count - 1),
                                           maxZoom: zoom, scale: scale, scaleNote: note, credits: DataCredits.credits(job.config), bounds: bounds,
                                           borders: try borders(zoom: zoom))
        try TileExporter.writeViewer(folder: tiles, page: page)
        return Manifest.Tiles(maxZoom: zoom, log10DensityMin: scale.log10Min, log10DensityMax: scale.log10Max, scalePercentile: DensityHistogram.percentile,
                              log10DensityPeak: log10Peak, densityUnit: "t CO2e km-2 yr-1",
                              colourMap: "cubehelix (start 0.5, rotations -1.5, hue 1), 0.15–1; signed layers (consumption_minus_production, net_trade, land_sink, natural_net, panoramic_net): diverging blue (negative) to red (positive)",
                              layers: years.indices.flatMap { t in layers.map { folderName($0, t) } })
    }

    /// The outlines of the build's countries in longitude and latitude, simplified to a tile
    /// pixel at the top zoom, as GeoJSON.
    func borders(zoom: Int) throws -> String {
        let names = try CountryCodes.load().nameByAlpha3
        let toLonLat = try CoordinateTransformer(from: boundaries.crs, to: .wgs84)
        let outlines = try countries.map { code in
            let rings = try boundaries.region(code).rings.map { ring -> [Point] in
                var x = ring.points.map(\.x), y = ring.points.map(\.y)
                try toLonLat.transform(x: &x, y: &y)
                return zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { Point(x: $0.0, y: $0.1) }
            }
            return BorderLines.Country(code: code, name: names[code] ?? code, rings: rings)
        }
        return BorderLines.geoJSON(outlines, tolerance: BorderLines.tolerance(maxZoom: zoom))
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
        for i in values.indices where values[i] != 0 && !values[i].isNaN {
            let lon = Double(centres.lon[i]), lat = Double(centres.lat[i])
            south = min(south, lat); north = max(north, lat); west = min(west, lon); east = max(east, lon)
        }
        return south <= north ? (south, west, north, east) : nil
    }
}
