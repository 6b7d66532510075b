import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

enum MajorityCountry {
    /// For each cell of `rows`, the country covering most of it (1-based index into the sorted
    /// codes; 0: none), as Int32 `ids` and/or Float32 `cog` values, with its fraction in `best`.
    /// Bands of rows in parallel (each cell is decided by its own row), countries in code order.
    static func fill(_ sorted: [SparseCoverage], rows: Range<Int>, width: Int, best: UnsafeMutableBufferPointer<Float>,
                         ids: UnsafeMutableBufferPointer<Int32>?, cog: UnsafeMutableBufferPointer<Float>?, columns: [Range<Int>]) {
        let step = 16
        let bestBox = UnsafeBox(best), idBox = ids.map(UnsafeBox.init), cogBox = cog.map(UnsafeBox.init)
        _ = Parallel.map((rows.count + step - 1) / step) { k -> Bool in
            let band = (rows.lowerBound + k * step)..<min(rows.upperBound, rows.lowerBound + (k + 1) * step)
            let b = bestBox.pointer.baseAddress!, id = idBox?.pointer.baseAddress, out = cogBox?.pointer.baseAddress
            for r in band {
                let o = (r - rows.lowerBound) * width
                for c in columns {
                    (b + o + c.lowerBound).update(repeating: 0, count: c.count)
                    id.map { ($0 + o + c.lowerBound).update(repeating: 0, count: c.count) }
                    out.map { ($0 + o + c.lowerBound).update(repeating: 0, count: c.count) }
                }
            }
            for (n, coverage) in sorted.enumerated() {
                guard let first = coverage.spans.first, let last = coverage.spans.last,
                      Int(first.row) < band.upperBound, Int(last.row) >= band.lowerBound else { continue }
                var s = coverage.firstSpan(atOrAfter: band.lowerBound)
                while s < coverage.spans.count, Int(coverage.spans[s].row) < band.upperBound {
                    let span = coverage.spans[s]
                    let base = (Int(span.row) - rows.lowerBound) * width + Int(span.start)
                    for c in 0..<Int(span.count) {
                        let f = Float(span.isFull ? 1 : coverage.values[Int(span.valueOffset) + c])
                        if f > b[base + c] {
                            b[base + c] = f
                            id?[base + c] = Int32(n + 1)
                            out?[base + c] = Float(n + 1)
                        }
                    }
                    s += 1
                }
            }
            return true
        }
    }
}

extension MajorityCountry {
    /// The code table of the majority-country COG `cog` where GIS tools look for it: GDAL
    /// category names and a raster attribute table (value, iso3, name) in its sidecar
    /// `<cog>.aux.xml`, and the same rows as `csv` (value,iso3,name).
    static func writeCodeTable(_ codes: [(Int32, String)], cog: String, csv: String) throws {
        let names = try CountryCodes.load().nameByAlpha3
        let categories = codes.map { RasterCategories.Category(value: Int($0.0), code: $0.1, name: names[$0.1] ?? $0.1) }
        try RasterCategories.attach(to: cog, zeroName: "none", categories)
        let text = "value,iso3,name\n" + categories.map { "\($0.value),\($0.code),\(csvField($0.name))\n" }.joined()
        try AtomicFile.write(to: csv, overwrite: true) { try text.write(toFile: $0, atomically: false, encoding: .utf8) }
    }
}
