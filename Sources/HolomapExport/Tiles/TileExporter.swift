import Foundation
import HolomapBridge
import HolomapCore

/// XYZ tiles of a mass-per-cell layer: Web Mercator, 256 px, zoom 0…max. Each tile pixel gets
/// the mass of the grid cells it overlaps, shared by ellipsoidal overlap area (conservative, not
/// bilinear); colours show density (mass / pixel area) on a log scale with cubehelix, and pixels
/// without emissions are transparent.
public enum TileExporter {
    public struct Scale: Codable, Sendable {
        /// log10 of the density range shown, t CO2e km⁻² yr⁻¹.
        public var log10Min: Double
        public var log10Max: Double
        public init(log10Min: Double, log10Max: Double) { self.log10Min = log10Min; self.log10Max = log10Max }
    }

    /// The zoom at which tile pixels are about as fine as the grid's cells (for projected grids in
    /// metres: pixels no finer than the cells, so centre binning leaves no gaps).
    public static func nativeZoom(_ grid: Grid) -> Int {
        if !grid.crs.isGeographic {
            let pixels = 40_075_016.7 / abs(grid.transform.pixelWidth)
            return max(0, Int(floor(log2(pixels / Double(WebMercator.tileSize)))))
        }
        let pixels = 360 / abs(grid.transform.pixelWidth)
        return max(0, Int(ceil(log2(pixels / Double(WebMercator.tileSize)))))
    }

    /// Five decades below the `DensityHistogram.percentile` of the layer's non-zero cells
    /// (|value| per km²; NaN cells, NoData, left out).
    public static func scale(for values: [Double], grid: Grid, cellAreas: CellAreaTable) -> Scale {
        var histogram = DensityHistogram()
        for r in 0..<grid.height {
            let areas = cellAreas.rows(r..<(r + 1), width: grid.width)
            for c in 0..<grid.width where areas[c] > 0 { histogram.add(values[r * grid.width + c] / (areas[c] / 1e6)) }
        }
        return scale(histogram)
    }

    /// Palette: index 0 transparent, 1…255 cubehelix from 0.15 to 1 (dark to light).
    public static let palette: [(r: UInt8, g: UInt8, b: UInt8, a: UInt8)] = [(0, 0, 0, 0)] + (0..<255).map { k in
        let (r, g, b) = ColorMap.cubehelix(0.15 + 0.85 * Double(k) / 254)
        return (r, g, b, 255)
    }

    /// Palette index of a pixel's mass: 1 + round(t × 254), t the log density's place on the scale.
    @inline(__always)
    static func paletteIndex(mass: Double, log10PixelArea: Double, scale: Scale) -> UInt8 {
        let t = min(1, max(0, (log10(mass) - log10PixelArea - scale.log10Min) / (scale.log10Max - scale.log10Min)))
        return UInt8(1 + Int(t * 254 + 0.5))
    }

    /// For signed layers (transfers): 0 transparent; negative masses 127 … 1 (blue, stronger
    /// further from zero), positive 128 … 255 (red), each by the log of |density| on the scale.
    @inline(__always)
    static func signedPaletteIndex(mass: Double, log10PixelArea: Double, scale: Scale) -> UInt8 {
        let t = min(1, max(0, (log10(abs(mass)) - log10PixelArea - scale.log10Min) / (scale.log10Max - scale.log10Min)))
        return mass > 0 ? UInt8(128 + Int(t * 127 + 0.5)) : UInt8(127 - Int(t * 126 + 0.5))
    }

    /// The pixel's palette index, 0 (transparent) when it shows nothing.
    @inline(__always)
    static func pixelIndex(_ mass: Double, log10PixelArea: Double, scale: Scale, signed: Bool) -> UInt8 {
        if signed { return mass == 0 || mass.isNaN ? 0 : signedPaletteIndex(mass: mass, log10PixelArea: log10PixelArea, scale: scale) }
        return mass > 0 ? paletteIndex(mass: mass, log10PixelArea: log10PixelArea, scale: scale) : 0
    }

    /// Diverging palette of signed layers: transparent, 127 blues (dark to light), 128 reds
    /// (light to dark).
    public static let divergingPalette: [(r: UInt8, g: UInt8, b: UInt8, a: UInt8)] = [(0, 0, 0, 0)] + (1...255).map { k in
        // t: 0 at the centre, 1 at either end.
        let t = k <= 127 ? Double(127 - k) / 126 : Double(k - 128) / 127
        let light = 0.92 - 0.62 * t
        func channel(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        if k <= 127 { return (channel(light * 0.55), channel(light * 0.75), channel(min(1, light + 0.25)), 255) }
        return (channel(min(1, light + 0.25)), channel(light * 0.65), channel(light * 0.5), 255)
    }

    /// Writes one tile under staging/z/x/y.png (tiles without emissions are not written: XYZ
    /// clients show nothing there).
    static func writeTile(_ indices: [UInt8], staging: URL, z: Int, x: Int, y: Int, signed: Bool) throws {
        let dir = staging.appendingPathComponent("\(z)/\(x)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try PNGEncoder.writePalette(path: dir.appendingPathComponent("\(y).png").path, width: WebMercator.tileSize,
                                    height: WebMercator.tileSize, indices: indices, palette: signed ? divergingPalette : palette)
    }

    /// `signed`: the layer has negative values (transfers), drawn with the diverging palette.
    /// `workspace`: memory reused across the layers of one grid and zoom (geographic grids).
    public static func write(layer values: [Double], grid: Grid, name: String, folder: URL, maxZoom: Int, scale: Scale,
                             centres: (lon: [Float], lat: [Float])? = nil, signed: Bool = false, workspace: TileWorkspace? = nil,
                             progress: (String) -> Void = { _ in }) throws {
        precondition(values.count == grid.cellCount)
        if grid.crs.isGeographic {
            let width = grid.width
            try write(rows: { rows, out in
                values.withUnsafeBufferPointer { v in
                    _ = out.update(fromContentsOf: v[(rows.lowerBound * width)..<(rows.upperBound * width)])
                }
            }, grid: grid, name: name, folder: folder, maxZoom: maxZoom, scale: scale, signed: signed, workspace: workspace, progress: progress)
            return
        }
        guard let centres else { throw InputError.invalidArgument("tiles: a projected grid needs its cell centres") }
        try staged(name: name, folder: folder) { staging in
            try writeProjected(layer: values, centres: centres, name: name, staging: staging, maxZoom: maxZoom, scale: scale, signed: signed, progress: progress)
        }
    }

    /// Tiles of a layer of a geographic grid given by rows (see `writeLatLon`).
    public static func write(rows: LayerRows, grid: Grid, name: String, folder: URL, maxZoom: Int, scale: Scale, signed: Bool = false,
                             workspace: TileWorkspace? = nil, progress: (String) -> Void = { _ in }) throws {
        precondition(grid.crs.isGeographic)
        try staged(name: name, folder: folder) { staging in
            try writeLatLon(rows: rows, grid: grid, name: name, staging: staging, maxZoom: maxZoom, scale: scale, signed: signed,
                            workspace: workspace, progress: progress)
        }
    }

    /// A layer's tiles are written under a temporary name and renamed when complete.
    static func staged(name: String, folder: URL, _ body: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let final = folder.appendingPathComponent(name)
        let staging = folder.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try? fm.removeItem(at: staging)
        defer { try? fm.removeItem(at: staging) }
        try body(staging)
        try? fm.removeItem(at: final)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        try fm.moveItem(at: staging, to: final)
    }
}
