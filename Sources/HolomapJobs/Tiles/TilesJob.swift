import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// `holomap tiles`: XYZ tiles of one mass-per-cell band of a raster, with a legend and viewer.
public struct TilesJob {
    public var input: String
    public var band: String
    public var maxZoom: Int
    public var out: String
    public var overwrite = false
    public var progress: ProgressHandler = { _ in }

    public init(input: String, band: String, maxZoom: Int, out: String) {
        self.input = input; self.band = band; self.maxZoom = maxZoom; self.out = out
    }

    /// Writes the folder `out` whole (staged beside it and put in place at the end): the band's
    /// tiles under `<out>/<band>/`, the legend and the viewer.
    public func run() throws {
        try TileExporter.checkViewerAssets()
        let raster = try GDALRaster(opening: input)
        let names = try (0..<raster.bandCount).map { try raster.bandInfo($0).name }
        guard let index = names.firstIndex(of: band) else {
            throw InputError.malformedInput(file: input, place: "", reason: "no band '\(band)' (bands: \(names.joined(separator: ", ")))")
        }
        try AtomicFolder.write(to: out, overwrite: overwrite, kind: "tiles") { folder in
            let nodata = try raster.bandInfo(index).nodata
            let values = try raster.read(band: index, rows: 0..<raster.grid.height).map { v -> Double in
                (v.isNaN || nodata.map { Float($0) == v } == true) ? 0 : Double(v)
            }
            // A band with negative values (a transfer layer) is drawn with the diverging palette.
            let signed = values.contains { $0 < 0 }
            let scale = TileExporter.scale(for: values, grid: raster.grid, cellAreas: try CellAreas.table(raster.grid))
            let centres = raster.grid.crs.isGeographic ? nil : try ProjectedRows.cellCentres(raster.grid)
            try TileExporter.write(layer: values, grid: raster.grid, name: band, folder: folder, maxZoom: maxZoom, scale: scale,
                                   centres: centres, signed: signed, progress: { progress(.step($0)) })
            let page = TileExporter.ViewerPage(
                title: "holomap: \(band)", layers: [TileExporter.ViewerLayer(code: band, label: band, group: "Band of \(URL(fileURLWithPath: input).lastPathComponent)",
                                                                          folders: [band], diverging: signed)],
                years: [], opensOn: (band, 0), maxZoom: maxZoom, scale: scale,
                scaleNote: "Colours saturate at the \(csvNumber(DensityHistogram.percentile))th percentile of the band's non-zero cells; NoData and zero cells are transparent.",
                credits: [])
            try TileExporter.writeViewer(folder: folder, page: page)
        }
    }
}
