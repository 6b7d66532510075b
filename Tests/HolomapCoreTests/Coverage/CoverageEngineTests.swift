import XCTest
import HolomapTestSupport
@testable import HolomapCore

/// Independent reference: clip the region's rings to each cell with Sutherland–Hodgman and sum
/// signed areas. Slow, but shares no code with the accumulation engine.
func referenceCoverage(_ region: Region, _ grid: Grid) -> [Double] {
    var out = Array(repeating: 0.0, count: grid.cellCount)
    let weights = region.ringWeights()
    for (k, ring) in region.rings.enumerated() {
        let uv = ring.points.map { Point(x: grid.column(ofX: $0.x), y: grid.row(ofY: $0.y)) }
        let area = Ring(points: uv, role: ring.role).signedArea
        let b = Bounds(uv)
        for row in max(0, Int(b.minY.rounded(.down)))..<min(grid.height, Int(b.maxY.rounded(.up))) {
            for col in max(0, Int(b.minX.rounded(.down)))..<min(grid.width, Int(b.maxX.rounded(.up))) {
                let clipped = clip(uv, Double(col), Double(row), Double(col + 1), Double(row + 1))
                let a = abs(Ring(points: clipped, role: .exterior).signedArea)
                _ = area
                out[row * grid.width + col] += weights[k] * a
            }
        }
    }
    return out
}

func clip(_ poly: [Point], _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
    var pts = poly
    let planes: [(Point) -> Double] = [{ $0.x - x0 }, { x1 - $0.x }, { $0.y - y0 }, { y1 - $0.y }]
    for inside in planes {
        guard !pts.isEmpty else { break }
        var next: [Point] = []
        var prev = pts[pts.count - 1]
        for p in pts {
            let dp = inside(p), dq = inside(prev)
            if dp >= 0 {
                if dq < 0 { let t = dq / (dq - dp); next.append(Point(x: prev.x + t * (p.x - prev.x), y: prev.y + t * (p.y - prev.y))) }
                next.append(p)
            } else if dq >= 0 {
                let t = dq / (dq - dp); next.append(Point(x: prev.x + t * (p.x - prev.x), y: prev.y + t * (p.y - prev.y)))
            }
            prev = p
        }
        pts = next
    }
    return pts
}

func dense(_ c: SparseCoverage) -> [Double] {
    var out = Array(repeating: 0.0, count: c.width * c.height)
    c.forEachCell { r, col, f in out[r * c.width + col] = f }
    return out
}

func planarGrid(width: Int, height: Int, cell: Double = 1, originX: Double = 0, originY: Double? = nil) -> Grid {
    Grid(crs: CRS(definition: "LOCAL", isGeographic: false),
         transform: GeoTransform(originX: originX, pixelWidth: cell, originY: originY ?? Double(height) * cell, pixelHeight: -cell),
         width: width, height: height)
}

func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, role: RingRole = .exterior, clockwise: Bool = false) -> Ring {
    let pts = [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
    return Ring(points: clockwise ? pts.reversed() : pts, role: role)
}

final class CoverageEngineTests: XCTestCase {
    func testAlignedSquareIsExactlyOne() {
        let grid = planarGrid(width: 10, height: 10)
        let c = CoverageEngine.coverage(of: Region(code: "AAA", rings: [square(2, 3, 6, 8)]), on: grid)
        XCTAssertEqual(c.cellCount, 20)
        XCTAssertTrue(c.spans.allSatisfy(\.isFull), "interior cells need no stored values")
        XCTAssertEqual(c.values.count, 0)
    }

    func testHalfCellOffsetsGiveFractions() {
        let grid = planarGrid(width: 4, height: 4)
        // y up: row = 4 - y. Square from (0.5, 0.5) to (2.5, 2.5).
        let d = dense(CoverageEngine.coverage(of: Region(code: "A", rings: [square(0.5, 0.5, 2.5, 2.5, clockwise: true)]), on: grid))
        // Bottom-left corner cell: row 3, column 0 → 0.25.
        XCTAssertEqual(d[3 * 4 + 0], 0.25, accuracy: 1e-15)
        XCTAssertEqual(d[3 * 4 + 1], 0.5, accuracy: 1e-15)
        XCTAssertEqual(d[2 * 4 + 1], 1.0, accuracy: 0)
        XCTAssertEqual(d[1 * 4 + 2], 0.25, accuracy: 1e-15)
        XCTAssertEqual(d.reduce(0, +), 4.0, accuracy: 1e-12)
    }

    func testRandomStarPolygonsMatchReferenceClipping() {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<40 {
            let grid = planarGrid(width: 23, height: 17, cell: 0.7, originX: -3.1, originY: 9.4)
            let cx = Double.random(in: 0...12, using: &rng), cy = Double.random(in: 0...8, using: &rng)
            let n = Int.random(in: 3...40, using: &rng)
            let pts = (0..<n).map { i -> Point in
                let angle = Double(i) / Double(n) * 2 * .pi
                let r = Double.random(in: 0.05...9, using: &rng)
                return Point(x: cx + r * cos(angle), y: cy + r * sin(angle))
            }
            let ring = Ring(points: trial % 2 == 0 ? pts : pts.reversed(), role: .exterior)
            let region = Region(code: "R", rings: [ring])
            let got = dense(CoverageEngine.coverage(of: region, on: grid))
            let want = referenceCoverage(region, grid)
            for i in got.indices {
                XCTAssertEqual(got[i], want[i], accuracy: 1e-12, "trial \(trial) cell \(i)")
            }
        }
    }

    func testHoleByRoleAndByEvenOdd() {
        let grid = planarGrid(width: 10, height: 10)
        let outer = square(1, 1, 9, 9), hole = square(3.5, 3.5, 6.5, 6.5)
        let byRole = Region(code: "ZAF", rings: [outer, Ring(points: hole.points, role: .interior)])
        // Even-odd: both rings drawn the same way round, as DCW-GMT stores them.
        let byEvenOdd = Region(code: "ZAF", rings: [Ring(points: outer.points, role: .evenOdd), Ring(points: hole.points, role: .evenOdd)])
        let a = dense(CoverageEngine.coverage(of: byRole, on: grid))
        let b = dense(CoverageEngine.coverage(of: byEvenOdd, on: grid))
        XCTAssertEqual(a.reduce(0, +), 64 - 9, accuracy: 1e-12)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a[5 * 10 + 5], 0, "the hole's middle is empty")
        XCTAssertEqual(a[3 * 10 + 3], 0.75, accuracy: 1e-15, "hole corner cell")
        // An island inside the hole (depth 2) counts again.
        let island = Ring(points: square(4.5, 4.5, 5.5, 5.5).points, role: .evenOdd)
        let withIsland = Region(code: "X", rings: byEvenOdd.rings + [island])
        XCTAssertEqual(dense(CoverageEngine.coverage(of: withIsland, on: grid)).reduce(0, +), 64 - 9 + 1, accuracy: 1e-12)
    }

    /// More than 16 rings inside one box take the batched nesting path; its answer must equal
    /// the plain point-in-ring count.
    func testBatchedNestingMatchesPlainCount() {
        var rings = [Ring(points: square(0, 0, 100, 100).points, role: .evenOdd)]
        for i in 0..<10 {
            for j in 0..<3 {
                let x = Double(i) * 9 + 3, y = Double(j) * 30 + 5
                rings.append(Ring(points: square(x, y, x + 6, y + 20).points, role: .evenOdd))        // lake
                if j == 1 { rings.append(Ring(points: square(x + 2, y + 5, x + 4, y + 8).points, role: .evenOdd)) }  // island
            }
        }
        rings.append(Ring(points: square(200, 200, 201, 201).points, role: .evenOdd))  // outside everything
        let region = Region(code: "LAK", rings: rings)
        let weights = region.ringWeights()
        for (k, ring) in rings.enumerated() {
            let probe = Region.probePoint(ring)!
            let depth = rings.indices.filter { $0 != k && rings[$0].contains(probe) }.count
            XCTAssertEqual(weights[k], depth % 2 == 0 ? 1 : -1, "ring \(k)")
        }
        XCTAssertEqual(weights.filter { $0 < 0 }.count, 30)
        let grid = planarGrid(width: 210, height: 210)
        let expected: Double = 10_000 - 3_600 + 60 + 1  // land − 30 lakes of 120 + 10 islands of 6 + 1
        XCTAssertEqual(dense(CoverageEngine.coverage(of: region, on: grid)).reduce(0, +), expected, accuracy: 1e-9)
    }

    func testRegionSmallerThanOneCell() {
        let grid = planarGrid(width: 3, height: 3, cell: 10)
        let c = CoverageEngine.coverage(of: Region(code: "VAT", rings: [square(12, 13, 12.3, 13.2)]), on: grid)
        XCTAssertEqual(c.cellCount, 1)
        XCTAssertEqual(c.values.first ?? 0, 0.06 / 100, accuracy: 1e-15)
    }

    func testRegionOutsideOrLargerThanGrid() {
        let grid = planarGrid(width: 5, height: 5)
        XCTAssertTrue(CoverageEngine.coverage(of: Region(code: "A", rings: [square(20, 20, 30, 30)]), on: grid).isEmpty)
        let all = CoverageEngine.coverage(of: Region(code: "A", rings: [square(-50, -50, 50, 50)]), on: grid)
        XCTAssertEqual(all.cellCount, 25)
        XCTAssertTrue(all.spans.allSatisfy(\.isFull))
    }

    func testAntimeridianCrossingRingWrapsAround() {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 1, originY: 90, pixelHeight: -1), width: 360, height: 180)
        // Written as GeoJSON often has it: 178 → −177 jumps across the antimeridian.
        let jumping = Ring(points: [Point(x: 178, y: -16), Point(x: -177, y: -16), Point(x: -177, y: -18), Point(x: 178, y: -18)], role: .exterior)
        // The same area in 0–360° form, as DCW-GMT stores Fiji.
        let unwrapped = Ring(points: [Point(x: 178, y: -16), Point(x: 183, y: -16), Point(x: 183, y: -18), Point(x: 178, y: -18)], role: .exterior)
        for ring in [jumping, unwrapped] {
            let d = dense(CoverageEngine.coverage(of: Region(code: "FJI", rings: [ring]), on: grid))
            XCTAssertEqual(d.reduce(0, +), 10, accuracy: 1e-12)
            XCTAssertEqual(d[106 * 360 + 358], 1)  // 178..179°E, 16..17°S
            XCTAssertEqual(d[106 * 360 + 2], 1)    // 178..177°W
            XCTAssertEqual(d[106 * 360 + 180], 0)
        }
    }

    func testRingCirclingThePoleIsClosedThroughIt() {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 10, originY: 90, pixelHeight: -10), width: 36, height: 18)
        // A ring around the south pole at −75°, given without the pole edges (as some Antarctica data is).
        let pts = stride(from: -180.0, to: 180.0, by: 30).map { Point(x: $0, y: -75) } + [Point(x: 179.999999, y: -75)]
        let c = CoverageEngine.coverage(of: Region(code: "ATA", rings: [Ring(points: pts, role: .exterior)]), on: grid)
        let d = dense(c)
        XCTAssertEqual(d.reduce(0, +), 36 * 1.5, accuracy: 1e-6)
        XCTAssertEqual(d[17 * 36 + 5], 1)
    }

    func testGeographicRowAreasSumToEllipsoidSurface() {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 1, originY: 90, pixelHeight: -1), width: 360, height: 180)
        let total = grid.geographicRowAreas().reduce(0, +) * 360
        XCTAssertEqual(total / 1e6, 510_065_621.7, accuracy: 510_065_621.7 * 1e-9)
        XCTAssertEqual(total, WGS84.surfaceArea, accuracy: WGS84.surfaceArea * 1e-12)
    }
}
