import XCTest
@testable import HolomapCore

/// Populated places as urban land inside a population cell (`Settlements`, `Dasymetric`): the
/// people of the cell stay its people, and a place's cell gets 1 + 19 u of the land weight.
final class SettlementsTests: XCTestCase {
    func testAPlaceMakesItsCellUrbanInProportionToItsPeopleAndTheCellKeepsItsCount() throws {
        // One 1° population cell (0–1°E, 0–1°N) of 1,000 people over a 0.5° target grid, all AAA.
        let source = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 1, pixelHeight: -1), width: 1, height: 1)
        let target = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 0.5, originY: 1, pixelHeight: -0.5), width: 2, height: 2)
        var aaa = SparseCoverage(code: "AAA", width: 2, height: 2)
        for row in 0..<2 { aaa.append(row: row, start: 0, count: 2, fraction: nil) }
        let rowAreas = target.geographicRowAreas()
        // A town of 300,000 in the north-west cell covers 200 km² at 1,500 per km²; a village of
        // 30 in the south-east one 0.02 km²; a city of 10 M would cover more than a cell (capped).
        let places = [Settlements.Place(name: "town", longitude: 0.2, latitude: 0.8, people: 300_000),
                      Settlements.Place(name: "village", longitude: 0.7, latitude: 0.1, people: 30),
                      Settlements.Place(name: "ghost", longitude: 0.7, latitude: 0.1, people: 0),
                      Settlements.Place(name: "away", longitude: 5, latitude: 5, people: 1e6)]
        let areas = Settlements.areas(places, on: target)
        XCTAssertEqual(areas.map(\.cell), [0, 3])
        XCTAssertEqual(areas[0].area, 200e6, accuracy: 1e-6)
        XCTAssertEqual(areas[1].area, 0.02e6, accuracy: 1e-9)
        let urban = UrbanWithPlaces(base: nil, places: areas, cellAreas: .perRow(rowAreas), width: 2)
        let result = Dasymetric.field([1000], source: source, target: target, coverages: [aaa], cellAreas: .perRow(rowAreas), urban: urban)
        var field = [Double](repeating: 0, count: 4)
        field.withUnsafeMutableBufferPointer { result.field.fill(rows: 0..<2, into: $0) }
        // Each cell's weight: area × (1 + 19 u), u = urban area / cell area.
        let cellArea = [rowAreas[0], rowAreas[0], rowAreas[1], rowAreas[1]]
        let u = [200e6 / rowAreas[0], 0, 0, 0.02e6 / rowAreas[1]]
        let weights = (0..<4).map { cellArea[$0] * (1 + 19 * u[$0]) }
        let total = weights.reduce(0, +)
        for t in 0..<4 { XCTAssertEqual(field[t], 1000 * weights[t] / total, accuracy: 1e-9, "cell \(t)") }
        XCTAssertEqual(field.reduce(0, +), 1000, accuracy: 1e-9)
        XCTAssertGreaterThan(field[0], 2 * field[1], "the town's cell holds more than twice a rural one")

        // A land-cover urban area larger than the place's is kept; a city larger than its cell is capped.
        let base = DenseField([Float(500e6), 0, 0, 0], width: 2)
        let raised = UrbanWithPlaces(base: base, places: [(0, 100e6), (1, 1e12)], cellAreas: .perRow(rowAreas), width: 2)
        var out = [Double](repeating: -1, count: 4)
        out.withUnsafeMutableBufferPointer { raised.fill(rows: 0..<2, into: $0) }
        XCTAssertEqual(out[0], 500e6, accuracy: 1)
        XCTAssertEqual(out[1], rowAreas[0], accuracy: 1e-6)
        XCTAssertEqual(Array(out[2...]), [0, 0])
    }

    func testBadPlaceRowsNameTheLine() {
        let file = "places.csv"
        XCTAssertThrowsError(try Settlements.parse("name,iso3,pop_min,lon,lat\nA,AAA,10,200,1\n", file: file)) {
            XCTAssertEqual("\($0)", "places.csv (line 2): lon/lat is not a number or out of range")
        }
        XCTAssertThrowsError(try Settlements.parse("name,iso3,pop_min,lon,lat\nA,AAA,many,2,1\n", file: file)) {
            XCTAssertEqual("\($0)", "places.csv (line 2, column pop_min): 'many' is not a number")
        }
        XCTAssertEqual(try Settlements.parse("name,iso3,pop_min,lon,lat\nA,AAA,10,2,1\n", file: file),
                       [Settlements.Place(name: "A", longitude: 2, latitude: 1, people: 10)])
    }
}
