import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge
@testable import HolomapExport

/// holomap's own streaming COG writer, checked against GDAL: it must pass rio-cogeo's strict
/// validation, read back bit for bit through GDAL (sparse tiles, NaN, nodata, partial edge
/// tiles, the floating-point predictor), carry the same georeferencing and band metadata as
/// GDAL's own COG of the same raster, and hold 2 × 2 mean overviews.
final class COGStreamWriterTests: XCTestCase {
    func testStreamedCOGReadsBackLikeGDALsOwn() throws {
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        let python = try TestSupport.python(requiring: "rasterio")
        let albers = try CRSResolver.resolve("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +type=crs")
        // 1300 × 700: three tile columns and two tile rows, both partial; two overview levels.
        for (crs, origin, cell, nodata) in [(CRS.wgs84, (-10.0, 60.0), 0.05, Optional<Double>.none),
                                            (albers, (0.0, 4_000_000.0), 1000.0, Optional(-9999.0))] {
            var raster = tinyRaster(crs: crs, originX: origin.0, originY: origin.1, cell: cell, width: 1300, height: 700, nodata: nodata)
            let grid = raster.grid
            // An empty region (sparse tiles), a NaN and, with nodata, a block of nodata.
            for band in raster.bands {
                for r in 0..<grid.height { for c in 0..<grid.width where c >= 512 && c < 1024 && r < 512 { band.data[r * grid.width + c] = Float(nodata ?? 0) } }
                band.data[650 * grid.width + 1299] = .nan
            }
            raster.metadata.append(("holomap_year", "2022"))
            let folder = try TestSupport.temporaryFolder()
            let ours = folder.appendingPathComponent("ours.tif").path, gdal = folder.appendingPathComponent("gdal.tif").path
            try COGExporter.write(raster, to: gdal, overwrite: false)
            let writer = try COGStreamWriter(path: ours, grid: grid, bands: raster.bands.map(\.info), metadata: raster.metadata)
            // Uneven appends, with the empty tile column declared unoccupied in the first strip.
            var row = 0
            for count in [100, 300, 112, 188] {
                let occupied = row < 512 ? [true, false, true] : nil
                try writer.append(rowCount: count, bands: raster.bands.map { UnsafeBufferPointer(rebasing: $0.data.pointer[(row * grid.width)..<((row + count) * grid.width)]) },
                                  occupied: occupied)
                row += count
            }
            try writer.finish()

            let check = try TestSupport.run(rio, ["cogeo", "validate", "--strict", ours])
            XCTAssertTrue(check.stdout.contains("is a valid cloud optimized GeoTIFF"), check.stdout + check.stderr)
            let compare = try TestSupport.run(python, ["-c", """
                import rasterio, numpy as np
                a = rasterio.open('\(ours)'); b = rasterio.open('\(gdal)')
                assert a.crs == b.crs, (a.crs, b.crs)
                assert a.transform == b.transform and a.nodata == b.nodata and a.descriptions == b.descriptions
                assert a.units == b.units and a.tags() == b.tags() and a.tags(1) == b.tags(1), (a.tags(), b.tags(), a.tags(1), b.tags(1))
                x = a.read(); y = b.read()
                assert np.array_equal(x.view(np.uint32), y.view(np.uint32)), 'full resolution differs'
                assert a.overviews(1) == [2, 4], a.overviews(1)
                nd = a.nodata
                def mean2(v):
                    v = v.astype(np.float64)
                    if nd is not None: v[v == nd] = np.nan
                    h, w = (v.shape[0] + 1) // 2 * 2, (v.shape[1] + 1) // 2 * 2
                    p = np.full((h, w), np.nan); p[:v.shape[0], :v.shape[1]] = v
                    with np.errstate(all='ignore'):
                        m = np.nanmean(p.reshape(h // 2, 2, w // 2, 2), axis=(1, 3))
                    return np.where(np.isnan(m), np.nan if nd is None else nd, m)
                for band in (1, 2):
                    full = a.read(band)
                    ov = a.read(band, out_shape=((a.height + 1) // 2, (a.width + 1) // 2))
                    want = mean2(full)
                    ok = np.isclose(ov, want, rtol=1e-6, atol=1e-6, equal_nan=True)
                    assert ok.all(), (band, np.argwhere(~ok)[:5])
                print('ok')
                """])
            XCTAssertEqual(compare.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", compare.stderr)
        }
    }

    /// Category layers: UInt16 with horizontal differencing, nearest overviews.
    func testUInt16CategoriesReadBackExactly() throws {
        let python = try TestSupport.python(requiring: "rasterio")
        let path = try COGStreamWriterReadBackTests.writeCategoryCOG().path
        let check = try TestSupport.run(python, ["-c", """
            import rasterio, numpy as np
            d = rasterio.open('\(path)'); v = d.read(1)
            want = (np.arange(900 * 530) // 7 % 300).reshape(530, 900)
            assert d.dtypes[0] == 'uint16' and np.array_equal(v, want)
            assert np.array_equal(d.read(1, out_shape=(265, 450)), want[::2, ::2])
            print('ok')
            """])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", check.stderr)
    }
}
