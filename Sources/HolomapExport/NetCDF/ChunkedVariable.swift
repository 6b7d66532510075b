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
    let chunkRows: Int
    let chunkColumns: Int
    let timed: Bool
    let pool: ChunkScratchPool
    /// The stored form of a chunk of zeros, made once: oceans are most of a global grid.
    private lazy var zeroChunk: Result<[UInt8], Error> = Result {
        try pool.withScratch { scratch in
            let raw = UnsafeMutableRawBufferPointer(start: scratch.chunk, count: chunkBytes)
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            return try scratch.encode(count: chunkBytes, elementSize: elementSize)
        }
    }

    var chunkBytes: Int { chunkRows * chunkColumns * elementSize }

    init(dataset: HDF5Dataset, elementSize: Int, width: Int, chunkRows: Int, chunkColumns: Int, timed: Bool, pool: ChunkScratchPool) {
        self.dataset = dataset; self.elementSize = elementSize; self.width = width
        self.chunkRows = chunkRows; self.chunkColumns = chunkColumns; self.timed = timed; self.pool = pool
    }

    /// Rows `firstRow ..< firstRow + rowCount` at time step `time`; `data` holds them row-major
    /// (`rowCount × width` elements). `firstRow` starts a chunk row and the rows end on a chunk
    /// row or at the grid's last row. Where `occupied[c]` is false, chunk column c holds only
    /// zeros, and its cells in `data` are not read.
    func write(time: Int, firstRow: Int, rowCount: Int, data: UnsafeRawBufferPointer, occupied: [Bool]?) throws {
        precondition(firstRow % chunkRows == 0 && data.count >= rowCount * width * elementSize)
        let across = (width + chunkColumns - 1) / chunkColumns
        let down = (rowCount + chunkRows - 1) / chunkRows
        precondition(occupied == nil || occupied!.count == across)
        let zero = try zeroChunk.get()
        let source = UnsafeBox(UnsafeMutableBufferPointer(mutating: data.bindMemory(to: UInt8.self)))
        let (width, chunkRows, chunkColumns, elementSize, chunkBytes, pool) = (width, chunkRows, chunkColumns, elementSize, chunkBytes, self.pool)
        let stored = Parallel.map(across * down) { job -> Result<[UInt8]?, Error> in
            let (band, column) = job.quotientAndRemainder(dividingBy: across)
            guard occupied?[column] ?? true else { return .success(nil) }
            return Result {
                try pool.withScratch { scratch in
                    let rows = min(chunkRows, rowCount - band * chunkRows)
                    let columns = min(chunkColumns, width - column * chunkColumns)
                    let rowBytes = columns * elementSize
                    if rows < chunkRows || columns < chunkColumns { memset(scratch.chunk, 0, chunkBytes) }
                    let base = source.pointer.baseAddress! + ((band * chunkRows) * width + column * chunkColumns) * elementSize
                    for r in 0..<rows {
                        memcpy(scratch.chunk + r * chunkColumns * elementSize, base + r * width * elementSize, rowBytes)
                    }
                    return try scratch.encode(count: chunkBytes, elementSize: elementSize)
                }
            }
        }
        // Stored in a fixed order, so the file's bytes never depend on the threads.
        for (job, result) in stored.enumerated() {
            let (band, column) = job.quotientAndRemainder(dividingBy: across)
            let bytes = try result.get() ?? zero
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
        let chunk: UnsafeMutablePointer<UInt8>
        let shuffled: UnsafeMutablePointer<UInt8>

        init(level: Int32, capacity: Int) throws {
            compressor = try DeflateCompressor(level: level)
            self.capacity = capacity
            chunk = .allocate(capacity: capacity)
            shuffled = .allocate(capacity: capacity)
        }
        deinit { chunk.deallocate(); shuffled.deallocate() }

        /// HDF5's shuffle filter (byte j of element i goes to j × n + i), then deflate.
        func encode(count: Int, elementSize: Int) throws -> [UInt8] {
            let n = count / elementSize
            for j in 0..<elementSize {
                let out = shuffled + j * n
                var input = chunk + j
                for i in 0..<n { out[i] = input.pointee; input += elementSize }
            }
            return try compressor.zlibCompress(UnsafeRawBufferPointer(start: shuffled, count: count))
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
