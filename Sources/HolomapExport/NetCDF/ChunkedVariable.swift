import Foundation
import HolomapBridge
import HolomapCore

/// A chunked variable of a netCDF-4 file whose chunks are compressed here, in parallel, and
/// stored whole (HDF5 direct chunk writes). HDF5 runs its filters in the one thread that writes,
/// which made the NetCDF of a fine grid cost minutes; the bytes stored are what its pipeline
/// stores for the same filters, in order: the byte shuffle, then a zlib stream (deflate level 4),
/// so every netCDF and HDF5 reader decodes them alike.
///
/// Chunks are `chunkRows` × `chunkColumns` cells (one time step each for a timed variable);
/// partial chunks at the grid's edges are stored whole, padded with zeros that no reader sees.
final class ChunkedVariable {
    let dataset: HDF5Dataset
    let elementSize: Int
    let width: Int
    let height: Int
    let chunkRows: Int
    let chunkColumns: Int
    let timed: Bool
    let pool: ChunkScratchPool
    /// The stored form of a chunk of zeros, made once: oceans are most of a global grid.
    private lazy var zeroChunk: Result<[UInt8], Error> = Result {
        try pool.withScratch { scratch in
            memset(scratch.shuffled, 0, chunkBytes)
            return try scratch.compressShuffled(count: chunkBytes)
        }
    }

    var chunkBytes: Int { chunkRows * chunkColumns * elementSize }

    init(dataset: HDF5Dataset, elementSize: Int, width: Int, height: Int, chunkRows: Int, chunkColumns: Int, timed: Bool, pool: ChunkScratchPool) {
        precondition(chunkRows * chunkColumns * elementSize <= pool.capacity, "a chunk fits the scratch buffers")
        self.dataset = dataset; self.elementSize = elementSize; self.width = width; self.height = height
        self.chunkRows = chunkRows; self.chunkColumns = chunkColumns; self.timed = timed; self.pool = pool
    }

    /// What one chunk is stored as.
    enum Stored {
        case compressed([UInt8])
        case zeros
        /// The same cells as the chunk to its left (cell areas repeat along a row of chunks).
        case sameAsLeft
    }

    /// Rows `firstRow ..< firstRow + rowCount` at time step `time`; `data` holds them row-major
    /// (`rowCount × width` elements). `firstRow` starts a chunk row and the rows end on a chunk
    /// row or at the grid's last row. Where `occupied[c]` is false, chunk column c holds only
    /// zeros, and its cells in `data` are not read. `repeatsAcross`: chunks of a row of chunks
    /// may equal their left neighbour (compared, never assumed), and are then compressed once.
    func write(time: Int, firstRow: Int, rowCount: Int, data: UnsafeRawBufferPointer, occupied: [Bool]?, repeatsAcross: Bool = false) throws {
        precondition(firstRow % chunkRows == 0 && data.count >= rowCount * width * elementSize)
        precondition(rowCount % chunkRows == 0 || firstRow + rowCount == height, "rows end on a chunk row or at the grid's end")
        let across = (width + chunkColumns - 1) / chunkColumns
        let down = (rowCount + chunkRows - 1) / chunkRows
        precondition(occupied == nil || occupied!.count == across)
        let zero = try zeroChunk.get()
        let source = RawRows(base: data.baseAddress!)
        let (width, chunkRows, chunkColumns, elementSize, pool) = (width, chunkRows, chunkColumns, elementSize, self.pool)
        let stored = Parallel.map(across * down) { job -> Result<Stored, Error> in
            let (band, column) = job.quotientAndRemainder(dividingBy: across)
            guard occupied?[column] ?? true else { return .success(.zeros) }
            let rows = min(chunkRows, rowCount - band * chunkRows)
            let columns = min(chunkColumns, width - column * chunkColumns)
            let rowStride = width * elementSize
            let base = source.base + ((band * chunkRows) * width + column * chunkColumns) * elementSize
            if repeatsAcross, column > 0, columns == chunkColumns, occupied?[column - 1] ?? true,
               (0..<rows).allSatisfy({ memcmp(base + $0 * rowStride, base + $0 * rowStride - columns * elementSize, columns * elementSize) == 0 }) {
                return .success(.sameAsLeft)
            }
            return Result {
                try pool.withScratch { scratch in
                    let any = scratch.shuffle(base, rowStride: rowStride, rows: rows, columns: columns,
                                              chunkRows: chunkRows, chunkColumns: chunkColumns, elementSize: elementSize)
                    return any ? .compressed(try scratch.compressShuffled(count: chunkRows * chunkColumns * elementSize)) : .zeros
                }
            }
        }
        // Stored in a fixed order, so the file's bytes never depend on the threads.
        var left: [UInt8] = zero
        for (job, result) in stored.enumerated() {
            let (band, column) = job.quotientAndRemainder(dividingBy: across)
            let bytes: [UInt8]
            switch try result.get() {
            case .compressed(let b): bytes = b
            case .zeros: bytes = zero
            case .sameAsLeft: bytes = left
            }
            left = bytes
            let offset = [firstRow + band * chunkRows, column * chunkColumns]
            try bytes.withUnsafeBytes { try dataset.writeChunk(at: timed ? [time] + offset : offset, bytes: $0) }
        }
    }
}

/// Compressors and chunk buffers handed to the threads that compress chunks, and given back.
final class ChunkScratchPool: @unchecked Sendable {
    final class Scratch {
        let compressor: DeflateCompressor
        let capacity: Int
        let shuffled: UnsafeMutablePointer<UInt8>

        init(level: Int32, capacity: Int) throws {
            compressor = try DeflateCompressor(level: level)
            self.capacity = capacity
            shuffled = .allocate(capacity: capacity)
        }
        deinit { shuffled.deallocate() }

        /// HDF5's shuffle filter (byte j of element i goes to j × n + i, n the chunk's elements)
        /// of a chunk read straight from its rows in the source (`rows` × `columns` elements,
        /// rows `rowStride` bytes apart), padded with zeros to `chunkRows` × `chunkColumns`.
        /// Returns whether any byte is non-zero.
        func shuffle(_ source: UnsafeRawPointer, rowStride: Int, rows: Int, columns: Int,
                     chunkRows: Int, chunkColumns: Int, elementSize: Int) -> Bool {
            let n = chunkRows * chunkColumns
            if rows < chunkRows || columns < chunkColumns { memset(shuffled, 0, n * elementSize) }
            var any: UInt64 = 0
            for r in 0..<rows {
                let row = source + r * rowStride
                let out = shuffled + r * chunkColumns
                switch elementSize {
                case 4:
                    let (o0, o1, o2, o3) = (out, out + n, out + 2 &* n, out + 3 &* n)
                    var seen: UInt32 = 0
                    for i in 0..<columns {
                        let v = UInt32(littleEndian: row.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                        seen |= v
                        o0[i] = UInt8(truncatingIfNeeded: v)
                        o1[i] = UInt8(truncatingIfNeeded: v &>> 8)
                        o2[i] = UInt8(truncatingIfNeeded: v &>> 16)
                        o3[i] = UInt8(truncatingIfNeeded: v &>> 24)
                    }
                    any |= UInt64(seen)
                case 8:
                    var seen: UInt64 = 0
                    for i in 0..<columns {
                        let v = UInt64(littleEndian: row.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                        seen |= v
                        for j in 0..<8 { out[j &* n + i] = UInt8(truncatingIfNeeded: v &>> UInt64(8 &* j)) }
                    }
                    any |= seen
                default:
                    for i in 0..<columns {
                        for j in 0..<elementSize {
                            let b = row.load(fromByteOffset: i &* elementSize &+ j, as: UInt8.self)
                            any |= UInt64(b)
                            out[j &* n + i] = b
                        }
                    }
                }
            }
            return any != 0
        }

        /// The zlib stream of the first `count` bytes of `shuffled`.
        func compressShuffled(count: Int) throws -> [UInt8] {
            try compressor.zlibCompress(UnsafeRawBufferPointer(start: shuffled, count: count))
        }
    }

    let level: Int32
    let capacity: Int
    private var free: [Scratch] = []
    private let lock = NSLock()

    init(level: Int32, capacity: Int) { self.level = level; self.capacity = capacity }

    func withScratch<T>(_ body: (Scratch) throws -> T) throws -> T {
        lock.lock()
        let taken = free.popLast()
        lock.unlock()
        let scratch = try taken ?? Scratch(level: level, capacity: capacity)
        defer { lock.lock(); free.append(scratch); lock.unlock() }
        return try body(scratch)
    }
}

/// The start of rows handed to the threads that compress chunks (read only, while `write` waits).
private struct RawRows: @unchecked Sendable {
    let base: UnsafeRawPointer
}
