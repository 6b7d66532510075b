import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge
@testable import HolomapExport

final class CFNetCDFExporterTests: XCTestCase {
    func testGeographicAndAlbersFilesPassCFChecks() throws {
        for crs in [CRS.wgs84, try CRSResolver.resolve("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +type=crs")] {
            let raster = tinyRaster(crs: crs, originX: crs.isGeographic ? 100 : 0, originY: crs.isGeographic ? 40 : 4e6,
                                    cell: crs.isGeographic ? 0.05 : 1000, width: 60, height: 40, nodata: -1)
            let path = try TestSupport.temporaryFolder().appendingPathComponent("t.nc").path
            try CFNetCDFExporter.write(raster, to: path, overwrite: false, title: "test", cellAreas: try CellAreas.table(raster.grid))
            let result = try TestSupport.cfchecks(path)
            XCTAssertTrue(result.stdout.contains("ERRORS detected: 0"), result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("WARNINGS given: 0"), result.stdout)
            // GDAL reads it back with the same grid and values.
            let back = try GDALRaster(opening: "NETCDF:\"\(path)\":BBB")
            XCTAssertEqual(back.grid.width, 60)
            XCTAssertEqual(back.grid.transform.originX, raster.grid.transform.originX, accuracy: 1e-9)
            XCTAssertEqual(back.grid.transform.pixelWidth, raster.grid.transform.pixelWidth, accuracy: 1e-9)
            XCTAssertEqual(back.grid.crs.isGeographic, crs.isGeographic)
            let values = try back.read(band: 0, rows: 0..<40)
            XCTAssertEqual(values, Array(raster.bands[1].data.pointer))
        }
    }

    func testNetCDFDeclaresCF18AndCellAreas() throws {
        let raster = tinyRaster(crs: .wgs84, originX: -180, originY: 90, cell: 1, width: 360, height: 180)
        let path = try TestSupport.temporaryFolder().appendingPathComponent("t.nc").path
        try CFNetCDFExporter.write(raster, to: path, overwrite: false, title: "t", cellAreas: try CellAreas.table(raster.grid))
        let header = try TestSupport.run("/usr/bin/ncdump", ["-h", "-s", path]).stdout
        XCTAssertTrue(header.contains(#":Conventions = "CF-1.8""#))
        XCTAssertTrue(header.contains(#"AAA:cell_measures = "area: cell_area""#))
        XCTAssertTrue(header.contains("_DeflateLevel = 4"))
        XCTAssertTrue(header.contains("_ChunkSizes = 180, 360"))
        let area = try GDALRaster(opening: "NETCDF:\"\(path)\":cell_area")
        var total = 0.0
        for v in try area.read(band: 0, rows: 0..<180) { total += Double(v) }
        XCTAssertEqual(total / 1e6, 510_065_621.7, accuracy: 510_065_621.7 * 1e-6, "Float32 read-back of the stored Float64 areas")
    }
}
