import Foundation
import HolomapBridge
import HolomapCore

/// The per-tile work of the streaming COG writer: overview reduction, the sparse-tile test, the
/// TIFF predictors and zstd compression.
extension COGStreamWriter {
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
            if nodata == nil || nodata!.isNaN, b != a {
                // No nodata, or NaN (which the slow path already leaves out): plain means, 8 windows at a time; only blocks holding a NaN take the
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
                        // Full tile rows are read in place, partial ones from a padded copy; samples
                        // are read through a raw pointer as their bit patterns (no rebinding).
                        let raw: UnsafeRawPointer
                        if n == b {
                            raw = UnsafeRawPointer(row)
                        } else {
                            let bits = rowBits.baseAddress!
                            for c in 0..<n { bits[c] = row[c].bitPattern }
                            for c in n..<b { bits[c] = fill.bitPattern }
                            raw = UnsafeRawPointer(bits)
                        }
                        @inline(__always) func sample(_ c: Int) -> UInt32 { raw.load(fromByteOffset: c &* 4, as: UInt32.self) }
                        let last = sample(b - 1), first = sample(0)
                        let p0 = p, p1 = p + b, p2 = p + 2 * b, p3 = p + 3 * b
                        p0[0] = UInt8(truncatingIfNeeded: first >> 24)
                        p1[0] = UInt8(truncatingIfNeeded: first >> 16) &- UInt8(truncatingIfNeeded: last >> 24)
                        p2[0] = UInt8(truncatingIfNeeded: first >> 8) &- UInt8(truncatingIfNeeded: last >> 16)
                        p3[0] = UInt8(truncatingIfNeeded: first) &- UInt8(truncatingIfNeeded: last >> 8)
                        var c = 1
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
                            let x = sample(c), y = sample(c &- 1)
                            p0[c] = UInt8(truncatingIfNeeded: x &>> 24) &- UInt8(truncatingIfNeeded: y &>> 24)
                            p1[c] = UInt8(truncatingIfNeeded: x &>> 16) &- UInt8(truncatingIfNeeded: y &>> 16)
                            p2[c] = UInt8(truncatingIfNeeded: x &>> 8) &- UInt8(truncatingIfNeeded: y &>> 8)
                            p3[c] = UInt8(truncatingIfNeeded: x) &- UInt8(truncatingIfNeeded: y)
                            c &+= 1
                        }
                    } else {
                        // Horizontal differencing (predictor 2), little-endian samples. Values are
                        // whole numbers below 2^16 (category ids), read with the 2^23 trick: in
                        // v + 2^23 the low mantissa bits hold v, with no branch per sample. Each
                        // id minus its left neighbour is stored into the tile's bytes.
                        let samples = UnsafeMutableRawPointer(base + r * b * 2)
                        let magic: Float = 8_388_608
                        let padding = UInt16(truncatingIfNeeded: (min(max(fill, 0), 65535) + magic).bitPattern)
                        var previous: UInt16 = 0
                        for c in 0..<b {
                            let v = c < n ? UInt16(truncatingIfNeeded: (min(max(row[c], 0), 65535) + magic).bitPattern) : padding
                            samples.storeBytes(of: (v &- previous).littleEndian, toByteOffset: c &* 2, as: UInt16.self)
                            previous = v
                        }
                    }
                }
            }
            return try tile.withUnsafeBytes { try compressor.compress($0) }
        }
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
