import XCTest
@testable import HolomapCore

/// Fire spread over the land cover of each basis region, on tiny generated rasters.
final class FireGriddingTests: XCTestCase {
    /// Land cover 4 × 2 at 1° (classes below); regions 2 × 1 at 2°: the west half is region 1
    /// (BONA), the east half region 13 (EQAS).
    ///   row 0:  1 (ENF)   10 (grass) | 2 (EBF)  12 (crop)
    ///   row 1: 16 (barren) 0 (water) | 11 (wet)  2 (EBF)
    func setup() -> FireGridding {
        let cover = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 60, pixelHeight: -1), width: 4, height: 2)
        let regions = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 2, originY: 60, pixelHeight: -2), width: 2, height: 1)
        return FireGridding(classes: [1, 10, 2, 12, 16, 0, 11, 2], grid: cover, regions: [1, 13], regionGrid: regions)
    }

    func amounts(_ pairs: [(FireType, Int, Double)]) -> [FireType: [Double]] {
        var out: [FireType: [Double]] = [:]
        for (type, code, tonnes) in pairs { out[type, default: [Double](repeating: 0, count: 14)][code - 1] += tonnes }
        return out
    }

    func testEachTypeGoesToItsClassesAndEveryRegionKeepsItsTable() {
        let g = setup()
        let field = g.field(amounts([(.borealForest, 1, 100), (.savanna, 1, 7), (.deforestation, 13, 40), (.peat, 13, 3), (.agriculture, 13, 5)]))
        let v = field.values
        // BONA: boreal on class 1 only, savanna on grass only; nothing on barren or water.
        XCTAssertEqual(v[0], 100, accuracy: 1e-12); XCTAssertEqual(v[1], 7, accuracy: 1e-12)
        XCTAssertEqual(v[4], 0); XCTAssertEqual(v[5], 0)
        // EQAS: deforestation over its two broadleaf cells by area (the southern row is larger).
        let areas = field.grid.geographicRowAreas()
        XCTAssertEqual(v[2], 40 * areas[0] / (areas[0] + areas[1]) + 0, accuracy: 1e-12)
        XCTAssertEqual(v[7], 40 * areas[1] / (areas[0] + areas[1]), accuracy: 1e-12)
        XCTAssertEqual(v[6], 3, accuracy: 1e-12); XCTAssertEqual(v[3], 5, accuracy: 1e-12)
        let sums = g.regionSums(field)
        XCTAssertEqual(sums[1], 107, accuracy: 107 * 1e-12)
        XCTAssertEqual(sums[13], 48, accuracy: 48 * 1e-12)
        XCTAssertEqual(sums[0], 0)
        XCTAssertTrue(g.fallbacks(amounts([(.borealForest, 1, 100), (.deforestation, 13, 40)])).isEmpty)
    }

    func testARegionWithoutTheClassesFallsBackToItsVegetatedLandAndSaysSo() {
        let g = setup()
        // Peat in BONA (no wetland there): over its vegetated cells (ENF, grass), by area.
        let field = g.field(amounts([(.peat, 1, 10)]))
        XCTAssertEqual(field.values[0] + field.values[1], 10, accuracy: 1e-12)
        XCTAssertEqual(field.values[0], 5, accuracy: 1e-12)   // same row, same area
        XCTAssertEqual(g.fallbacks(amounts([(.peat, 1, 10)])), [FireGridding.Fallback(type: .peat, region: "BONA", spreadOver: "vegetated land", tonnes: 10)])
        // A region with no cell at all places nothing, and says so.
        XCTAssertEqual(g.classes(for: .savanna, region: 6).1, "nowhere")
    }

    /// The build's fire layers are remapped band by band from the regions, classes and
    /// coefficients (FireRemapField), never holding the land-cover field: cell for cell the
    /// remap of `field`, with the same source integral, onto coarser, finer and offset grids.
    func testTheRemappedFireFieldIsTheRemapOfTheField() {
        let g = setup()
        let a = amounts([(.borealForest, 1, 100), (.savanna, 1, 7), (.deforestation, 13, 40), (.peat, 13, 3), (.agriculture, 13, 5)])
        let field = g.field(a)
        XCTAssertEqual(g.total(g.coefficients(a)), field.total)
        for (width, height, step) in [(1, 1, 4.0), (8, 4, 0.5), (3, 2, 4.0 / 3)] {
            let target = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: step, originY: 60, pixelHeight: -2 / Double(height)), width: width, height: height)
            let lazy = FireRemapField(g, amounts: a, to: target, columns: FireRemapField.columns(g, target))
            let whole = LatLonRemapField(field.values, from: field.grid, to: target)
            var x = [Double](repeating: .nan, count: target.cellCount), y = x
            for r in 0..<height {
                x.withUnsafeMutableBufferPointer { lazy.fill(rows: r..<(r + 1), into: UnsafeMutableBufferPointer(rebasing: $0[(r * width)...])) }
                y.withUnsafeMutableBufferPointer { whole.fill(rows: r..<(r + 1), into: UnsafeMutableBufferPointer(rebasing: $0[(r * width)...])) }
            }
            XCTAssertEqual(x, y, "\(width)×\(height)")
            XCTAssertEqual(x.reduce(0, +), 155, accuracy: 155 * 1e-12)
        }
    }
}
