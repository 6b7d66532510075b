import Foundation
import XCTest
@testable import HolomapAccounts
@testable import HolomapCore
@testable import HolomapJobs

/// The manifest checks of the accounting: they pass when the books balance and fail, with the
/// amount, when they do not (constructed cases; the builds' own are in the CLI tests).
final class BuildChecksTests: XCTestCase {
    let gwp = GWPSet(name: "AR5GWP100", values: ["CH4": 28, "N2O": 265])

    func testInventoryAccountedCountsSkippedRowsAndFailsWhenAmountsGoMissing() throws {
        let records = [
            EmissionRecord(iso3: "FRA", year: 2021, sector: "1.A.1", gas: "CO2", value: 2, unit: "Mt", origin: "a:2"),
            EmissionRecord(iso3: "FRA", year: 2021, sector: "3.A", gas: "CH4", value: 10, unit: "kt", origin: "a:3"),
            EmissionRecord(iso3: "XXX", year: 2021, sector: "1.A.1", gas: "CO2", value: 5, unit: "kt", origin: "a:4"),
            EmissionRecord(iso3: "FRA", year: 2021, sector: "1.A.2", gas: "CO2", value: .nan, unit: "kt", origin: "a:5"),
        ]
        var validator = InventoryValidator(knownCountries: ["FRA"], gwp: gwp, skipInvalid: true)
        let kept = try validator.convert(records, file: "a")
        XCTAssertEqual(kept.count, 2)
        // Skipped: XXX with its 5,000 t; the NaN row without an amount.
        XCTAssertEqual(validator.skipped.amounts, [SkipReport.Amount(iso3: "XXX", year: 2021, tonnesCO2e: 5000)])
        // 2 Mt CO2 + 10 kt CH4 × 28 = 2,280,000 t gridded; 5,000 t skipped: accounted.
        let totals = [TotalRow(iso3: "FRA", quantity: .production(sector: "1.A.1", gas: "CO2"), input: 2e6, gridded: 2e6),
                      TotalRow(iso3: "FRA", quantity: .production(sector: "3.A", gas: "CH4"), input: 280_000, gridded: 280_000)]
        let ok = BuildChecks.inventoryAccounted(year: 2021, records: records, countries: nil, gwp: gwp, basis: validator.basis, sourceGWP: nil, totals: totals, unallocated: [], skipped: validator.skipped)
        XCTAssertTrue(ok.ok, ok.detail); XCTAssertEqual(ok.value, 0)
        XCTAssertTrue(ok.detail.contains("1 skipped rows had no amount"), ok.detail)
        // A row lost without a word (its tonnes neither gridded, unallocated nor skipped) fails.
        let lost = BuildChecks.inventoryAccounted(year: 2021, records: records, countries: nil, gwp: gwp, basis: validator.basis, sourceGWP: nil, totals: [totals[0]], unallocated: [],
                                                  skipped: validator.skipped)
        XCTAssertFalse(lost.ok)
        XCTAssertEqual(try XCTUnwrap(lost.value), 280_000 / 2_285_000, accuracy: 1e-12)
        XCTAssertTrue(lost.detail.contains("-280000.0 t CO2e unaccounted for"), lost.detail)
        // Unallocated amounts (bunkers) count; --countries leaves other countries' rows out.
        let memo = BuildChecks.inventoryAccounted(year: 2021, records: records, countries: ["FRA"], gwp: gwp, basis: validator.basis, sourceGWP: nil, totals: [totals[0]],
                                                  unallocated: [Unallocated(iso3: "FRA", quantity: .production(sector: "3.A", gas: "CH4"), value: 280_000, reason: "x")],
                                                  skipped: validator.skipped)
        XCTAssertTrue(memo.ok, memo.detail)
    }

    func testInventoryAccountedCountsCO2eInAnotherSetAsTheGriddingConvertsIt() throws {
        // CAIT-like: 10 Mt CO2e of CH4 in AR4 (GWP 25) under an AR5 run (28): gridded 11.2 Mt.
        let ar4 = GWPSet(name: "AR4GWP100", values: ["CH4": 25, "N2O": 298])
        let records = [EmissionRecord(iso3: "FRA", year: 2018, sector: "3.A", gas: "CH4", value: 10, unit: "MtCO2e", origin: "c:2")]
        var validator = InventoryValidator(knownCountries: ["FRA"], gwp: gwp, skipInvalid: false, basis: .co2e("AR4GWP100"), sourceGWP: ar4)
        let kept = try validator.convert(records, file: "c")
        XCTAssertEqual(kept[0].tonnesCO2e, 11.2e6, accuracy: 1e-6)
        let totals = [TotalRow(iso3: "FRA", quantity: .production(sector: "3.A", gas: "CH4"), input: 11.2e6, gridded: 11.2e6)]
        let check = BuildChecks.inventoryAccounted(year: 2018, records: records, countries: nil, gwp: gwp, basis: validator.basis,
                                                   sourceGWP: validator.sourceGWP, totals: totals, unallocated: [], skipped: validator.skipped)
        XCTAssertTrue(check.ok, check.detail)
        XCTAssertEqual(try XCTUnwrap(check.value), 0, accuracy: 1e-15)
    }

    func testTradeIdentityFailsWhenNetTradeIsNotConsumptionMinusTerritorial() {
        let notes = [
            TradeItems.Note(year: 2009, iso3: "DEU", status: .gridded, imports: 300, exports: 200, consumption: 900, territorial: 800, exportFallbacks: []),
            TradeItems.Note(year: 2009, iso3: "CHN", status: .gridded, imports: 100, exports: 600, consumption: 1500, territorial: 2000, exportFallbacks: []),
            TradeItems.Note(year: 2009, iso3: "GBR", status: .noAccount, imports: nil, exports: nil, consumption: nil, territorial: nil, exportFallbacks: []),
        ]
        let good = BuildChecks.tradeIdentity(year: 2009, notes: notes, netTradeGridded: ["DEU": 100, "CHN": -500])
        XCTAssertTrue(good.ok, good.detail); XCTAssertEqual(good.value, 0)
        XCTAssertTrue(good.detail.contains("for 2 countries"), good.detail)
        // CHN's layer holds 1 t too little: 1 / 700 (the amounts gridded, D_imp + D_exp).
        let bad = BuildChecks.tradeIdentity(year: 2009, notes: notes, netTradeGridded: ["DEU": 100, "CHN": -501])
        XCTAssertFalse(bad.ok)
        XCTAssertEqual(bad.value ?? 0, 1.0 / 700, accuracy: 1e-15)
        XCTAssertTrue(bad.detail.contains("worst CHN"), bad.detail)
    }
}
