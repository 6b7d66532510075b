import XCTest
import HolomapTestSupport
@testable import HolomapCore

/// Land sink and land-use change on tiny grids: units, signs, the land fraction, nesting.
final class LandFluxTests: XCTestCase {
    func grid(_ cell: Double, west: Double = 0, north: Double = 2, width: Int, height: Int) -> Grid {
        Grid(crs: .wgs84, transform: GeoTransform(originX: west, pixelWidth: cell, originY: north, pixelHeight: -cell), width: width, height: height)
    }

    func testUnitsAreReadFromTheirSpellings() {
        XCTAssertEqual(FluxUnits.perSecondFactor("Kg/m2/s"), 1)
        XCTAssertEqual(FluxUnits.perSecondFactor("kg C m-2 s-1"), 1)
        XCTAssertEqual(FluxUnits.perSecondFactor("kg/m2/yr"), 1 / FluxUnits.secondsPerYear)
        XCTAssertEqual(FluxUnits.perSecondFactor("kgC m-2 yr-1"), 1 / FluxUnits.secondsPerYear)
        XCTAssertNil(FluxUnits.perSecondFactor("g/m2/day"))
        XCTAssertNil(FluxUnits.perSecondFactor("mol m-2 s-1"))
        XCTAssertNil(FluxUnits.perSecondFactor(""))
    }

    func testLandSinkIsMinusUptakeTimesLandFractionAndAreaInTonnesCO2() throws {
        // One 2° S_LAND cell of 1e-9 kg C m⁻² s⁻¹ per m² of land; its four 1° children are land
        // for 1, 0.5, 0 and 0.25 of their area.
        let coarse = grid(2, width: 1, height: 1), fine = grid(1, width: 2, height: 2)
        let flux = FluxGrid(grid: coarse, values: [1e-9], units: "kg m-2 s-1", source: "s")
        let fraction = [1, 0.5, 0, 0.25]
        let sink = try LandFluxes.landSink(flux, landFraction: fraction, grid: fine, fractionSource: "lf")
        let areas = fine.geographicRowAreas()
        let perM2 = 1e-9 * FluxUnits.secondsPerYear * 44 / 12 / 1000   // t CO2 per m² of land per year
        XCTAssertEqual(sink.values[0], -perM2 * areas[0], accuracy: 1e-9 * perM2 * areas[0])
        XCTAssertEqual(sink.values[1], -perM2 * areas[0] / 2, accuracy: 1e-9 * perM2 * areas[0])
        XCTAssertEqual(sink.values[2], 0)
        XCTAssertEqual(sink.values[3], -perM2 * areas[1] / 4, accuracy: 1e-9 * perM2 * areas[1])
        // Forgetting the land fraction would be −perM2 × the whole 2° cell: 1.75/4 of it here
        // is ~2.3 times too much (the world: 4.30 instead of 3.35 PgC/yr).
        let whole = perM2 * coarse.geographicRowAreas()[0]
        XCTAssertLessThan(abs(sink.total), 0.5 * whole)
    }

    func testALandFractionGridThatDoesNotNestIsRefused() {
        let flux = FluxGrid(grid: grid(2, width: 2, height: 1), values: [1e-9, 1e-9], units: "kg m-2 s-1", source: "sland.nc:SLAND")
        let odd = grid(1.5, width: 2, height: 1)
        XCTAssertThrowsError(try LandFluxes.landSink(flux, landFraction: [1, 1], grid: odd, fractionSource: "lf.tif")) { error in
            XCTAssertTrue("\(error)".hasPrefix("lf.tif: invalid grid: its column 1 straddles two cells of sland.nc:SLAND"), "\(error)")
        }
    }

    func testLandUseChangeIsPerCellAreaAndASource() {
        let g = grid(1, width: 2, height: 1)
        let perYear = 0.1 / FluxUnits.secondsPerYear   // 0.1 kg C m⁻² yr⁻¹, in kg C m⁻² s⁻¹
        let luc = LandFluxes.landUseChange(FluxGrid(grid: g, values: [perYear, .nan], units: "kg/m2/yr", source: "e"))
        XCTAssertEqual(luc.values[0], 0.1 * 44 / 12 / 1000 * g.geographicRowAreas()[0], accuracy: 1e-6)
        XCTAssertEqual(luc.values[1], 0)
    }

    func testRegularGridsFromCoordinatesFlipAscendingLatitudes() throws {
        let g = try FluxUnits.regularGrid(latitudes: [-89.75, -89.25, -88.75], longitudes: [-179.75, -179.25], source: "f")
        XCTAssertEqual(g.transform.originX, -180); XCTAssertEqual(g.transform.originY, -88.5)
        XCTAssertEqual(g.transform.pixelHeight, -0.5)
        XCTAssertThrowsError(try FluxUnits.regularGrid(latitudes: [0, 1, 3], longitudes: [0, 1], source: "f.nc (lat, lon)")) { error in
            XCTAssertEqual("\(error)", "f.nc (lat, lon): invalid grid: latitude is not evenly spaced at index 1")
        }
    }

    /// Any field remapped onto the 1°, 0.25°, 0.1° and 0.01° presets keeps its global integral
    /// to 1e-9, summed band by band as the natural accounts sum it.
    func testRemappingOntoThePresetsConservesTheIntegral() {
        let source = grid(0.5, west: -180, north: 90, width: 720, height: 360)
        var rng = SplitMix64(seed: 12)
        let values = (0..<source.cellCount).map { _ in Double.random(in: -5...10, using: &rng) }
        let field = CellAmounts(grid: source, values: values)
        for cell in [1.0, 0.25, 0.1, 0.01] {
            let target = grid(cell, west: -180, north: 90, width: Int((360 / cell).rounded()), height: Int((180 / cell).rounded()))
            let sums = NationalSums.sums(LatLonRemapField(values, from: source, to: target), height: target.height, coverages: [])
            XCTAssertEqual(sums.total, field.total, accuracy: abs(field.total) * 1e-9, "\(cell)°")
        }
    }
}
