import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapExport

/// The tile pyramid: lower zooms summed from the top one must hold what a direct conservative
/// remap of the cells onto their own pixels gives, also for a window of the world whose edges
/// fall inside tiles.
final class TilePyramidTests: XCTestCase {
    func testEveryZoomEqualsTheDirectRemapOfTheCells() throws {
        // A 0.05° window over East Asia, edges off the tile boundaries, with a pseudo-random layer;
        // more cells (900,000) than the summed zooms have pixels, so zooms 0–3 are summed.
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 97.3, pixelWidth: 0.05, originY: 47.9, pixelHeight: -0.05), width: 900, height: 1000)
        var state: UInt64 = 42
        let values = (0..<grid.cellCount).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53)
            return u < 0.3 ? 0 : u * 1000
        }
        let maxZoom = 4
        let workspace = TileWorkspace(grid: grid, maxZoom: maxZoom)
        let folder = try TestSupport.temporaryFolder()
        let size = WebMercator.tileSize
        XCTAssertEqual(workspace.levels.count, maxZoom, "zooms below the top are summed")
        // A second layer in the same workspace, empty in its eastern half: what the first left
        // there must be gone.
        let western = values.indices.map { $0 % grid.width < grid.width / 2 ? values[$0] : 0 }
        for (name, values) in [("layer", values), ("western", western)] {
        try TileExporter.write(layer: values, grid: grid, name: name, folder: folder, maxZoom: maxZoom,
                               scale: TileExporter.Scale(log10Min: -2, log10Max: 3), workspace: workspace)
        for level in workspace.levels {
            let columnEdges = ((level.firstColumn * size)...((level.lastColumn + 1) * size)).map { WebMercator.longitude(ofPixelColumn: Double($0), zoom: level.zoom) }
            let rowEdges = ((level.firstRow * size)...((level.lastRow + 1) * size)).map { WebMercator.latitude(ofPixelRow: Double($0), zoom: level.zoom) }
            let direct = ConservativeRemap.latLon(values, from: grid, columnEdges: columnEdges, rowEdges: rowEdges, wraps: true)
            let summed = Array(level.mass.pointer)
            XCTAssertEqual(summed.count, direct.count)
            let largest = direct.map(abs).max()!
            XCTAssertGreaterThan(largest, 0)
            let worst = zip(summed, direct).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(worst, 1e-12 * largest, "\(name), zoom \(level.zoom)")
            // The whole window lies inside Web Mercator's latitudes: every tonne is on every zoom.
            XCTAssertEqual(summed.reduce(0, +), values.reduce(0, +), accuracy: 1e-9 * values.reduce(0, +), "zoom \(level.zoom)")
        }
        }
        // A window needs a few tiles, not the world: at zoom 3 (tiles 45° wide; rows break at
        // 40.98° N and the equator) this one spans columns 6–7 and rows 2–4.
        let z3 = workspace.levels[3]
        XCTAssertEqual([z3.firstColumn, z3.lastColumn, z3.firstRow, z3.lastRow], [6, 7, 2, 4])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("layer/0/0/0.png").path))
    }
}
