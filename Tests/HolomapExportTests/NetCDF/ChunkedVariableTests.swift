import Foundation
import XCTest
import HolomapBridge
import HolomapCore
import HolomapTestSupport
@testable import HolomapExport

/// holomap compresses the NetCDF's chunks itself (shuffle, then deflate) and stores them whole:
/// an independent reader (netCDF4-python, with its own HDF5 and zlib) must decode exactly the
/// values written, across partial edge chunks, empty chunks, Float64 cell areas and Int32 ids.
final class ChunkedVariableTests: XCTestCase {
    func testNetCDF4PythonDecodesEveryValueWritten() throws {
        let python = try TestSupport.python(requiring: "netCDF4")
        // 1100 × 700 cells: chunks of 512 leave partial chunks on the right and at the bottom.
        let grid = Grid(name: "edges", crs: .wgs84, transform: GeoTransform(originX: 60, pixelWidth: 0.05, originY: 50, pixelHeight: -0.05),
                        width: 1100, height: 700)
        var random = SplitMix64(seed: 7)
        var raster = InMemoryRaster(grid: grid, metadata: [])
        let dense = FloatBuffer(count: grid.cellCount), sparse = FloatBuffer(count: grid.cellCount)
        for i in 0..<grid.cellCount {
            let u = Double(random.next() >> 11) / Double(1 << 53)
            dense[i] = u < 0.2 ? 0 : Float(u * 1e6)
            // Non-zero only in one block: most of this band's chunks are empty.
            let (r, c) = i.quotientAndRemainder(dividingBy: grid.width)
            sparse[i] = (100..<200).contains(r) && (600..<700).contains(c) ? Float(r * c) : 0
        }
        raster.addBand(BandInfo(name: "dense", longName: "random", units: "t"), dense)
        raster.addBand(BandInfo(name: "sparse", longName: "one block", units: "t"), sparse)
        let ids = (0..<grid.cellCount).map { _ in Int32(truncatingIfNeeded: random.next() % 5) }
        let areas = try CellAreas.table(grid)
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("t.nc").path
        try CFNetCDFExporter.write(raster, to: path, overwrite: false, title: "t", cellAreas: areas,
                                   categories: [CategoryLayer(name: "country_id", longName: "ids", values: ids,
                                                              categories: (1...4).map { (Int32($0), "C\($0)") }, fill: 0)])
        // The expected values as raw little-endian files, compared in Python.
        func dump<T>(_ values: [T], _ name: String) throws {
            try values.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(name)) }
        }
        try dump([Float](dense.pointer), "dense.bin")
        try dump([Float](sparse.pointer), "sparse.bin")
        try dump(ids, "ids.bin")
        try dump(areas.rows(0..<grid.height, width: grid.width), "areas.bin")
        let script = """
            import sys, numpy as np, netCDF4
            folder, h, w = sys.argv[1], 700, 1100
            ds = netCDF4.Dataset(folder + '/t.nc'); ds.set_auto_mask(False)
            def same(name, file, dtype):
                expected = np.fromfile(folder + '/' + file, dtype=dtype).reshape(h, w)
                got = ds.variables[name][:]
                print(name, got.dtype, int(np.sum(got != expected)), ds.variables[name].filters()['zlib'], ds.variables[name].filters()['shuffle'])
            same('dense', 'dense.bin', '<f4'); same('sparse', 'sparse.bin', '<f4')
            same('country_id', 'ids.bin', '<i4'); same('cell_area', 'areas.bin', '<f8')
            """
        let out = try TestSupport.run(python, ["-c", script, folder.path])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stdout.split(separator: "\n").map(String.init), [
            "dense float32 0 True True", "sparse float32 0 True True", "country_id int32 0 True True", "cell_area float64 0 True True",
        ], out.stderr)
    }
}
