import Foundation
import HolomapBridge
import HolomapCore

/// TIFF image file directories of the streaming COG writer (classic TIFF or BigTIFF).
extension COGStreamWriter {
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


