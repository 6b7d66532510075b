import Foundation
import HolomapBridge
import HolomapCore

/// A Cloud Optimized GeoTIFF written by holomap itself from bands of rows, for grids whose layers
/// never exist whole in memory (0.01° global: 648 million cells per band).
///
/// Layout (what `rio cogeo validate --strict` and GDAL's COG driver expect): little-endian TIFF
/// (BigTIFF when over 4 GB), the full-resolution directory right after the header, then one
/// directory per overview (each half the size, until both sides fit in one tile), then the tile
/// data, smallest overview first and full resolution last. Tiles are 512 × 512, bands separate
/// (`PlanarConfiguration` 2, as GDAL's `INTERLEAVE=BAND`), ZSTD-compressed (TIFF compression
/// 50000) after the floating-point predictor (3; horizontal differencing, 2, for UInt16).
/// Tiles whose every value is the nodata value (0 without nodata) are left out, as GDAL's
/// `SPARSE_OK=TRUE` does; readers give those cells the nodata value, or 0. Cells callers never
/// write (unoccupied tile columns) hold the `background` value: the nodata value unless told
/// otherwise; a background that is not nodata (0 in layers whose nodata is NaN) is stored, one
/// compressed copy per tile, since a missing tile would read as nodata.
/// Overviews are made while the strips stream through: 2 × 2 averages of valid values
/// (nearest for categories). Georeferencing and GDAL metadata come from `GeoTIFFTemplate`.
/// Called from one thread; its work items only read the strip and write their own results.
public final class COGStreamWriter: @unchecked Sendable {
    public enum Resampling: Sendable { case average, nearest }
    public static let blockSize = 512

    let path: String
    let bandCount: Int
    let sampleType: GeoTIFFTemplate.SampleType
    let resampling: Resampling
    let nodata: Double?
    /// The value of cells never written; `backgroundTile` is its compressed tile when it must
    /// be stored (it is not the nodata value), else empty.
    let background: Float
    var backgroundTile: [UInt8] = []
    let templateTags: [TIFFTag]
    let levels: [Level]
    let compressors: CompressorPool
    /// Full-resolution tiles go to a side file as they are made (offset, size); the overviews,
    /// which the layout puts first, stay in memory until `finish`.
    let spillPath: String
    let spill: FileHandle
    var spillSize = 0
    var mainTiles: [(offset: Int, count: Int)?]

    final class Level: @unchecked Sendable {
        let width: Int, height: Int
        let tilesAcross: Int, tilesDown: Int
        var strip: [UnsafeMutableBufferPointer<Float>]
        var rowsInStrip = 0
        var stripIndex = 0
        var tiles: [[UInt8]?]
        /// Tile columns of the current strip that may hold values other than the sparse value;
        /// the others are neither stored nor read.
        var occupied: [Bool]
        init(width: Int, height: Int, bands: Int) {
            self.width = width; self.height = height
            let b = COGStreamWriter.blockSize
            tilesAcross = (width + b - 1) / b; tilesDown = (height + b - 1) / b
            strip = (0..<bands).map { _ in .allocate(capacity: b * width) }
            tiles = Array(repeating: nil, count: bands * tilesAcross * tilesDown)
            occupied = Array(repeating: false, count: tilesAcross)
        }

        func columns(_ c: Int) -> Range<Int> { (c * COGStreamWriter.blockSize)..<min(width, (c + 1) * COGStreamWriter.blockSize) }

        /// Sets `rows` of tile column `c` (strip rows) to `value` in every band.
        func fill(_ c: Int, rows: Range<Int>, value: Float) {
            let cols = columns(c)
            for band in strip { for r in rows { UnsafeMutableBufferPointer(rebasing: band[(r * width + cols.lowerBound)..<(r * width + cols.upperBound)]).update(repeating: value) } }
        }

        /// Marks tile column `c` occupied; rows of the strip that came before were never written
        /// there, so they get the sparse value.
        func markOccupied(_ c: Int, value: Float) {
            guard !occupied[c] else { return }
            occupied[c] = true
            if rowsInStrip > 0 { fill(c, rows: 0..<rowsInStrip, value: value) }
        }
        deinit { for s in strip { s.deallocate() } }
        /// Rows received so far (flushed or not).
        var rowsDone = 0
    }

    /// Overview sizes as GDAL makes them: halve (rounding up) while either side exceeds a tile.
    public static func levelSizes(width: Int, height: Int) -> [(Int, Int)] {
        var sizes = [(width, height)]
        while sizes.last!.0 > blockSize || sizes.last!.1 > blockSize {
            let (w, h) = sizes.last!
            sizes.append(((w + 1) / 2, (h + 1) / 2))
        }
        return sizes
    }

    /// `bands` describe every band (their nodata must agree: GeoTIFF has one per file).
    /// `background`: the value of cells never written; nil: the nodata value (or 0 without one).
    public init(path: String, grid: Grid, bands: [BandInfo], metadata: [(String, String)],
                sampleType: GeoTIFFTemplate.SampleType = .float32, resampling: Resampling = .average, level: Int32 = 1,
                background: Double? = nil) throws {
        let nodataValues = Set(bands.map { $0.nodata.map { $0.bitPattern } })
        guard nodataValues.count <= 1 else { throw InputError.invalidArgument("\(path): GeoTIFF bands must share one nodata value") }
        self.path = path
        bandCount = bands.count
        self.sampleType = sampleType
        self.resampling = resampling
        nodata = bands.first?.nodata
        self.background = Float(background ?? nodata ?? 0)
        templateTags = try GeoTIFFTemplate.tags(grid: grid, bands: bands, metadata: metadata, sampleType: sampleType)
        levels = Self.levelSizes(width: grid.width, height: grid.height).map { Level(width: $0.0, height: $0.1, bands: bands.count) }
        compressors = try CompressorPool(level: level, tileBytes: Self.blockSize * Self.blockSize * (sampleType == .float32 ? 4 : 2))
        spillPath = path + ".tiles"
        guard FileManager.default.createFile(atPath: spillPath, contents: nil), let handle = FileHandle(forWritingAtPath: spillPath) else {
            throw IOError(path: spillPath, operation: "create", reason: "cannot open for writing")
        }
        spill = handle
        mainTiles = Array(repeating: nil, count: levels[0].tiles.count)
        if self.background.bitPattern != Float(nodata ?? 0).bitPattern {
            let zeros = UnsafeMutableBufferPointer<Float>.allocate(capacity: Self.blockSize * Self.blockSize)
            defer { zeros.deallocate() }
            zeros.update(repeating: self.background)
            backgroundTile = try encodeTile(zeros, width: Self.blockSize, rows: Self.blockSize, column: 0) ?? []
        }
    }

    /// Appends the next `rowCount` rows of every band (`bands[k]` row-major, grid width).
    /// `occupied[c]` false says tile column c holds only the sparse value (nodata, or 0) in these
    /// rows: those cells are not read, so callers need not even set them.
    public func append(rowCount: Int, bands: [UnsafeBufferPointer<Float>], occupied: [Bool]? = nil) throws {
        precondition(bands.count == bandCount)
        let width = levels[0].width
        var row = 0
        while row < rowCount {
            let take = min(rowCount - row, Self.blockSize - levels[0].rowsInStrip)
            let targets = nextRows(take)
            for c in 0..<levels[0].tilesAcross where occupied?[c] ?? true {
                let cols = levels[0].columns(c)
                for (band, source) in bands.enumerated() {
                    for r in 0..<take {
                        let from = (row + r) * width, to = r * width
                        (targets[band].baseAddress! + to + cols.lowerBound).update(from: source.baseAddress! + from + cols.lowerBound, count: cols.count)
                    }
                }
            }
            try commitRows(take, occupied: occupied)
            row += take
        }
    }

    /// Where the next `rowCount` rows of each band go (`rowCount × width` values per band), for
    /// callers that write them in place; they must fit in the current strip (of 512 rows).
    /// Follow with `commitRows`.
    public func nextRows(_ rowCount: Int) -> [UnsafeMutableBufferPointer<Float>] {
        let level = levels[0]
        precondition(level.rowsInStrip + rowCount <= Self.blockSize && level.rowsDone + rowCount <= level.height)
        let start = level.rowsInStrip * level.width
        return level.strip.map { UnsafeMutableBufferPointer(rebasing: $0[start..<(start + rowCount * level.width)]) }
    }

    /// Takes the rows written through `nextRows`; `occupied` as for `append`.
    public func commitRows(_ rowCount: Int, occupied: [Bool]?) throws {
        let level = levels[0]
        let fillValue = background
        for c in 0..<level.tilesAcross where occupied?[c] ?? true { level.markOccupied(c, value: fillValue) }
        for c in 0..<level.tilesAcross where level.occupied[c] && !(occupied?[c] ?? true) {
            level.fill(c, rows: level.rowsInStrip..<(level.rowsInStrip + rowCount), value: fillValue)
        }
        level.rowsInStrip += rowCount
        level.rowsDone += rowCount
        if level.rowsInStrip == Self.blockSize || level.rowsDone == level.height { try flush(level: 0) }
    }

    /// Compresses the strip's occupied tiles (bands × tile columns in parallel), feeds its 2 × 2
    /// reduction to the next overview, and starts the next strip.
    func flush(level k: Int) throws {
        let level = levels[k]
        let rows = level.rowsInStrip
        let strips = level.strip.map { UnsafeBox($0) }
        let width = level.width
        let parent = k + 1 < levels.count ? levels[k + 1] : nil
        let outRows = (rows + 1) / 2
        let fillValue = background
        if let parent {
            precondition(parent.rowsInStrip + outRows <= Self.blockSize)
            for c in level.occupied.indices where level.occupied[c] { parent.markOccupied(c / 2, value: fillValue) }
        }
        // Each child tile column becomes half a parent tile column. A work item encodes one
        // occupied tile and reduces it into the parent while the tile is still in cache.
        let parents = parent.map { $0.strip.map { UnsafeBox($0) } }
        let firstRow = parent?.rowsInStrip ?? 0, parentWidth = parent?.width ?? 0, half = Self.blockSize / 2
        let resampling = self.resampling, nodata = self.nodata.map(Float.init)
        let jobs = (0..<bandCount).flatMap { band in level.occupied.indices.filter { level.occupied[$0] }.map { (band, $0) } }
        let results = Parallel.map(jobs.count) { j -> Result<[UInt8]?, Error> in
            let (band, column) = jobs[j]
            let encoded = Result { try self.encodeTile(strips[band].pointer, width: width, rows: rows, column: column) }
            if let parents {
                let childCols = level.columns(column)
                Self.reduce(strips[band].pointer.baseAddress! + childCols.lowerBound, stride: width, columns: childCols.count, rows: rows,
                            into: parents[band].pointer.baseAddress! + firstRow * parentWidth + column * half, outStride: parentWidth,
                            resampling: resampling, nodata: nodata)
            }
            return encoded
        }
        var spilled = Data()
        // The full-resolution level's tiles go to the spill file (their place noted), the
        // overviews' stay in memory until `finish`.
        func store(_ tile: [UInt8], band: Int, column: Int) {
            let index = band * level.tilesAcross * level.tilesDown + level.stripIndex * level.tilesAcross + column
            if k == 0 {
                mainTiles[index] = (spillSize + spilled.count, tile.count)
                spilled.append(contentsOf: tile)
            } else {
                level.tiles[index] = tile
            }
        }
        for (j, result) in results.enumerated() {
            guard let tile = try result.get() else { continue }
            store(tile, band: jobs[j].0, column: jobs[j].1)
        }
        // Tile columns never written hold the background: stored when it is not nodata.
        if !backgroundTile.isEmpty {
            for band in 0..<bandCount {
                for column in 0..<level.tilesAcross where !level.occupied[column] { store(backgroundTile, band: band, column: column) }
            }
        }
        if !spilled.isEmpty { try spill.write(contentsOf: spilled); spillSize += spilled.count }
        level.stripIndex += 1
        level.rowsInStrip = 0
        let occupied = level.occupied
        level.occupied = Array(repeating: false, count: level.tilesAcross)
        guard let parent, let parents else { return }
        // Unoccupied halves of occupied parent tiles hold the sparse value.
        for c in 0..<level.tilesAcross where parent.occupied[c / 2] && !occupied[c] {
            let outCols = (level.columns(c).count + 1) / 2
            for band in parents {
                let out = band.pointer.baseAddress! + firstRow * parentWidth + c * half
                for r in 0..<outRows { (out + r * parentWidth).update(repeating: fillValue, count: outCols) }
            }
        }
        // The parent's rows are in place; count them and flush it when full.
        parent.rowsInStrip += outRows
        parent.rowsDone += outRows
        if parent.rowsInStrip == Self.blockSize || parent.rowsDone == parent.height { try flush(level: k + 1) }
    }

    /// Writes the directories and every tile to `path`. Call once, after the last row.
    public func finish() throws {
        guard levels[0].rowsDone == levels[0].height else {
            throw InternalError("\(path) got \(levels[0].rowsDone) of \(levels[0].height) rows")
        }
        try spill.close()
        let overviewBytes = levels.dropFirst().reduce(0) { $0 + $1.tiles.reduce(0) { $0 + ($1?.count ?? 0) } }
        let big = overviewBytes + spillSize + 10_000_000 + levels.reduce(0) { $0 + 16 * $1.tiles.count } >= Int(UInt32.max)
        let headerSize = big ? 16 : 8
        // Pass 1: sizes of every directory block (independent of offset values).
        var blockSizes: [Int] = []
        for k in levels.indices { blockSizes.append(encodeDirectory(k, at: 0, tileOffsets: [], big: big, next: 0).count) }
        var directoryOffsets: [Int] = []
        var cursor = headerSize
        for size in blockSizes { directoryOffsets.append(cursor); cursor += size }
        // Tile data: smallest overview first, full resolution (the side file) last.
        var offsets = levels.map { [Int](repeating: 0, count: $0.tiles.count) }
        for k in levels.indices.dropFirst().reversed() {
            for (t, tile) in levels[k].tiles.enumerated() { if let tile { offsets[k][t] = cursor; cursor += tile.count } }
        }
        let mainStart = cursor
        for (t, tile) in mainTiles.enumerated() { if let tile { offsets[0][t] = mainStart + tile.offset } }
        var header = Data()
        header.append(contentsOf: [0x49, 0x49])
        if big { header.append(le: UInt16(43)); header.append(le: UInt16(8)); header.append(le: UInt16(0)); header.append(le: UInt64(headerSize)) }
        else { header.append(le: UInt16(42)); header.append(le: UInt32(headerSize)) }
        for k in levels.indices {
            let next = k + 1 < levels.count ? directoryOffsets[k + 1] : 0
            header.append(encodeDirectory(k, at: directoryOffsets[k], tileOffsets: offsets[k], big: big, next: next))
        }
        precondition(header.count == directoryOffsets.last! + blockSizes.last!)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw IOError(path: path, operation: "create", reason: "cannot open for writing")
        }
        defer { try? handle.close() }
        var chunk = header
        for k in levels.indices.dropFirst().reversed() {
            for tile in levels[k].tiles { if let tile { chunk.append(contentsOf: tile); if chunk.count >= 1 << 23 { try handle.write(contentsOf: chunk); chunk.removeAll(keepingCapacity: true) } } }
        }
        try handle.write(contentsOf: chunk)
        let written = try handle.offset()
        precondition(written == UInt64(mainStart))
        // Then the side file, copied by the kernel (no trip through user memory).
        guard let source = FileHandle(forReadingAtPath: spillPath) else { throw IOError(path: spillPath, operation: "read", reason: "cannot open") }
        defer { try? source.close(); try? FileManager.default.removeItem(atPath: spillPath) }
        try FileCopy.append(spillSize, from: source, to: handle, names: (spillPath, path))
    }

    deinit { try? FileManager.default.removeItem(atPath: spillPath) }
}
