import Foundation
import HolomapBridge
import HolomapCore

extension TileExporter {
    /// Tiles of a geographic grid. Only the top zoom is remapped from the cells (conservatively,
    /// by bands of 256 pixel rows); every lower zoom is summed from the one above, because a Web
    /// Mercator pixel is exactly its four children (meridians and parallels nest, and the remap's
    /// shares add up). One pass over the grid instead of one per zoom.
    ///
    /// `rows` fills a layer's cells row by row: each band of tiles asks for the source rows it
    /// reaches, so no whole layer is ever held.
    static func writeLatLon(rows: LayerRows, grid: Grid, name: String, staging: URL, maxZoom: Int, scale: Scale,
                            signed: Bool, workspace: TileWorkspace?, progress: (String) -> Void) throws {
        let workspace = workspace ?? TileWorkspace(grid: grid, maxZoom: maxZoom)
        precondition(workspace.maxZoom == maxZoom)
        let size = WebMercator.tileSize
        let levels = workspace.levels
        let top = workspace.top
        let workers = workspace.bands.count
        let topFailures = Parallel.map(workers) { worker -> String? in
            let mass = workspace.bands[worker].pointer, window = workspace.windows[worker].pointer
            for ty in stride(from: top.firstRow + worker, through: top.lastRow, by: workers) {
                do {
                    let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: maxZoom) }
                    if let source = ConservativeRemap.sourceRows(grid, reaching: rowEdges) {
                        let cells = UnsafeMutableBufferPointer(rebasing: window[0..<(source.count * grid.width)])
                        rows(source, cells)
                        ConservativeRemap.latLon(window: UnsafeBufferPointer(cells), firstRow: source.lowerBound, from: grid,
                                                 columns: workspace.columns, rowEdges: rowEdges, into: mass)
                    }
                    let band = UnsafeBufferPointer(mass)
                    let reached = try drawBand(band, level: top, ty: ty, staging: staging, scale: scale, signed: signed)
                    if maxZoom > 0 { halve(band, from: top, ty: ty, into: levels[maxZoom - 1]) }
                    // The band is left as it was found, all zeros: only the tiles with mass need clearing.
                    for tx in reached {
                        for r in 0..<size { (mass.baseAddress! + r * top.width + tx * size).update(repeating: 0, count: size) }
                    }
                } catch {
                    return "\(error)"
                }
            }
            return nil
        }
        if let failure = topFailures.compactMap({ $0 }).first { throw InputError.invalidArgument("tiles: \(failure)") }
        progress("tiles: \(name) zoom \(maxZoom)")

        for z in stride(from: maxZoom - 1, through: 0, by: -1) {
            let level = levels[z]
            let failures = Parallel.map(level.lastRow - level.firstRow + 1) { k -> String? in
                do {
                    let ty = level.firstRow + k
                    let band = UnsafeBufferPointer(rebasing: level.mass.pointer[(k * size * level.width)..<((k + 1) * size * level.width)])
                    try drawBand(band, level: level, ty: ty, staging: staging, scale: scale, signed: signed)
                    if z > 0 { halve(band, from: level, ty: ty, into: levels[z - 1]) }
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw InputError.invalidArgument("tiles: \(failure)") }
            progress("tiles: \(name) zoom \(z)")
        }
    }

    /// Tile row `ty` of `level` summed two by two into the zoom below: each pixel is
    /// (top-left + top-right) + (bottom-left + bottom-right).
    static func halve(_ band: UnsafeBufferPointer<Double>, from level: TileWorkspace.Level, ty: Int, into parent: TileWorkspace.Level) {
        let size = WebMercator.tileSize
        // Pixel offsets of this band's first row and column in the parent's memory.
        let rowOffset = ty * size / 2 - parent.firstRow * size
        let columnOffset = level.firstColumn * size / 2 - parent.firstColumn * size
        for r in 0..<(size / 2) {
            let upper = band.baseAddress! + 2 * r * level.width, lower = upper + level.width
            let target = parent.mass.pointer.baseAddress! + (rowOffset + r) * parent.width + columnOffset
            for c in 0..<(level.width / 2) {
                target[c] = (upper[2 * c] + upper[2 * c + 1]) + (lower[2 * c] + lower[2 * c + 1])
            }
        }
    }

    /// Draws the tiles of tile row `ty` of `level` from its 256 rows of pixel masses; tiles
    /// showing nothing are not written. Returns the tiles (counted from the level's first
    /// column) with any mass.
    @discardableResult
    static func drawBand(_ mass: UnsafeBufferPointer<Double>, level: TileWorkspace.Level, ty: Int, staging: URL, scale: Scale, signed: Bool) throws -> [Int] {
        let size = WebMercator.tileSize, z = level.zoom, width = level.width
        let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: z) }
        let logPixelAreas = (0..<size).map { r in
            log10(2 * .pi / Double(size << z) * WGS84.zoneAreaPerRadian(fromLatitude: rowEdges[r + 1], toLatitude: rowEdges[r]) / 1e6)
        }
        var indices = [UInt8](repeating: 0, count: size * size)
        var reachedTiles: [Int] = []
        for tx in 0..<(width / size) {
            // Most tiles of a world are ocean: a scan for any mass is cheaper than drawing.
            var reached = false
            for r in 0..<size where !reached {
                let row = mass.baseAddress! + r * width + tx * size
                for c in 0..<size where row[c] != 0 { reached = true; break }
            }
            guard reached else { continue }
            reachedTiles.append(tx)
            var any = false
            indices.withUnsafeMutableBufferPointer { out in
                for r in 0..<size {
                    let base = r * width + tx * size
                    for c in 0..<size {
                        let index = pixelIndex(mass[base + c], log10PixelArea: logPixelAreas[r], scale: scale, signed: signed)
                        out[r * size + c] = index
                        if index != 0 { any = true }
                    }
                }
            }
            if any { try writeTile(indices, staging: staging, z: z, x: level.firstColumn + tx, y: ty, signed: signed) }
        }
        return reachedTiles
    }
}

/// A layer's cells by rows: `fill(rows, out)` writes rows `rows` of the grid, row-major.
public typealias LayerRows = @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void

/// Memory of a geographic tile pyramid, made once and reused for every layer of a build: per
/// zoom below the top, the masses of the tiles the grid reaches (zoom 5 of the world: 8192²
/// pixels, 512 MB; a country's window, a few tiles); per worker, one band of top-zoom pixel rows
/// and the window of grid rows such a band reaches; the top zoom's column shares. Every pixel
/// of the lower zooms is overwritten for each layer, and the bands are handed back all zeros,
/// so nothing is cleared whole between layers.
public final class TileWorkspace: @unchecked Sendable {
    /// The tiles of one zoom that the grid reaches, and (below the top zoom) their masses.
    struct Level: @unchecked Sendable {
        let zoom: Int
        let firstColumn: Int, lastColumn: Int
        let firstRow: Int, lastRow: Int
        let mass: UnsafeBox<Double>
        /// Pixels across the level's tiles.
        var width: Int { (lastColumn - firstColumn + 1) * WebMercator.tileSize }
        var height: Int { (lastRow - firstRow + 1) * WebMercator.tileSize }
    }

    let maxZoom: Int
    let top: Level
    let levels: [Level]
    let bands: [UnsafeBox<Double>]
    let windows: [UnsafeBox<Double>]
    let columns: ConservativeRemap.ColumnShares

    public init(grid: Grid, maxZoom: Int) {
        let size = WebMercator.tileSize
        self.maxZoom = maxZoom
        // The top zoom's tiles that hold the grid's extent (all of them when it wraps).
        let tiles = 1 << maxZoom
        func pixel(lon: Double) -> Double { (lon + 180) / 360 * Double(size << maxZoom) }
        func pixel(lat: Double) -> Double {
            let clamped = max(-WebMercator.maxLatitude, min(WebMercator.maxLatitude, lat))
            return (1 - asinh(tan(clamped * .pi / 180)) / .pi) / 2 * Double(size << maxZoom)
        }
        func tile(_ p: Double) -> Int { max(0, min(tiles - 1, Int(floor(p / Double(size))))) }
        let xs = [grid.x(ofColumn: 0), grid.x(ofColumn: Double(grid.width))], ys = [grid.y(ofRow: 0), grid.y(ofRow: Double(grid.height))]
        let wraps = xs.min()! < -180 || xs.max()! > 180
        let (x0, x1) = wraps ? (0, tiles - 1) : (tile(pixel(lon: xs.min()!)), tile(pixel(lon: xs.max()!)))
        let (y0, y1) = (tile(pixel(lat: ys.max()!)), tile(pixel(lat: ys.min()!)))
        func level(_ z: Int, withMass: Bool) -> Level {
            let shift = maxZoom - z
            let (c0, c1, r0, r1) = (x0 >> shift, x1 >> shift, y0 >> shift, y1 >> shift)
            let count = withMass ? (c1 - c0 + 1) * (r1 - r0 + 1) * size * size : 1
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return Level(zoom: z, firstColumn: c0, lastColumn: c1, firstRow: r0, lastRow: r1, mass: UnsafeBox(buffer))
        }
        levels = (0..<maxZoom).map { level($0, withMass: true) }
        top = level(maxZoom, withMass: false)
        let width = top.width
        bands = (0..<min(top.lastRow - top.firstRow + 1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: width * size)
            buffer.initialize(repeating: 0)
            return UnsafeBox(buffer)
        }
        let columnEdges = ((top.firstColumn * size)...((top.lastColumn + 1) * size)).map { WebMercator.longitude(ofPixelColumn: Double($0), zoom: maxZoom) }
        columns = ConservativeRemap.ColumnShares(source: grid, columnEdges: columnEdges, wraps: true)
        let windowRows = (top.firstRow...top.lastRow).map { ty in
            let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: maxZoom) }
            return ConservativeRemap.sourceRows(grid, reaching: rowEdges)?.count ?? 0
        }.max() ?? 0
        windows = bands.map { _ in UnsafeBox(UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, windowRows * grid.width))) }
    }

    deinit { ((levels + [top]).map(\.mass) + bands + windows).forEach { $0.pointer.deallocate() } }
}
