import XCTest
import HolomapCore
import HolomapBridge
@testable import HolomapAccounts

/// Route (a)'s satellite: bunker fuel out of the residence-based shares, households' direct
/// emissions in final demand. Expected values worked by hand from the formulas of
/// docs/consumption.md; the WIOD 2009 figures are checked against scripts/reference_wiod_adjustments.py.
final class NationalSatelliteTests: XCTestCase {
    func testBunkersAreTakenOutOfWaterAndAirTransport() throws {
        // Denmark 2009 (kt): JRC H50 37,522 (47 % of its 79,712), EDGAR domestic navigation 560.3.
        let accounts = ["DNK": ["H50": 37_522.364, "H51": 2_376.123, "D35": 21_068.729],
                        "USA": ["H50": 52_622.3, "H51": 150_683.6],
                        "RoW": ["H50": 100, "H51": 50]]
        let domestic = ["DNK": ResidenceCorrection.Domestic(navigation: 560.294, aviation: 104.5439),
                        "USA": ResidenceCorrection.Domestic(navigation: 13_406.487, aviation: 143_789.117),
                        "BRA": ResidenceCorrection.Domestic(navigation: 30, aviation: 10), "CHL": ResidenceCorrection.Domestic(navigation: 40, aviation: 80)]
        let (out, removed) = try ResidenceCorrection.capBunkers(accounts, domestic: domestic, source: "edgar.csv")
        XCTAssertEqual(out["DNK"]!["H50"], 560.294)
        XCTAssertEqual(out["DNK"]!["H51"], 104.5439)
        XCTAssertEqual(out["DNK"]!["D35"], 21_068.729, "other sectors untouched")
        XCTAssertEqual(removed["DNK"]!, 37_522.364 - 560.294 + 2_376.123 - 104.5439, accuracy: 1e-9)
        // RoW: the inventory's countries that are not account regions (BRA + CHL); the cap never raises a weight.
        XCTAssertEqual(out["RoW"]!["H50"], 70); XCTAssertEqual(out["RoW"]!["H51"], 50)
        XCTAssertThrowsError(try ResidenceCorrection.capBunkers(["AUS": ["H50": 1]], domestic: domestic, source: "edgar.csv")) {
            XCTAssertTrue("\($0)".contains("edgar.csv: no domestic aviation and navigation for AUS"), "\($0)")
        }
    }

    /// Two regions × two sectors, two final-demand columns each.
    func system() -> MRIOSystem {
        let Z = Matrix(rows: 4, columns: 4, values: [10, 5, 2, 1, 4, 8, 1, 2, 3, 1, 9, 4, 2, 2, 3, 7])
        let Y = Matrix(rows: 4, columns: 4, values: [20, 1, 5, 0, 10, 2, 3, 1, 4, 0, 25, 2, 3, 1, 12, 3])
        return MRIOSystem(regions: ["AAA", "BBB"], sectors: ["s1", "s2"], Z: Z, Y: Y, finalDemandRegions: ["AAA", "AAA", "BBB", "BBB"],
                          stressors: [], F: Matrix(rows: 0, columns: 4), FY: nil)
    }

    func testHouseholdsDirectEmissionsGoToFinalDemandNotTheIndustries() throws {
        // AAA: total 100, industries' account 60 + 20 = 80 → households 20 in F_Y, industries 80.
        // BBB: industries' account 90 exceeds the total 50 → no households' share, industries 50.
        let (s, fallbacks, households) = try NationalSatellite.allocate(system(), stressor: ("CO2", "air"), totals: ["AAA": 100, "BBB": 50],
                                                                      weights: ["AAA": ["s1": 60, "s2": 20], "BBB": ["s1": 30, "s2": 60]])
        XCTAssertEqual(fallbacks, [])
        XCTAssertEqual(households, ["AAA": 20, "BBB": 0])
        XCTAssertEqual(s.F.values, [60, 20, 50.0 / 3, 100.0 / 3])
        XCTAssertEqual(s.FY!.values, [20, 0, 0, 0], "households' column of AAA (its first)")
        let accounts = try RegionalAccounts.compute(s, solver: LAPACKSolver())
        XCTAssertEqual(accounts.D_pba[0, 0], 100, accuracy: 1e-12, "territorial totals conserved")
        XCTAssertEqual(accounts.D_pba[0, 1], 50, accuracy: 1e-12)
        // D_cba = Σ industries' footprint + F_Y: households' 20 are consumed at home, never exported.
        XCTAssertEqual(accounts.D_cba[0, 0] + accounts.D_cba[0, 1], 150, accuracy: 1e-9)
        XCTAssertGreaterThanOrEqual(accounts.D_cba[0, 0], 20)
        // Without weights: gross output, nothing in F_Y, reported.
        let plain = try NationalSatellite.allocate(system(), stressor: ("CO2", "air"), totals: ["AAA": 100, "BBB": 50], weights: [:])
        XCTAssertEqual(plain.system.FY!.values, [0, 0, 0, 0]); XCTAssertEqual(plain.fallbacks.count, 2)
    }
}
