import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
import HolomapBridge
@testable import HolomapExport

/// The streaming COG writer read back through GDAL in the same process (no Python): every cell
/// bit for bit, the overviews as 2 × 2 means computed here independently, and the
/// georeferencing, band metadata and layout GDAL sees.
final class COGStreamWriterReadBackTests: XCTestCase {
    /// 1300 × 700 cells: partial tiles at the right and bottom, a sparse (empty) tile, NaN, nodata.
    func values(width: Int, height: Int, band: Int, nodata: Float?) -> [Float] {
        (0..<(width * height)).map { i in
            let r = i / width, c = i % width
            if c >= 512 && c < 1024 && r < 512 { return nodata ?? 0 }           // a whole empty tile
            if r == 650 && c == 1299 { return .nan }
            if let nodata, (r + c) % 97 == 0 { return nodata }
            return Float(band + 1) * (Float(c) / 7 + Float(r % 13) * 0.25) + 1e-3
        }
    }

    /// 2 × 2 means of the valid values (NaN and nodata left out), windows at odd edges smaller.
    func reduced(_ v: [Float], width: Int, height: Int, nodata: Float?) -> [Float] {
        let w = (width + 1) / 2, h = (height + 1) / 2
        var out = [Float](repeating: 0, count: w * h)
        for r in 0..<h {
            for c in 0..<w {
                var sum = 0.0, n = 0
                for (rr, cc) in [(2 * r, 2 * c), (2 * r, 2 * c + 1), (2 * r + 1, 2 * c), (2 * r + 1, 2 * c + 1)] where rr < height && cc < width {
                    let x = v[rr * width + cc]
                    if !x.isNaN && x != nodata { sum += Double(x); n += 1 }
                }
                out[r * w + c] = n > 0 ? Float(sum / Double(n)) : (nodata ?? .nan)
            }
        }
        return out
    }

    func assertClose(_ a: [Float], _ b: [Float], _ what: String) {
        XCTAssertEqual(a.count, b.count, what)
        var worst = 0
        for i in a.indices where !(a[i].isNaN && b[i].isNaN) && !(abs(a[i] - b[i]) <= 1e-6 * max(1, abs(b[i]))) { worst += 1 }
        XCTAssertEqual(worst, 0, "\(what): \(worst) cells differ")
    }

    func testCellsOverviewsAndGeoreferencingReadBackThroughGDAL() throws {
        let albers = try CRSResolver.resolve("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +type=crs")
        for (crs, origin, cell, nodata) in [(CRS.wgs84, (-10.0, 60.0), 0.05, Float?.none), (albers, (0.0, 4_000_000.0), 1000.0, Float?(-9999))] {
            let grid = Grid(name: "t", crs: try CRSResolver.resolve(crs.definition), transform: GeoTransform(originX: origin.0, pixelWidth: cell, originY: origin.1, pixelHeight: -cell),
                            width: 1300, height: 700)
            let bands = (0..<2).map { values(width: grid.width, height: grid.height, band: $0, nodata: nodata) }
            let info = (0..<2).map { BandInfo(name: "b\($0)", longName: "band \($0)", units: "t", nodata: nodata.map(Double.init)) }
            let path = try TestSupport.temporaryFolder().appendingPathComponent("s.tif").path
            let writer = try COGStreamWriter(path: path, grid: grid, bands: info, metadata: [("holomap_year", "2022")])
            var row = 0
            for count in [100, 300, 112, 188] {   // uneven appends; the empty tile column declared unoccupied at first
                try writer.append(rowCount: count, bands: bands.map { b in b.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(row * grid.width)..<((row + count) * grid.width)]) } },
                                  occupied: row < 512 ? [true, false, true] : nil)
                row += count
            }
            try writer.finish()

            let raster = try GDALRaster(opening: path)
            XCTAssertEqual(raster.grid.transform, grid.transform)
            XCTAssertEqual(raster.grid.width, 1300); XCTAssertEqual(raster.grid.height, 700)
            XCTAssertTrue(try CoordinateTransformer(from: raster.grid.crs, to: grid.crs).isIdentity, "same CRS")
            XCTAssertEqual(raster.metadataItem("holomap_year"), "2022")
            XCTAssertEqual(raster.metadataItem("INTERLEAVE", domain: "IMAGE_STRUCTURE"), "BAND")
            XCTAssertEqual(raster.metadataItem("COMPRESSION", domain: "IMAGE_STRUCTURE"), "ZSTD")
            for k in 0..<2 {
                XCTAssertEqual(try raster.bandInfo(k), info[k])
                XCTAssertEqual(try raster.dataType(band: k), "Float32")
                let read = try raster.read(band: k, rows: 0..<grid.height)
                XCTAssertEqual(read.map(\.bitPattern), bands[k].map(\.bitPattern), "full resolution, bit for bit")
                XCTAssertEqual(try raster.overviewCount(band: k), 2)
                var level = bands[k], width = grid.width, height = grid.height
                for o in 0..<2 {
                    let want = reduced(level, width: width, height: height, nodata: nodata)
                    let got = try raster.readOverview(band: k, level: o)
                    XCTAssertEqual(got.width, (width + 1) / 2); XCTAssertEqual(got.height, (height + 1) / 2)
                    assertClose(got.values, want, "overview \(o) of band \(k)")
                    (level, width, height) = (got.values, got.width, got.height)
                }
            }
        }
    }

    /// A 900 × 530 UInt16 category COG (ids cycling 0…299 every 7 cells), shared with the rasterio check.
    static func writeCategoryCOG() throws -> (path: String, grid: Grid, values: [Float]) {
        let grid = Grid(name: "t", crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 0.1, originY: 10, pixelHeight: -0.1), width: 900, height: 530)
        let values = (0..<grid.cellCount).map { Float(($0 / 7) % 300) }
        let path = try TestSupport.temporaryFolder().appendingPathComponent("c.tif").path
        let writer = try COGStreamWriter(path: path, grid: grid, bands: [BandInfo(name: "country_id", longName: "ids", units: "1")],
                                         metadata: [], sampleType: .uint16, resampling: .nearest)
        try values.withUnsafeBufferPointer { try writer.append(rowCount: grid.height, bands: [$0]) }
        try writer.finish()
        return (path, grid, values)
    }

    func testUInt16CategoriesReadBackExactlyWithNearestOverviews() throws {
        let (path, grid, values) = try Self.writeCategoryCOG()
        let raster = try GDALRaster(opening: path)
        XCTAssertEqual(try raster.dataType(band: 0), "UInt16")
        XCTAssertEqual(try raster.read(band: 0, rows: 0..<grid.height), values)
        let overview = try raster.readOverview(band: 0, level: 0)
        XCTAssertEqual(overview.values, (0..<(265 * 450)).map { values[($0 / 450) * 2 * 900 + ($0 % 450) * 2] }, "nearest: the top-left cell of each window")
    }
}
