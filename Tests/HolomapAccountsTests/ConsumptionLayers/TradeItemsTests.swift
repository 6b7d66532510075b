import XCTest
import HolomapCore
@testable import HolomapAccounts

/// The trade items of a build and their notes, on a two-region table built here.
final class TradeItemsTests: XCTestCase {
    func testCountriesWithoutAnAccountAreCountriesNotBunkerRows() throws {
        // Regions AAA and BBB, one sector each; the inventory also has CCC (no region of the table)
        // and the bunker rows AIR and SEA, which belong to no country.
        let trade = TradeAccounts(regions: ["AAA", "BBB"], sectors: ["s"], D_imp: [3, 1], D_exp: [1, 3], D_cba: [12, 8], D_pba: [10, 10],
                                  exportShare: [0.1, 0.3], exportedEmissions: [1, 3])
        let production = [Emission(iso3: "AAA", year: 2021, sector: "1.A.2", gas: "CO2", tonnesCO2e: 10),
                          Emission(iso3: "BBB", year: 2021, sector: "1.A.2", gas: "CO2", tonnesCO2e: 10),
                          Emission(iso3: "CCC", year: 2021, sector: "1.A.2", gas: "CO2", tonnesCO2e: 5),
                          Emission(iso3: "AIR", year: 2021, sector: "M.1.A.3.a.i", gas: "CO2", tonnesCO2e: 7),
                          Emission(iso3: "SEA", year: 2021, sector: "M.1.A.3.d.i", gas: "CO2", tonnesCO2e: 9)]
        let out = try TradeItems.items(trade, tonnes: 1, sectorMap: ["s": "1.A.2"], year: 2021, production: production, countries: nil,
                                       covered: ["AAA", "BBB", "CCC"], knownCountries: ["AAA", "BBB", "CCC"])
        XCTAssertEqual(out.notes.map { "\($0.iso3) \($0.status.rawValue)" }, ["AAA gridded", "BBB gridded", "CCC no_account"])
        XCTAssertEqual(out.notes.map(\.netTrade), [2, -2, nil])
        // Exports spread like the country's 1.A.2 CO2, positive and negated; imports by the consumer weight.
        let aaa = out.items.filter { $0.iso3 == "AAA" }.map(\.value)
        XCTAssertEqual(aaa, [3, 1, -1])
    }
}
