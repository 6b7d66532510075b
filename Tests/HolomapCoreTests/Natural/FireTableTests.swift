import XCTest
@testable import HolomapCore

/// The GFED4.1s regional text tables: units, blocks, the TEAS/CEAS name, the mean column, and
/// bad tables refused with one line naming the file, block and region.
final class FireTableTests: XCTestCase {
    /// A table in GFED4.1s's layout: 2 years, every region worth `base + k` units in the first
    /// year and twice that in the second, the mean equal to the first year.
    static func table(species: String = "CO2", unit: String = "1E13", base: Double = 1, drop: (block: String, region: String)? = nil, region11: String = "TEAS") -> String {
        var text = "# Global Fire Emissions Database version 4.1 (GFED4s)\n\n# \(species) emissions estimates in \(unit) g \(species) for the globe, different regions, and different fire types\n\n"
        let titles = [FireTable.allTypesTitle] + FireType.allCases.map(\.title)
        for (b, title) in titles.enumerated() {
            text += "\(title): \n\n"
            if b == 0 { text += "                 Year (Beta)  '97-'20  \nRegion   1997   2021 |    Mean \n" }
            var global = (0.0, 0.0)
            for (k, name) in FireTable.regions.enumerated() where !(drop?.block == title && drop?.region == name) {
                let v = b == 0 ? 6 * (base + Double(k)) : base + Double(k)
                global.0 += v; global.1 += 2 * v
                text += "\(name == "TEAS" ? region11 : name)   \(Int(v))   \(Int(2 * v)) |   \(Int(v)) \n"
            }
            text += "Global   \(Int(global.0))   \(Int(global.1)) |   \(Int(global.0)) \n\n\n"
        }
        return text
    }

    func testUnitsBlocksYearsAndTheMeanColumn() throws {
        let t = try FireTable.parse(Self.table(), file: "t.txt")
        XCTAssertEqual(t.species, "CO2")
        XCTAssertEqual(t.gramsPerUnit, 1e13)
        XCTAssertEqual(t.tonnesPerUnit, 1e7)   // 10 Mt CO2 per table unit
        XCTAssertEqual(t.years, [1997, 2021])
        XCTAssertEqual(t.meanYears, 1997...2020)
        XCTAssertEqual(t.tonnes(.peat, .year(2021))[12], 2 * 13 * 1e7)   // EQAS, code 13
        XCTAssertEqual(t.tonnes(nil, .year(1997))[0], 6e7)
        XCTAssertEqual(t.tonnes(.savanna, .mean(1997...2020))[1], 2e7)
        XCTAssertEqual(t.globalTonnes(.savanna, .year(1997)), (1...14).reduce(0.0) { $0 + Double($1) } * 1e7)
        // CH4 in 1E10 g: 0.01 kt per unit.
        XCTAssertEqual(try FireTable.parse(Self.table(species: "CH4", unit: "1E10"), file: "c.txt").tonnesPerUnit, 1e4)
    }

    func testRegion11IsTEASOrCEAS() throws {
        let a = try FireTable.parse(Self.table(), file: "a"), b = try FireTable.parse(Self.table(region11: "CEAS"), file: "b")
        XCTAssertEqual(a.values[.borealForest]!, b.values[.borealForest]!)
        XCTAssertEqual(FireTable.regions[10], "TEAS")
    }

    func testAMissingRegionIsOneLineNamingFileBlockAndRegion() {
        XCTAssertThrowsError(try FireTable.parse(Self.table(drop: ("Peat fires", "SEAS")), file: "GFED4.1s_CO2.txt")) { error in
            XCTAssertEqual("\(error)", "GFED4.1s_CO2.txt (block 'Peat fires'): region SEAS is missing")
        }
        XCTAssertThrowsError(try FireTable.parse(Self.table().replacingOccurrences(of: "AUST ", with: "OCEA "), file: "t")) { error in
            XCTAssertTrue("\(error)".contains("unknown region 'OCEA'"), "\(error)")
        }
        XCTAssertThrowsError(try FireTable.parse(Self.table().replacingOccurrences(of: "1E13 g", with: "lots g"), file: "t")) { error in
            XCTAssertTrue("\(error)".contains("not a number of grams"), "\(error)")
        }
    }

    func testAYearOutsideTheTableIsAnErrorNamingTheRangeUnlessAPolicyChooses() throws {
        let t = try FireTable.parse(Self.table(), file: "GFED4.1s_CO2.txt")
        XCTAssertThrowsError(try t.resolve(2023, policy: .error)) { error in
            XCTAssertEqual("\(error)", "fire year 2023 is outside 1997–2021, the years of GFED4.1s_CO2.txt (choose --fire-year-outside nearest or mean)")
        }
        XCTAssertEqual(try t.resolve(2023, policy: .nearest), .year(2021))
        XCTAssertEqual(try t.resolve(1990, policy: .nearest), .year(1997))
        XCTAssertEqual(try t.resolve(2023, policy: .mean), .mean(1997...2020))
        XCTAssertEqual(try t.resolve(2021, policy: .error), .year(2021))
    }
}
