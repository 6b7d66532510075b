import Foundation
import HolomapBridge
import HolomapCore

extension TileExporter {
    /// Tiles of a geographic grid. The top zoom is remapped from the cells (conservatively, by
    /// bands of 256 pixel rows); every lower zoom is summed from the one above, because a Web
    /// Mercator pixel is exactly its four children (meridians and parallels nest, and the remap's
    /// shares add up): one pass over the grid instead of one per zoom. Zooms whose pyramid would
    /// not fit `TileWorkspace.memoryBudget` (a high `--max-zoom`) are each remapped on their own.
    ///
    /// `rows` fills a layer's cells row by row: each band of tiles asks for the source rows it
    /// reaches, so no whole layer is ever held.
    static func writeLatLon(rows: LayerRows, grid: Grid, name: String, staging: URL, maxZoom: Int, scale: Scale,
                            signed: Bool, workspace: TileWorkspace?, progress: (String) -> Void) throws {
        let workspace = workspace ?? TileWorkspace(grid: grid, maxZoom: maxZoom)
        precondition(workspace.maxZoom == maxZoom)
        workspace.clearSummedLevels()
        let summedFrom = workspace.levels.count
        for z in stride(from: maxZoom, through: summedFrom, by: -1) {
            let summedInto = z == summedFrom && z > 0 ? workspace.levels[z - 1] : nil
            let reached = try remapBands(rows: rows, grid: grid, level: workspace.remapped[z - summedFrom], workspace: workspace,
                                         summedInto: summedInto, staging: staging, scale: scale, signed: signed)
            if let summedInto { workspace.markDirty(summedInto, from: workspace.remapped[z - summedFrom], reached: reached) }
            progress("tiles: \(name) zoom \(z)")
        }
        let levels = workspace.levels
        let size = WebMercator.tileSize
        for z in stride(from: summedFrom - 1, through: 0, by: -1) {
            let level = levels[z]
            let dirty = workspace.dirty[z]
            let results = Parallel.map(level.lastRow - level.firstRow + 1) { k -> Result<[Int], Error> in
                Result {
                    let ty = level.firstRow + k
                    let band = UnsafeBufferPointer(rebasing: level.mass.pointer[(k * size * level.width)..<((k + 1) * size * level.width)])
                    let across = level.lastColumn - level.firstColumn + 1
                    let reached = try drawBand(band, level: level, ty: ty, staging: staging, scale: scale, signed: signed,
                                               candidates: Array(dirty[(k * across)..<((k + 1) * across)]))
                    if z > 0 { halve(band, from: level, ty: ty, tiles: reached, into: levels[z - 1]) }
                    return reached
                }
            }
            var reached: [[Int]] = []
            for result in results {
                do { reached.append(try result.get()) } catch { throw InputError.invalidArgument("tiles: \(error)") }
            }
            if z > 0 { workspace.markDirty(levels[z - 1], from: level, reached: reached) }
            progress("tiles: \(name) zoom \(z)")
        }
    }

    /// Remaps the grid onto every tile row of `level`, band by band in parallel, draws the
    /// tiles, and sums each band into `summedInto` (the zoom below) when given. Returns, per tile
    /// row, the tiles with mass.
    static func remapBands(rows: LayerRows, grid: Grid, level: TileWorkspace.Level, workspace: TileWorkspace, summedInto: TileWorkspace.Level?,
                           staging: URL, scale: Scale, signed: Bool) throws -> [[Int]] {
        let size = WebMercator.tileSize
        let columns = workspace.columns[level.zoom - workspace.levels.count]
        let workers = workspace.bands.count
        let perWorker = Parallel.map(workers) { worker -> Result<[Int: [Int]], Error> in
            let mass = workspace.bands[worker].pointer, window = workspace.windows[worker].pointer
            var reachedRows: [Int: [Int]] = [:]
            for ty in stride(from: level.firstRow + worker, through: level.lastRow, by: workers) {
                do {
                    let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: level.zoom) }
                    if let source = ConservativeRemap.sourceRows(grid, reaching: rowEdges) {
                        let cells = UnsafeMutableBufferPointer(rebasing: window[0..<(source.count * grid.width)])
                        rows(source, cells)
                        // NoData cells (NaN) draw nothing, and must not blank the pixels they share.
                        for i in cells.indices where cells[i].isNaN { cells[i] = 0 }
                        ConservativeRemap.latLon(window: UnsafeBufferPointer(cells), firstRow: source.lowerBound, from: grid,
                                                 columns: columns, rowEdges: rowEdges, into: mass)
                    }
                    let band = UnsafeBufferPointer(rebasing: mass[0..<(size * level.width)])
                    let reached: [Int]
                    do { reached = try drawBand(band, level: level, ty: ty, staging: staging, scale: scale, signed: signed) } catch {
                        mass.update(repeating: 0)   // handed back all zeros, also after a failure
                        throw error
                    }
                    if let summedInto { halve(band, from: level, ty: ty, tiles: reached, into: summedInto) }
                    // The band is left as it was found, all zeros: only the tiles with mass need clearing.
                    for tx in reached {
                        for r in 0..<size { (mass.baseAddress! + r * level.width + tx * size).update(repeating: 0, count: size) }
                    }
                    reachedRows[ty] = reached
                } catch {
                    return .failure(error)
                }
            }
            return .success(reachedRows)
        }
        var reached = [[Int]](repeating: [], count: level.lastRow - level.firstRow + 1)
        for result in perWorker {
            do { for (ty, tiles) in try result.get() { reached[ty - level.firstRow] = tiles } } catch { throw InputError.invalidArgument("tiles: \(error)") }
        }
        return reached
    }

    /// Tiles `tiles` (counted from the level's first column) of tile row `ty` of `level`, summed
    /// two by two into their quarters of the zoom below: each pixel is (top-left + top-right) +
    /// (bottom-left + bottom-right). The other quarters are zero (`clearSummedLevels`).
    static func halve(_ band: UnsafeBufferPointer<Double>, from level: TileWorkspace.Level, ty: Int, tiles: [Int], into parent: TileWorkspace.Level) {
        let size = WebMercator.tileSize, half = size / 2
        // Pixel row of this band's first row in the parent's memory.
        let rowOffset = ty * half - parent.firstRow * size
        for tx in tiles {
            let columnOffset = (level.firstColumn + tx) * half - parent.firstColumn * size
            for r in 0..<half {
                let upper = band.baseAddress! + 2 * r * level.width + tx * size, lower = upper + level.width
                let target = parent.mass.pointer.baseAddress! + (rowOffset + r) * parent.width + columnOffset
                for c in 0..<half {
                    target[c] = (upper[2 * c] + upper[2 * c + 1]) + (lower[2 * c] + lower[2 * c + 1])
                }
            }
        }
    }

    /// Draws the tiles of tile row `ty` of `level` from its 256 rows of pixel masses; tiles
    /// showing nothing are not written. Returns the tiles (counted from the level's first
    /// column) with any mass; only `candidates` (when given) may have any.
    @discardableResult
    static func drawBand(_ mass: UnsafeBufferPointer<Double>, level: TileWorkspace.Level, ty: Int, staging: URL, scale: Scale, signed: Bool,
                         candidates: [Bool]? = nil) throws -> [Int] {
        let size = WebMercator.tileSize, z = level.zoom, width = level.width
        let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: z) }
        let logPixelAreas = (0..<size).map { r in
            log10(2 * .pi / Double(size << z) * WGS84.zoneAreaPerRadian(fromLatitude: rowEdges[r + 1], toLatitude: rowEdges[r]) / 1e6)
        }
        var indices = [UInt8](repeating: 0, count: size * size)
        var reachedTiles: [Int] = []
        for tx in 0..<(width / size) where candidates?[tx] ?? true {
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

/// Memory of a geographic tile pyramid, made once and reused for every layer of a build: the
/// masses of the summed zooms (those below the lowest remapped one) over the tiles the grid
/// reaches (zoom 5 of the world: 8192² pixels, 512 MB; a country's window, a few tiles); per
/// worker, one band of pixel rows and the window of grid rows such a band reaches. Zooms are
/// summed from the one above as long as the largest summed level fits `memoryBudget` and has
/// fewer pixels than the grid has cells; higher zooms (`--max-zoom` above 6 for the world, zoom
/// 4 and up for a 0.1° grid) are remapped each on its own. Every pixel of the
/// summed levels is overwritten for each layer, and the bands are handed back all zeros, so
/// nothing is cleared whole between layers.
public final class TileWorkspace: @unchecked Sendable {
    /// The tiles of one zoom that the grid reaches, and (for summed zooms) their masses.
    struct Level: @unchecked Sendable {
        let zoom: Int
        let firstColumn: Int, lastColumn: Int
        let firstRow: Int, lastRow: Int
        let mass: UnsafeBox<Double>
        /// Pixels across the level's tiles.
        var width: Int { (lastColumn - firstColumn + 1) * WebMercator.tileSize }
        var height: Int { (lastRow - firstRow + 1) * WebMercator.tileSize }
    }

    /// Bytes the largest summed level may take.
    static let memoryBudget = 1 << 30

    let maxZoom: Int
    /// Zooms 0 ..< levels.count, summed; with masses.
    let levels: [Level]
    /// Zooms levels.count ... maxZoom, remapped from the cells.
    let remapped: [Level]
    /// Longitude shares of the grid's columns among the pixels of each remapped level.
    let columns: [ConservativeRemap.ColumnShares]
    /// Per summed level, the tiles holding mass of the last layer (row-major over the level's tiles).
    private(set) var dirty: [[Bool]]
    let bands: [UnsafeBox<Double>]
    let windows: [UnsafeBox<Double>]

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
        func extent(_ z: Int) -> (Int, Int, Int, Int) {
            let shift = maxZoom - z
            return (x0 >> shift, x1 >> shift, y0 >> shift, y1 >> shift)
        }
        func bytes(_ z: Int) -> Int {
            let (c0, c1, r0, r1) = extent(z)
            return (c1 - c0 + 1) * (r1 - r0 + 1) * size * size * MemoryLayout<Double>.size
        }
        func level(_ z: Int, withMass: Bool) -> Level {
            let (c0, c1, r0, r1) = extent(z)
            // calloc: zeros the system hands out lazily, so tiles no layer reaches cost no memory.
            let count = withMass ? bytes(z) / MemoryLayout<Double>.size : 1
            guard let raw = calloc(count, MemoryLayout<Double>.size) else { fatalError("out of memory for \(count) tile pixels") }
            let buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Double.self, capacity: count), count: count)
            return Level(zoom: z, firstColumn: c0, lastColumn: c1, firstRow: r0, lastRow: r1, mass: UnsafeBox(buffer))
        }
        // The lowest remapped zoom: the highest whose level below fits the budget and has fewer
        // pixels than the grid has cells (below that, a pass over the cells costs less than the
        // summed level's memory).
        let summedCount = (0...maxZoom).last {
            $0 == 0 || (bytes($0 - 1) <= Self.memoryBudget && bytes($0 - 1) / MemoryLayout<Double>.size < grid.cellCount)
        }!
        levels = (0..<summedCount).map { level($0, withMass: true) }
        dirty = levels.map { [Bool](repeating: false, count: ($0.lastColumn - $0.firstColumn + 1) * ($0.lastRow - $0.firstRow + 1)) }
        remapped = (summedCount...maxZoom).map { level($0, withMass: false) }
        columns = remapped.map { level in
            ConservativeRemap.ColumnShares(source: grid, columnEdges: ((level.firstColumn * size)...((level.lastColumn + 1) * size)).map {
                WebMercator.longitude(ofPixelColumn: Double($0), zoom: level.zoom)
            }, wraps: true)
        }
        let widest = remapped.map(\.width).max()!
        bands = (0..<min(remapped.last!.lastRow - remapped.last!.firstRow + 1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: widest * size)
            buffer.initialize(repeating: 0)
            return UnsafeBox(buffer)
        }
        let windowRows = remapped.flatMap { level in
            (level.firstRow...level.lastRow).map { ty in
                let rowEdges = (0...size).map { WebMercator.latitude(ofPixelRow: Double(ty * size + $0), zoom: level.zoom) }
                return ConservativeRemap.sourceRows(grid, reaching: rowEdges)?.count ?? 0
            }
        }.max() ?? 0
        windows = bands.map { _ in UnsafeBox(UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, windowRows * grid.width))) }
    }

    deinit {
        (levels + remapped).forEach { free($0.mass.pointer.baseAddress) }
        (bands + windows).forEach { $0.pointer.deallocate() }
    }

    /// Zeros the tiles of the summed levels the last layer wrote.
    func clearSummedLevels() {
        let size = WebMercator.tileSize
        for (z, level) in levels.enumerated() {
            let across = level.lastColumn - level.firstColumn + 1
            for tile in dirty[z].indices where dirty[z][tile] {
                let (row, column) = tile.quotientAndRemainder(dividingBy: across)
                for r in 0..<size {
                    (level.mass.pointer.baseAddress! + (row * size + r) * level.width + column * size).update(repeating: 0, count: size)
                }
                dirty[z][tile] = false
            }
        }
    }

    /// Marks the tiles of `parent` (a summed level) that the `reached` tiles of `child`, the zoom
    /// above (per tile row, counted from its first row and column), were summed into.
    func markDirty(_ parent: Level, from child: Level, reached: [[Int]]) {
        let across = parent.lastColumn - parent.firstColumn + 1
        for (k, tiles) in reached.enumerated() {
            let row = (child.firstRow + k) / 2 - parent.firstRow
            for tx in tiles { dirty[parent.zoom][row * across + (child.firstColumn + tx) / 2 - parent.firstColumn] = true }
        }
    }
}
