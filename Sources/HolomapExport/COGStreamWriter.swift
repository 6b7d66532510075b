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
/// `SPARSE_OK=TRUE` does; readers give those cells the nodata value, or 0.
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
    public init(path: String, grid: Grid, bands: [BandInfo], metadata: [(String, String)],
                sampleType: GeoTIFFTemplate.SampleType = .float32, resampling: Resampling = .average, level: Int32 = 1) throws {
        let nodataValues = Set(bands.map { $0.nodata.map { $0.bitPattern } })
        guard nodataValues.count <= 1 else { throw HolomapError.invalidArgument("\(path): GeoTIFF bands must share one nodata value") }
        self.path = path
        bandCount = bands.count
        self.sampleType = sampleType
        self.resampling = resampling
        nodata = bands.first?.nodata
        templateTags = try GeoTIFFTemplate.tags(grid: grid, bands: bands, metadata: metadata, sampleType: sampleType)
        levels = Self.levelSizes(width: grid.width, height: grid.height).map { Level(width: $0.0, height: $0.1, bands: bands.count) }
        compressors = try CompressorPool(level: level, tileBytes: Self.blockSize * Self.blockSize * (sampleType == .float32 ? 4 : 2))
        spillPath = path + ".tiles"
        guard FileManager.default.createFile(atPath: spillPath, contents: nil), let handle = FileHandle(forWritingAtPath: spillPath) else {
            throw HolomapError.invalidArgument("cannot create \(spillPath)")
        }
        spill = handle
        mainTiles = Array(repeating: nil, count: levels[0].tiles.count)
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
        let fillValue = Float(nodata ?? 0)
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
        let fillValue = Float(nodata ?? 0)
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
        for (j, result) in results.enumerated() {
            let (band, column) = jobs[j]
            let index = band * level.tilesAcross * level.tilesDown + level.stripIndex * level.tilesAcross + column
            guard let tile = try result.get() else { continue }
            if k == 0 {
                mainTiles[index] = (spillSize + spilled.count, tile.count)
                spilled.append(contentsOf: tile)
            } else {
                level.tiles[index] = tile
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

    /// 2 × 2 reduction of `rows` rows × `columns` columns: mean of the valid values (nodata and
    /// NaN left out), or the top-left value for categories; a window with no valid value gets
    /// nodata. Windows at odd edges have one row or column.
    static func reduce(_ src: UnsafeMutablePointer<Float>, stride width: Int, columns: Int, rows: Int, into dst: UnsafeMutablePointer<Float>,
                       outStride: Int, resampling: Resampling, nodata: Float?) {
        let missing = nodata ?? .nan
        for i in 0..<((rows + 1) / 2) {
            let a = src + 2 * i * width
            let b = 2 * i + 1 < rows ? src + (2 * i + 1) * width : a
            let o = dst + i * outStride
            if resampling == .nearest {
                for j in 0..<((columns + 1) / 2) { o[j] = a[2 * j] }
                continue
            }
            let pairs = columns / 2   // windows with two columns
            if nodata == nil, b != a {
                // No nodata: plain means, 8 windows at a time; only blocks holding a NaN take the
                // slow path.
                var j = 0
                while j &+ 8 <= pairs {
                    let ra = UnsafeRawPointer(a + 2 &* j), rb = UnsafeRawPointer(b + 2 &* j)
                    let s = ra.loadUnaligned(as: SIMD16<Float>.self) + rb.loadUnaligned(as: SIMD16<Float>.self)
                    let m = (s.evenHalf + s.oddHalf) * 0.25
                    if all(m .== m) {   // false only if a lane is NaN
                        UnsafeMutableRawPointer(o + j).storeBytes(of: m, as: SIMD8<Float>.self)
                        j &+= 8
                        continue
                    }
                    for q in j..<(j + 8) {
                        var sum: Double = 0, n = 0
                        for v in [a[2 * q], a[2 * q + 1], b[2 * q], b[2 * q + 1]] where !v.isNaN { sum += Double(v); n += 1 }
                        o[q] = n > 0 ? Float(sum / Double(n)) : missing
                    }
                    j &+= 8
                }
                for j in j..<pairs {
                    let m = (Double(a[2 * j]) + Double(a[2 * j + 1]) + Double(b[2 * j]) + Double(b[2 * j + 1])) * 0.25
                    if !m.isNaN { o[j] = Float(m); continue }
                    var sum: Double = 0, n = 0
                    for v in [a[2 * j], a[2 * j + 1], b[2 * j], b[2 * j + 1]] where !v.isNaN { sum += Double(v); n += 1 }
                    o[j] = n > 0 ? Float(sum / Double(n)) : missing
                }
            } else {
            for j in 0..<pairs {
                let v0 = a[2 * j], v1 = a[2 * j + 1], v2 = b[2 * j], v3 = b[2 * j + 1]
                var sum: Double = 0, n = 0
                if !(v0.isNaN || v0 == nodata) { sum += Double(v0); n += 1 }
                if !(v1.isNaN || v1 == nodata) { sum += Double(v1); n += 1 }
                if b != a {
                    if !(v2.isNaN || v2 == nodata) { sum += Double(v2); n += 1 }
                    if !(v3.isNaN || v3 == nodata) { sum += Double(v3); n += 1 }
                }
                o[j] = n > 0 ? Float(sum / Double(n)) : missing
            }
            }
            if columns % 2 == 1 {
                let v0 = a[columns - 1], v2 = b[columns - 1]
                var sum: Double = 0, n = 0
                if !(v0.isNaN || v0 == nodata) { sum += Double(v0); n += 1 }
                if b != a, !(v2.isNaN || v2 == nodata) { sum += Double(v2); n += 1 }
                o[pairs] = n > 0 ? Float(sum / Double(n)) : missing
            }
        }
    }

    /// True when every value of the `rows` × `columns` block equals `value` bit for bit.
    static func allEqual(_ src: UnsafePointer<Float>, stride width: Int, rows: Int, columns: Int, to value: Float) -> Bool {
        let pattern = SIMD16<UInt32>(repeating: value.bitPattern)
        for r in 0..<rows {
            let row = UnsafeRawPointer(src + r * width)
            var c = 0
            while c &+ 16 <= columns {
                if any(row.loadUnaligned(fromByteOffset: c &* 4, as: SIMD16<UInt32>.self) .!= pattern) { return false }
                c &+= 16
            }
            while c < columns { if row.load(fromByteOffset: c &* 4, as: UInt32.self) != value.bitPattern { return false }; c &+= 1 }
        }
        return true
    }

    /// Predicts and compresses one tile; nil when every value is the sparse value.
    func encodeTile(_ strip: UnsafeMutableBufferPointer<Float>, width: Int, rows: Int, column: Int) throws -> [UInt8]? {
        let b = Self.blockSize
        let x0 = column * b, cols = min(b, width - x0)
        let fill = Float(nodata ?? 0)
        let src = strip.baseAddress! + x0
        if Self.allEqual(src, stride: width, rows: rows, columns: cols, to: fill) { return nil }
        let float = sampleType == .float32
        return try compressors.with { compressor, tile, rowBits in
            tile.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                for r in 0..<b {
                    let row = src + r * width
                    let n = r < rows ? cols : 0   // real values in this tile row; the rest is padding
                    if float {
                        // Floating-point predictor (libtiff fpDiff): the row's bytes regrouped
                        // into planes, most significant byte first, then each byte minus the one
                        // before it in that sequence (computed from the samples, so the loop has
                        // no carried dependency and vectorises).
                        let p = base + r * b * 4
                        // Full tile rows are read in place; partial ones are padded in a copy.
                        let bits: UnsafeMutablePointer<UInt32>
                        if n == b {
                            bits = UnsafeMutableRawPointer(mutating: row).assumingMemoryBound(to: UInt32.self)
                        } else {
                            bits = rowBits.baseAddress!
                            for c in 0..<n { bits[c] = row[c].bitPattern }
                            for c in n..<b { bits[c] = fill.bitPattern }
                        }
                        let last = bits[b - 1], first = bits[0]
                        let p0 = p, p1 = p + b, p2 = p + 2 * b, p3 = p + 3 * b
                        p0[0] = UInt8(truncatingIfNeeded: first >> 24)
                        p1[0] = UInt8(truncatingIfNeeded: first >> 16) &- UInt8(truncatingIfNeeded: last >> 24)
                        p2[0] = UInt8(truncatingIfNeeded: first >> 8) &- UInt8(truncatingIfNeeded: last >> 16)
                        p3[0] = UInt8(truncatingIfNeeded: first) &- UInt8(truncatingIfNeeded: last >> 8)
                        var c = 1
                        let raw = UnsafeRawPointer(bits)
                        while c &+ 16 <= b {   // 16 samples at a time
                            let x = raw.loadUnaligned(fromByteOffset: c &* 4, as: SIMD16<UInt32>.self)
                            let y = raw.loadUnaligned(fromByteOffset: (c &- 1) &* 4, as: SIMD16<UInt32>.self)
                            UnsafeMutableRawPointer(p0 + c).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: x &>> 24) &- SIMD16<UInt8>(truncatingIfNeeded: y &>> 24), as: SIMD16<UInt8>.self)
                            UnsafeMutableRawPointer(p1 + c).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: x &>> 16) &- SIMD16<UInt8>(truncatingIfNeeded: y &>> 16), as: SIMD16<UInt8>.self)
                            UnsafeMutableRawPointer(p2 + c).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: x &>> 8) &- SIMD16<UInt8>(truncatingIfNeeded: y &>> 8), as: SIMD16<UInt8>.self)
                            UnsafeMutableRawPointer(p3 + c).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: x) &- SIMD16<UInt8>(truncatingIfNeeded: y), as: SIMD16<UInt8>.self)
                            c &+= 16
                        }
                        while c < b {
                            let x = bits[c], y = bits[c &- 1]
                            p0[c] = UInt8(truncatingIfNeeded: x &>> 24) &- UInt8(truncatingIfNeeded: y &>> 24)
                            p1[c] = UInt8(truncatingIfNeeded: x &>> 16) &- UInt8(truncatingIfNeeded: y &>> 16)
                            p2[c] = UInt8(truncatingIfNeeded: x &>> 8) &- UInt8(truncatingIfNeeded: y &>> 8)
                            p3[c] = UInt8(truncatingIfNeeded: x) &- UInt8(truncatingIfNeeded: y)
                            c &+= 1
                        }
                    } else {
                        // Horizontal differencing (predictor 2), little-endian samples. Values are
                        // whole numbers below 2^16 (category ids), read with the 2^23 trick: in
                        // v + 2^23 the low mantissa bits hold v, with no branch per sample.
                        // First the ids (a loop the compiler vectorises), then each minus its left
                        // neighbour. Samples are little-endian, as on this machine.
                        let p = UnsafeMutableRawPointer(base + r * b * 2).assumingMemoryBound(to: UInt16.self)
                        let magic: Float = 8_388_608
                        let padding = UInt16(truncatingIfNeeded: (min(max(fill, 0), 65535) + magic).bitPattern)
                        for c in 0..<n { p[c] = UInt16(truncatingIfNeeded: (min(max(row[c], 0), 65535) + magic).bitPattern) }
                        for c in n..<b { p[c] = padding }
                        var previous: UInt16 = 0
                        for c in 0..<b { let v = p[c]; p[c] = v &- previous; previous = v }
                    }
                }
            }
            return try tile.withUnsafeBytes { try compressor.compress($0) }
        }
    }

    /// Writes the directories and every tile to `path`. Call once, after the last row.
    public func finish() throws {
        guard levels[0].rowsDone == levels[0].height else {
            throw HolomapError.invalidArgument("internal: \(path) got \(levels[0].rowsDone) of \(levels[0].height) rows")
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
            throw HolomapError.invalidArgument("cannot create \(path)")
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
        guard let source = FileHandle(forReadingAtPath: spillPath) else { throw HolomapError.invalidArgument("cannot read \(spillPath)") }
        defer { try? source.close(); unlink(spillPath) }
        try FileCopy.append(spillSize, from: source, to: handle, names: (spillPath, path))
    }

    deinit { unlink(spillPath) }

    /// One directory and its out-of-line values, placed at file offset `offset`.
    func encodeDirectory(_ k: Int, at offset: Int, tileOffsets: [Int], big: Bool, next: Int) -> Data {
        let level = levels[k]
        let spp = bandCount
        let bits: UInt16 = sampleType == .float32 ? 32 : 16
        func shorts(_ tag: UInt16, _ values: [UInt16]) -> TIFFTag {
            TIFFTag(tag: tag, type: 3, count: UInt64(values.count), bytes: values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] })
        }
        func longs(_ tag: UInt16, _ values: [Int]) -> TIFFTag {
            if big {
                return TIFFTag(tag: tag, type: 16, count: UInt64(values.count), bytes: values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: UInt64(v) >> (8 * $0)) } })
            }
            return TIFFTag(tag: tag, type: 4, count: UInt64(values.count), bytes: values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(v) >> (8 * $0)) } })
        }
        let count = level.tiles.count
        var tags: [TIFFTag] = [
            longs(254, [k == 0 ? 0 : 1]).asLong(),
            longs(256, [level.width]).asLong(), longs(257, [level.height]).asLong(),
            shorts(258, Array(repeating: bits, count: spp)),
            shorts(259, [50000]),          // ZSTD (libtiff's code)
            shorts(262, [1]),              // min-is-black
            shorts(277, [UInt16(spp)]),
            shorts(284, [spp > 1 ? 2 : 1]), // bands in separate planes
            shorts(317, [sampleType == .float32 ? 3 : 2]),
            shorts(322, [UInt16(Self.blockSize)]), shorts(323, [UInt16(Self.blockSize)]),
            longs(324, tileOffsets.isEmpty ? Array(repeating: 0, count: count) : tileOffsets),
            longs(325, k == 0 ? mainTiles.map { $0?.count ?? 0 } : level.tiles.map { $0?.count ?? 0 }),
            shorts(339, Array(repeating: sampleType == .float32 ? 3 : 1, count: spp)),
        ]
        if spp > 1 { tags.append(shorts(338, Array(repeating: 0, count: spp - 1))) }
        // Georeferencing and metadata on the full resolution; nodata on every level, as GDAL does.
        tags += templateTags.filter { k == 0 || $0.tag == 42113 }
        tags.sort { $0.tag < $1.tag }

        let entrySize = big ? 20 : 12, inline = big ? 8 : 4
        let directorySize = (big ? 8 : 2) + tags.count * entrySize + (big ? 8 : 4)
        var external = Data()
        var out = Data()
        if big { out.append(le: UInt64(tags.count)) } else { out.append(le: UInt16(tags.count)) }
        for tag in tags {
            out.append(le: tag.tag); out.append(le: tag.type)
            if big { out.append(le: tag.count) } else { out.append(le: UInt32(tag.count)) }
            if tag.bytes.count <= inline {
                out.append(contentsOf: tag.bytes + Array(repeating: 0, count: inline - tag.bytes.count))
            } else {
                if external.count % 2 == 1 { external.append(0) }   // TIFF offsets are word-aligned
                let at = offset + directorySize + external.count
                if big { out.append(le: UInt64(at)) } else { out.append(le: UInt32(at)) }
                external.append(contentsOf: tag.bytes)
            }
        }
        if big { out.append(le: UInt64(next)) } else { out.append(le: UInt32(next)) }
        if external.count % 2 == 1 { external.append(0) }
        return out + external
    }
}

extension TIFFTag {
    /// Scalar size tags are LONG even in BigTIFF.
    func asLong() -> TIFFTag {
        guard type == 16 else { return self }
        return TIFFTag(tag: tag, type: 4, count: count, bytes: Array(bytes.prefix(4)))
    }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}


/// zstd contexts and tile buffers, one per concurrent work item, reused.
final class CompressorPool: @unchecked Sendable {
    private var free: [(ZstdCompressor, [UInt8], UnsafeMutableBufferPointer<UInt32>)] = []
    private let lock = NSLock()
    let level: Int32
    let tileBytes: Int

    init(level: Int32, tileBytes: Int) throws {
        self.level = level; self.tileBytes = tileBytes
        _ = try ZstdCompressor(level: level)   // fail early on a bad level or no memory
    }

    /// `body(compressor, tile bytes, one row of sample bits)`.
    func with<T>(_ body: (ZstdCompressor, inout [UInt8], UnsafeMutableBufferPointer<UInt32>) throws -> T) throws -> T {
        lock.lock()
        var item = free.popLast()
        lock.unlock()
        if item == nil {
            item = (try ZstdCompressor(level: level), [UInt8](repeating: 0, count: tileBytes), .allocate(capacity: COGStreamWriter.blockSize))
        }
        var (compressor, tile, rowBits) = item!
        defer { lock.lock(); free.append((compressor, tile, rowBits)); lock.unlock() }
        return try body(compressor, &tile, rowBits)
    }

    deinit { for item in free { item.2.deallocate() } }
}
