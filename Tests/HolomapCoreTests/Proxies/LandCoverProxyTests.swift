import XCTest
import HolomapTestSupport
@testable import HolomapCore

/// Land-cover proxies on a tiny grid: 4 × 2 one-degree cells (AAA: columns 0–1, BBB: 2–3) and a
/// 0.5° MODIS IGBP class raster placed by hand, so every expected value is a simple fraction.
final class LandCoverProxyTests: XCTestCase {
    let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 2, pixelHeight: -1), width: 4, height: 2)
    let source = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 0.5, originY: 2, pixelHeight: -0.5), width: 8, height: 4)

    func setup(landCover: Bool = true) -> ([String: SparseCoverage], ProxySet) {
        func region(_ code: String, _ x0: Double, _ x1: Double) -> Region {
            Region(code: code, rings: [Ring(points: [Point(x: x0, y: 0), Point(x: x1, y: 0), Point(x: x1, y: 2), Point(x: x0, y: 2)], role: .exterior)])
        }
        let coverages = ["AAA": CoverageEngine.coverage(of: region("AAA", 0, 2), on: grid), "BBB": CoverageEngine.coverage(of: region("BBB", 2, 4), on: grid)]
        // Forest (1) everywhere but: source row 1 (1–1.5°N, all in grid row 0) has cropland at
        // columns 0 (12), 2 (14 mosaic), 3 (12), grassland at 4 (10), 6 (9 savanna), 7 (8 woody
        // savanna); source row 2 (0.5–1°N, grid row 1) has urban (13) at column 5.
        var classes = [UInt8](repeating: 1, count: source.cellCount)
        for (column, code) in [(0, 12), (2, 14), (3, 12), (4, 10), (6, 9), (7, 8)] { classes[1 * 8 + column] = UInt8(code) }
        classes[2 * 8 + 5] = 13
        var fields: [ProxyKind: any RowField] = [:]
        if landCover {
            for kind in [ProxyKind.cropland, .grassland, .urban] { fields[kind] = ClassArea.field(classes, source: source, picking: kind.igbpClasses!, onto: grid) }
        }
        return (coverages, ProxySet(population: nil, pointSources: [:], cellAreas: .perRow(grid.geographicRowAreas()), landCover: fields))
    }

    func testEachSectorLandsOnlyOnItsClasses() {
        let (coverages, proxies) = setup()
        let emissions = [
            Emission(iso3: "AAA", year: 2020, sector: "3.C", gas: "N2O", tonnesCO2e: 300),   // cropland: cells 0 and 1, 1:2
            Emission(iso3: "BBB", year: 2020, sector: "3.A", gas: "CH4", tonnesCO2e: 300),   // grassland: cells 2 and 3, 1:2
            Emission(iso3: "BBB", year: 2020, sector: "2", gas: "CO2", tonnesCO2e: 50),      // urban: cell 6
            Emission(iso3: "AAA", year: 2020, sector: "3.A", gas: "CH4", tonnesCO2e: 90),    // no grassland in AAA: cropland
        ]
        let result = GriddingEngine.grid(GriddingEngine.items(emissions), coverages: coverages, proxies: proxies, grid: grid)
        for row in result.totals { XCTAssertEqual(row.gridded, row.input, accuracy: abs(row.input) * 1e-9, "\(row)") }
        let soils = result.layer(Layer(.sector("3.C")), cellCount: 8)
        XCTAssertEqual(soils, [100, 200, 0, 0, 0, 0, 0, 0].map(Double.init), accuracy: 1e-9)
        let livestock = result.layer(Layer(.sector("3.A")), cellCount: 8)
        XCTAssertEqual(livestock, [30, 60, 100, 200, 0, 0, 0, 0].map(Double.init), accuracy: 1e-9)
        let industry = result.layer(Layer(.sector("2")), cellCount: 8)
        XCTAssertEqual(industry, [0, 0, 0, 0, 0, 0, 50, 0].map(Double.init), accuracy: 1e-9)
        XCTAssertEqual(result.fallbacks.map { "\($0.iso3) \($0.from.rawValue)→\($0.to?.rawValue ?? "none")" }, ["AAA grassland→cropland"])
        XCTAssertEqual(result.fallbacks[0].reason, "proxy is zero inside the country")
    }

    func testNoSuchLandOrNoRasterFallsToLandArea() {
        let (coverages, proxies) = setup()
        // BBB has no cropland: soils go to land area, by cell area (row 0 at 1–2°N, row 1 at 0–1°N).
        let result = GriddingEngine.grid(GriddingEngine.items([Emission(iso3: "BBB", year: 2020, sector: "3.C", gas: "N2O", tonnesCO2e: 40)]),
                                         coverages: coverages, proxies: proxies, grid: grid)
        let north = WGS84.zoneAreaPerRadian(fromLatitude: 1, toLatitude: 2), south = WGS84.zoneAreaPerRadian(fromLatitude: 0, toLatitude: 1)
        let layer = result.layer(Layer(.sector("3.C")), cellCount: 8)
        let n = 20 * north / (north + south), s = 20 * south / (north + south)
        XCTAssertEqual(layer, [0, 0, n, n, 0, 0, s, s], accuracy: 1e-9)
        XCTAssertEqual(result.fallbacks.map { "\($0.from.rawValue)→\($0.to?.rawValue ?? "none")" }, ["cropland→land_area"])
        // Without a land-cover raster the proxy is "not available", and the chain goes on (urban → population → land area).
        let (_, bare) = setup(landCover: false)
        let industry = GriddingEngine.grid(GriddingEngine.items([Emission(iso3: "AAA", year: 2020, sector: "2", gas: "CO2", tonnesCO2e: 10)]),
                                           coverages: coverages, proxies: bare, grid: grid)
        XCTAssertEqual(industry.fallbacks.map { "\($0.from.rawValue)→\($0.to?.rawValue ?? "none") \($0.reason)" },
                       ["urban→population proxy not available", "population→land_area proxy not available"])
        XCTAssertEqual(industry.totals[0].gridded, 10, accuracy: 1e-9)
    }

    func testDefaultChains() {
        XCTAssertEqual(Sectors.byCode["3.A"]?.proxies, [.grassland, .cropland, .landArea])
        XCTAssertEqual(Sectors.byCode["3.C"]?.proxies, [.cropland, .landArea])
        for code in ["2", "1.A.2", "1.A.1.bc"] { XCTAssertEqual(Sectors.byCode[code]?.proxies, [.urban, .population], code) }
        XCTAssertFalse(Sectors.byCode["1.B"]!.proxies.contains(.population))
        XCTAssertEqual(Sectors.byCode["4"]?.proxies, [.population])
        XCTAssertEqual(Sectors.byCode["1.A.3.b"]?.proxies, [.population])
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
