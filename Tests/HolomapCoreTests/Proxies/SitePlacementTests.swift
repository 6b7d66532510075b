import XCTest
@testable import HolomapCore

final class SitePlacementTests: XCTestCase {
    // 1° cells, 10 × 10 from (0°E, 10°N). AAA covers columns 0–4 of rows 0–8 (column 4 at 0.7),
    // BBB columns 4–9 of rows 0–8 (column 4 at 0.3); row 9 (0–1°N) is sea.
    let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 10, pixelHeight: -1), width: 10, height: 10)

    func coverages() -> [String: SparseCoverage] {
        var aaa = SparseCoverage(code: "AAA", width: 10, height: 10), bbb = SparseCoverage(code: "BBB", width: 10, height: 10)
        for row in 0..<9 {
            aaa.append(row: row, start: 0, count: 4, fraction: nil); aaa.append(row: row, start: 4, count: 1, fraction: 0.7)
            bbb.append(row: row, start: 4, count: 1, fraction: 0.3); bbb.append(row: row, start: 5, count: 5, fraction: nil)
        }
        return ["AAA": aaa, "BBB": bbb]
    }

    func testAPointGoesToItsOwnCountryNeverToANeighbour() {
        // a: AAA's point in the shared cell (row 3, column 4); a2: BBB's point there, BBB's although
        // AAA covers more of it; b, c: one BBB cell, weights add; d: BBB's point in the sea row
        // under column 8 (0.6°N) → moved to (row 8, column 8), 0.9° of latitude = 100.1 km away,
        // within 50 + 1.5 × 157.2 km; e: weight 0, not counted; f: BBB's at 5°S, 723 km from its
        // cells: left out; g: a country outside the build: counted; h: no country: listed.
        let x = [4.5, 4.5, 7.5, 7.2, 8.5, 1.5, 8.5, 2.5, 2.5], y = [6.5, 6.5, 6.5, 6.9, 0.6, 5.5, -5.0, 2.5, 2.5]
        let names = ["a", "a2", "b", "c", "d", "e", "f", "g", "h"]
        let countries = ["AAA", "BBB", "BBB", "BBB", "BBB", "AAA", "BBB", "CCC", ""]
        let r = SitePlacement.place(names: names, countries: countries, x: x, y: y, weights: [2, 5, 1, 3, 4, 0, 1, 1, 1], grid: grid,
                                    coverages: coverages())
        XCTAssertEqual(r.byCountry["AAA"], [.init(cell: 3 * 10 + 4, weight: 2)])
        XCTAssertEqual(r.byCountry["BBB"], [.init(cell: 3 * 10 + 4, weight: 5), .init(cell: 3 * 10 + 7, weight: 4), .init(cell: 8 * 10 + 8, weight: 4)])
        XCTAssertEqual(r.placed, 5)
        XCTAssertEqual(r.moved, 1)
        XCTAssertEqual(r.notInBuild, 1)
        XCTAssertEqual(r.unplaced.count, 2)
        XCTAssertEqual(r.unplaced[0], "h: no country (outside every Natural Earth polygon)")
        XCTAssertTrue(r.unplaced[1].hasPrefix("f (BBB): point 723 km from its country's nearest cell (more than 286 km)"), r.unplaced[1])
        // The reach: 50 km + 1.5 × the diagonal of a 1° cell at the equator (√2° × 111.19 km).
        XCTAssertEqual(PlantPlacement.maximumMoveKm(grid), 50 + 1.5 * sqrt(2) * .pi / 180 * 6371.0088, accuracy: 1e-9)
    }

    /// On a whole-world grid whose columns run 0–360°, a western longitude is taken a turn round.
    func testLongitudesWrapIntoAWholeWorldGrid() {
        let east = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 90, pixelHeight: -1), width: 360, height: 180)
        let west = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 1, originY: 90, pixelHeight: -1), width: 360, height: 180)
        XCTAssertEqual(east.wrappedX(-70.5), 289.5)
        XCTAssertEqual(west.wrappedX(-70.5), -70.5)
        XCTAssertEqual(west.wrappedX(180), -180)
        XCTAssertEqual(grid.wrappedX(-70.5), -70.5, "a regional grid is left alone")
        // A point at 70.5°W, 10.5°N on the 0–360° grid lands in its own column, not 360° away.
        var cover = SparseCoverage(code: "AAA", width: 360, height: 180)
        cover.append(row: 79, start: 289, count: 1, fraction: nil)
        let r = SitePlacement.place(names: ["p"], countries: ["AAA"], x: [-70.5], y: [10.5], weights: [1], grid: east, coverages: ["AAA": cover])
        XCTAssertEqual(r.byCountry["AAA"], [.init(cell: 79 * 360 + 289, weight: 1)])
        XCTAssertEqual(r.moved, 0)
        XCTAssertEqual(Settlements.areas([Settlements.Place(name: "p", longitude: -70.5, latitude: 10.5, people: 1500)], on: east).map(\.cell), [79 * 360 + 289])
    }

    func testDomesticAviationGoesToTheAirportsOfItsCountryAndFallsBackWithoutThem() {
        let covers = coverages()
        // AAA has airports of weight 1 and 3 in two cells; BBB has none.
        let placed = SitePlacement.place(names: ["p", "q"], countries: ["AAA", "AAA"], x: [0.5, 2.5], y: [9.5, 2.5], weights: [1, 3],
                                         grid: grid, coverages: covers)
        var proxies = ProxySet(population: DenseField([Float](repeating: 1, count: 100), width: 10), pointSources: [:],
                               cellAreas: .perRow(grid.geographicRowAreas()))
        proxies.sites = [.airports: placed.weights]
        let items = [GriddingItem(iso3: "AAA", quantity: .production(sector: "1.A.3.a", gas: "CO2"), value: 100),
                     GriddingItem(iso3: "BBB", quantity: .production(sector: "1.A.3.a", gas: "CO2"), value: 60)]
        let result = GriddingEngine.grid(items, coverages: covers, proxies: proxies, grid: grid)
        let layer = result.layer(Layer(.sector("1.A.3.a")), cellCount: 100)
        // AAA: 100 × 1/4 at (row 0, column 0), 100 × 3/4 at (row 7, column 2); nothing else.
        XCTAssertEqual(layer[0], 25, accuracy: 1e-12)
        XCTAssertEqual(layer[72], 75, accuracy: 1e-12)
        // BBB: no airport, so population (1 per cell × coverage): 9 rows × (0.3 + 5) = 47.7.
        XCTAssertEqual(layer[5], 60 * 1 / 47.7, accuracy: 1e-12)
        XCTAssertEqual(layer[4], 60 * 0.3 / 47.7, accuracy: 1e-12)
        XCTAssertEqual(layer.reduce(0, +), 160, accuracy: 1e-9)
        XCTAssertEqual(result.fallbacks.map { "\($0.iso3) \($0.from) \($0.to.map { "\($0)" } ?? "-") \($0.reason)" },
                       ["BBB airports population proxy not available"])
    }
}
