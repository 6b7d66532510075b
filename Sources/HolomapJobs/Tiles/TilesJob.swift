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

    public func run() throws {
        let folder = URL(fileURLWithPath: out)
        try TileExporter.checkViewerAssets()
        let raster = try GDALRaster(opening: input)
        let names = try (0..<raster.bandCount).map { try raster.bandInfo($0).name }
        guard let index = names.firstIndex(of: band) else {
            throw InputError.malformedInput(file: input, place: "", reason: "no band '\(band)' (bands: \(names.joined(separator: ", ")))")
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(band).path), !overwrite {
            throw InputError.outputExists(path: folder.appendingPathComponent(band).path)
        }
        let nodata = try raster.bandInfo(index).nodata
        let values = try raster.read(band: index, rows: 0..<raster.grid.height).map { v -> Double in
            (v.isNaN || nodata.map { Float($0) == v } == true) ? 0 : Double(v)
        }
        let scale = TileExporter.scale(for: values, grid: raster.grid, cellAreas: try CellAreas.table(raster.grid))
        let centres = raster.grid.crs.isGeographic ? nil : try ProjectedRows.cellCentres(raster.grid)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try TileExporter.write(layer: values, grid: raster.grid, name: band, folder: folder, maxZoom: maxZoom, scale: scale,
                               centres: centres, progress: { progress(.step($0)) })
        try TileExporter.writeLegend(to: folder.appendingPathComponent("legend.png").path)
        try TileExporter.writeViewer(folder: folder, layers: [TileExporter.ViewerLayer(folder: band, label: band)], maxZoom: maxZoom,
                                     scale: scale, title: "holomap: \(band)")
    }
}
