import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge
@testable import HolomapExport

/// Tiny rasters with nodata and CRS variants, written by each exporter and checked by the peers.
func tinyRaster(crs: CRS, originX: Double, originY: Double, cell: Double, width: Int = 600, height: Int = 400,
                nodata: Double? = nil) -> InMemoryRaster {
    let grid = Grid(name: "tiny", crs: crs, transform: GeoTransform(originX: originX, pixelWidth: cell, originY: originY, pixelHeight: -cell),
                    width: width, height: height)
    var raster = InMemoryRaster(grid: grid, metadata: [("holomap_product", "test")])
    let a = FloatBuffer(count: grid.cellCount), b = FloatBuffer(count: grid.cellCount)
    for i in 0..<grid.cellCount {
        a[i] = Float(i % width) / Float(width)
        b[i] = (i / width) % 7 == 0 ? Float(nodata ?? 0) : Float(i % 13) * 0.5
    }
    raster.addBand(BandInfo(name: "AAA", longName: "fraction of cell covered by AAA", units: "1", standardName: "area_fraction", nodata: nodata), a)
    raster.addBand(BandInfo(name: "BBB", longName: "test mass", units: "kg", nodata: nodata), b)
    return raster
}

final class COGExporterTests: XCTestCase {
    func testCOGIsValidAndReadsBackExactly() throws {
        var written: [String] = []
        for (crs, origin, cell, nodata) in [(CRS.wgs84, (-10.0, 60.0), 0.1, Optional(-9999.0)),
                                            (try CRSResolver.resolve("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +type=crs"), (0.0, 4_000_000.0), 1000.0, nil)] {
            let raster = tinyRaster(crs: crs, originX: origin.0, originY: origin.1, cell: cell, nodata: nodata)
            let path = try TestSupport.temporaryFolder().appendingPathComponent("t.tif").path
            try COGExporter.write(raster, to: path, overwrite: false)
            written.append(path)

            let back = try GDALRaster(opening: path)
            XCTAssertEqual(back.grid.width, 600); XCTAssertEqual(back.grid.transform, raster.grid.transform)
            XCTAssertEqual(back.grid.crs.isGeographic, crs.isGeographic)
            XCTAssertEqual(try back.bandInfo(0).name, "AAA")
            XCTAssertEqual(try back.bandInfo(0).units, "1")
            XCTAssertEqual(try back.bandInfo(0).standardName, "area_fraction")
            XCTAssertEqual(try back.bandInfo(0).nodata, nodata)
            XCTAssertEqual(try back.bandInfo(1).nodata, nodata)
            XCTAssertEqual(back.metadataItem("holomap_product"), "test")
            for band in 0..<2 {
                let values = try back.read(band: band, rows: 0..<400)
                XCTAssertEqual(values, Array(raster.bands[band].data.pointer), "band \(band) round trip")
            }
        }
        // The peer last: without it the GDAL read-back above still runs.
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        for path in written {
            let check = try TestSupport.run(rio, ["cogeo", "validate", "--strict", path])
            // rio cogeo validate exits 0 even for invalid files: read its words.
            XCTAssertTrue(check.stdout.contains("is a valid cloud optimized GeoTIFF"), check.stdout + check.stderr)
            XCTAssertFalse(check.stdout.contains("NOT"), check.stdout)
        }
    }

    func testZSTDCompressionAlsoValidates() throws {
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        let path = try TestSupport.temporaryFolder().appendingPathComponent("z.tif").path
        try COGExporter.write(tinyRaster(crs: .wgs84, originX: 0, originY: 0, cell: 0.01), to: path, overwrite: false, compression: .zstd)
        XCTAssertTrue(try TestSupport.run(rio, ["cogeo", "validate", "--strict", path]).stdout.contains("is a valid cloud optimized GeoTIFF"))
    }

    func testSameInputGivesByteIdenticalFiles() throws {
        let folder = try TestSupport.temporaryFolder()
        let raster = tinyRaster(crs: .wgs84, originX: 0, originY: 0, cell: 0.01)
        let grid = raster.grid
        let areas = try CellAreas.table(grid)
        for name in ["a", "b"] {
            try COGExporter.write(raster, to: folder.appendingPathComponent("\(name).tif").path, overwrite: false)
            try CFNetCDFExporter.write(raster, to: folder.appendingPathComponent("\(name).nc").path, overwrite: false, title: "t", cellAreas: areas)
            try PNGExporter.writeGray(raster, band: 0, to: folder.appendingPathComponent("\(name).png").path, overwrite: false)
        }
        for ext in ["tif", "nc", "png"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("a.\(ext)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("b.\(ext)"))
            XCTAssertEqual(a, b, "\(ext) differs between two identical runs")
            XCTAssertGreaterThan(a.count, 100)
        }
    }

    func testExistingOutputNeedsOverwriteAndFailuresLeaveNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("x.tif").path
        let raster = tinyRaster(crs: .wgs84, originX: 0, originY: 0, cell: 0.01)
        try COGExporter.write(raster, to: path, overwrite: false)
        XCTAssertThrowsError(try COGExporter.write(raster, to: path, overwrite: false)) { error in
            XCTAssertEqual(error as? InputError, .outputExists(path: path))
        }
        try COGExporter.write(raster, to: path, overwrite: true)
        // GeoTIFF cannot hold a different nodata per band: refused, not silently changed.
        var mixed = raster
        mixed.bands[1].info.nodata = -1
        XCTAssertThrowsError(try COGExporter.write(mixed, to: folder.appendingPathComponent("mixed.tif").path, overwrite: false))
        // A projection CF cannot describe fails before anything is written, and leaves no file.
        let mollweide = try CRSResolver.resolve("+proj=moll +ellps=WGS84 +type=crs")
        let bad = tinyRaster(crs: mollweide, originX: 0, originY: 0, cell: 1000)
        XCTAssertThrowsError(try CFNetCDFExporter.write(bad, to: folder.appendingPathComponent("m.nc").path, overwrite: false, title: "t", cellAreas: .perRow([])))
        // A writer that fails midway leaves no partial or temporary file.
        XCTAssertThrowsError(try AtomicFile.write(to: folder.appendingPathComponent("p.bin").path, overwrite: false) { temporary in
            try Data(repeating: 1, count: 1000).write(to: URL(fileURLWithPath: temporary))
            throw InputError.invalidArgument("simulated failure")
        })
        XCTAssertEqual(TestSupport.files(in: folder), ["x.tif"])
    }
}
