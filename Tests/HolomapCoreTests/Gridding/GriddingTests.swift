import XCTest
import HolomapTestSupport
@testable import HolomapCore

final class ConservativeRemapTests: XCTestCase {
    func grid(_ cell: Double, originX: Double = -180, originY: Double = 90, width: Int? = nil, height: Int? = nil) -> Grid {
        Grid(crs: .wgs84, transform: GeoTransform(originX: originX, pixelWidth: cell, originY: originY, pixelHeight: -cell),
             width: width ?? Int((360 / cell).rounded()), height: height ?? Int((180 / cell).rounded()))
    }

    func testFinerAndCoarserTargetsConserveTheTotal() {
        let source = grid(2)
        var rng = SplitMix64(seed: 7)
        let values = (0..<source.cellCount).map { _ in Double.random(in: 0...1000, using: &rng) }
        let total = values.reduce(0, +)
        for cell in [0.5, 1, 3, 0.7] {
            let out = ConservativeRemap.latLon(values, from: source, to: grid(cell, width: Int((360 / cell).rounded(.down)), height: Int((180 / cell).rounded(.down))))
            let covered = min(1.0, Double(Int((360 / cell).rounded(.down))) * cell / 360)
            if covered == 1 && abs(Double(Int((180 / cell).rounded(.down))) * cell - 180) < 1e-9 {
                XCTAssertEqual(out.reduce(0, +), total, accuracy: total * 1e-12, "cell \(cell)")
            } else {
                XCTAssertLessThanOrEqual(out.reduce(0, +), total * (1 + 1e-12))
            }
        }
    }

    func testSplittingOneCellFollowsEllipsoidalArea() {
        // One 2°×2° cell at 60–62°N split onto 1° cells: the southern half is larger.
        let source = grid(2, originX: 0, originY: 62, width: 1, height: 1)
        let out = ConservativeRemap.latLon([100], from: source, to: grid(1, originX: 0, originY: 62, width: 2, height: 2))
        let north = WGS84.zoneAreaPerRadian(fromLatitude: 61, toLatitude: 62), south = WGS84.zoneAreaPerRadian(fromLatitude: 60, toLatitude: 61)
        XCTAssertEqual(out[0], 50 * north / (north + south), accuracy: 1e-12)
        XCTAssertEqual(out[2], 50 * south / (north + south), accuracy: 1e-12)
        XCTAssertEqual(out.reduce(0, +), 100, accuracy: 1e-12)
    }
}

final class GriddingEngineTests: XCTestCase {
    func setup() -> (Grid, [String: SparseCoverage], ProxySet) {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 10, pixelHeight: -1), width: 10, height: 10)
        func region(_ code: String, _ x0: Double, _ x1: Double) -> Region {
            Region(code: code, rings: [Ring(points: [Point(x: x0, y: 0.5), Point(x: x1, y: 0.5), Point(x: x1, y: 9.5), Point(x: x0, y: 9.5)], role: .exterior)])
        }
        var coverages: [String: SparseCoverage] = [:]
        for (code, a, b) in [("AAA", 0.5, 5.25), ("BBB", 5.25, 9.5), ("CCC", 9.6, 9.9)] {
            coverages[code] = CoverageEngine.coverage(of: region(code, a, b), on: grid)
        }
        var pop = [Float](repeating: 0, count: 100)
        for i in 0..<50 where i % 10 < 5 { pop[i] = Float(i) }  // people only in AAA's north half
        let proxies = ProxySet(population: DenseField(pop, width: 10), pointSources: ["AAA": [(cell: 23, weight: 5), (cell: 24, weight: 15)]],
                               cellAreas: .perRow(grid.geographicRowAreas()))
        return (grid, coverages, proxies)
    }

    func testConservesEveryCountrySectorGasTo1e9() {
        let (grid, coverages, proxies) = setup()
        let emissions = [
            Emission(iso3: "AAA", year: 2020, sector: "1.A.1", gas: "CO2", tonnesCO2e: 1e6),
            Emission(iso3: "AAA", year: 2020, sector: "1.A.4", gas: "CO2", tonnesCO2e: 3.3e5),
            Emission(iso3: "AAA", year: 2020, sector: "1.A.4", gas: "CH4", tonnesCO2e: 7.7),
            Emission(iso3: "BBB", year: 2020, sector: "1.A.4", gas: "CO2", tonnesCO2e: 2.2e5),
            Emission(iso3: "BBB", year: 2020, sector: "3", gas: "CO2", tonnesCO2e: -1e4),
            Emission(iso3: "CCC", year: 2020, sector: "4", gas: "CO2", tonnesCO2e: 123),
            Emission(iso3: "AAA", year: 2020, sector: "M.1.A.3.a.i", gas: "CO2", tonnesCO2e: 999),
            Emission(iso3: "ZZZ", year: 2020, sector: "1.A.4", gas: "CO2", tonnesCO2e: 42),
        ]
        let result = GriddingEngine.grid(GriddingEngine.items(emissions), coverages: coverages, proxies: proxies, grid: grid)
        XCTAssertEqual(result.totals.count, 6)
        for row in result.totals {
            XCTAssertEqual(row.gridded, row.input, accuracy: abs(row.input) * 1e-9, "\(row)")
        }
        // The layers carry the same amounts: global sum = sum of allocated inputs.
        let allocated = result.totals.reduce(0) { $0 + $1.input }
        XCTAssertEqual(result.layer(Layer(.total), cellCount: 100).reduce(0, +), allocated, accuracy: abs(allocated) * 1e-12)
        // Power plants: all of 1.A.1 in the two plant cells, 1:3.
        let power = result.layer(Layer(.sector("1.A.1")), cellCount: 100)
        XCTAssertEqual(power[23], 0.25e6, accuracy: 1e-6); XCTAssertEqual(power[24], 0.75e6, accuracy: 1e-6)
        // Bunkers and a country without boundary are reported, never dropped silently.
        XCTAssertEqual(Set(result.unallocated.map(\.iso3)), ["AAA", "ZZZ"])
        XCTAssertTrue(result.unallocated.contains { $0.quantity == .production(sector: "M.1.A.3.a.i", gas: "CO2") && $0.value == 999 })
    }

    /// A former country (EDGAR's SCG) covers its successors: shared boundary cells add up, the
    /// covered area is the sum of the parts, and a total spread over it is conserved.
    /// Sums kept from one year serve the next: the layers are bit for bit those of a run without them.
    func testWeightSumsKeptAcrossYearsGiveTheSameLayers() {
        let (grid, coverages, proxies) = setup()
        let cache = WeightSumCache()
        for (year, extra) in [(2020, [String]()), (2021, ["BBB"])] {
            var emissions = [Emission(iso3: "AAA", year: year, sector: "1.A.4", gas: "CO2", tonnesCO2e: 3.3e5 + Double(year)),
                             Emission(iso3: "AAA", year: year, sector: "1.B", gas: "CH4", tonnesCO2e: 17)]
            emissions += extra.map { Emission(iso3: $0, year: year, sector: "4", gas: "CO2", tonnesCO2e: 99) }
            let items = GriddingEngine.items(emissions)
            let kept = GriddingEngine.grid(items, coverages: coverages, proxies: proxies, grid: grid, sumCache: cache)
            let fresh = GriddingEngine.grid(items, coverages: coverages, proxies: proxies, grid: grid)
            XCTAssertEqual(kept.layer(Layer(.total), cellCount: 100), fresh.layer(Layer(.total), cellCount: 100))
            XCTAssertEqual(kept.populationByCountry, fresh.populationByCountry)
        }
        XCTAssertEqual(cache.sums.keys.sorted(), ["AAA", "BBB"])
    }

    func testUnionOfSuccessorsCoversBothAndConserves() {
        let (grid, coverages, proxies) = setup()
        let union = SparseCoverage.union(code: "SCG", of: [coverages["AAA"]!, coverages["BBB"]!])
        let areas = grid.geographicRowAreas()
        XCTAssertEqual(union.weightedSum(rowWeights: areas),
                       coverages["AAA"]!.weightedSum(rowWeights: areas) + coverages["BBB"]!.weightedSum(rowWeights: areas), accuracy: 1e-6)
        // Column 5 is shared (AAA to x = 5.25, BBB from there): 0.25 + 0.75 = one whole cell.
        XCTAssertEqual(union.fraction(row: 3, column: 5), 1, accuracy: 1e-12)
        XCTAssertEqual(coverages["AAA"]!.fraction(row: 3, column: 5), 0.25, accuracy: 1e-12)
        var all = coverages
        all["SCG"] = union
        let result = GriddingEngine.grid(GriddingEngine.items([Emission(iso3: "SCG", year: 2020, sector: "1.A.4", gas: "CO2", tonnesCO2e: 5e5)]),
                                         coverages: all, proxies: proxies, grid: grid)
        XCTAssertEqual(result.totals[0].gridded, 5e5, accuracy: 5e5 * 1e-12)
        XCTAssertEqual(result.layer(Layer(.total), cellCount: 100).reduce(0, +), 5e5, accuracy: 5e5 * 1e-12)
    }

    func testZeroProxyFallsBackAndIsRecorded() {
        let (grid, coverages, proxies) = setup()
        // BBB has no people and no plants: population falls to land area.
        let emissions = [Emission(iso3: "BBB", year: 2020, sector: "1.A.1", gas: "CO2", tonnesCO2e: 500)]
        let result = GriddingEngine.grid(GriddingEngine.items(emissions), coverages: coverages, proxies: proxies, grid: grid)
        XCTAssertEqual(result.fallbacks.map { "\($0.from.rawValue)→\($0.to?.rawValue ?? "none")" }, ["point_sources→population", "population→land_area"])
        XCTAssertEqual(result.fallbacks[0].reason, "proxy not available")
        XCTAssertEqual(result.fallbacks[1].reason, "proxy is zero inside the country")
        XCTAssertEqual(result.totals[0].gridded, 500, accuracy: 500 * 1e-12)
        // Land area: shares follow coverage × cell area, so a 3/4-covered column gets less.
        let layer = result.layer(Layer(.sector("1.A.1")), cellCount: 100)
        XCTAssertLessThan(layer[5 * 10 + 5], layer[5 * 10 + 6])
    }
}

final class WebMercatorTests: XCTestCase {
    func testPixelEdgesAndColourMapEnds() {
        XCTAssertEqual(WebMercator.latitude(ofPixelRow: 0, zoom: 0), 85.0511287798066, accuracy: 1e-10)
        XCTAssertEqual(WebMercator.latitude(ofPixelRow: 128, zoom: 0), 0, accuracy: 1e-12)
        XCTAssertEqual(WebMercator.latitude(ofPixelRow: 512, zoom: 1), -85.0511287798066, accuracy: 1e-10)
        XCTAssertEqual(WebMercator.longitude(ofPixelColumn: 256, zoom: 1), 0)
        XCTAssertTrue(ColorMap.cubehelix(0) == (0, 0, 0))
        XCTAssertTrue(ColorMap.cubehelix(1) == (255, 255, 255))
        // Brightness rises monotonically.
        var previous = -1.0
        for i in 0...100 {
            let (r, g, b) = ColorMap.cubehelix(Double(i) / 100)
            let luma = 0.3 * Double(r) + 0.59 * Double(g) + 0.11 * Double(b)
            XCTAssertGreaterThanOrEqual(luma, previous - 1.0)
            previous = luma
        }
    }

    func testRemapOntoMercatorRowsKeepsTheMassInsideTheSquareWorld() {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 2, originY: 90, pixelHeight: -2), width: 180, height: 90)
        var values = [Double](repeating: 0, count: grid.cellCount)
        for r in 10..<80 { for c in 0..<180 { values[r * 180 + c] = Double(r + c) } }  // 70°N to 70°S only
        let columns = (0...256).map { WebMercator.longitude(ofPixelColumn: Double($0), zoom: 0) }
        let rows = (0...256).map { WebMercator.latitude(ofPixelRow: Double($0), zoom: 0) }
        let out = ConservativeRemap.latLon(values, from: grid, columnEdges: columns, rowEdges: rows, wraps: true)
        XCTAssertEqual(out.reduce(0, +), values.reduce(0, +), accuracy: values.reduce(0, +) * 1e-12)
    }
}
