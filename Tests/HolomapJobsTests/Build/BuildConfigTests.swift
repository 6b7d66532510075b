import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapJobs

/// The YAML config: enums for fixed values, and every unknown key or value is one error naming
/// the file and the key.
final class BuildConfigTests: XCTestCase {
    let valid = """
    year: 2021
    grid: global-1
    inventory: {path: inventory.csv, format: generic}
    gwp: {table: gwp.csv, set: AR5GWP100}
    proxies: {population: pop.tif}
    sectors:
      "1.A.1": [point_sources, population]
    formats: [cog, tiles]
    consumption: {path: owid.csv, source: owid}
    """

    func load(_ text: String) throws -> BuildConfig {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("config.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try BuildConfig.load(path)
    }

    /// The error line of a config that must be refused.
    func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try load(text)
            XCTFail("accepted:\n\(text)", file: file, line: line)
            return ""
        } catch {
            let message = "\(error)"
            XCTAssertTrue(message.contains("config.yaml"), "names the file: \(message)", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
            return message
        }
    }

    func testValidConfigDecodesToTypedValuesAndResolvesPaths() throws {
        let config = try load(valid)
        XCTAssertEqual(config.years, [2021])
        XCTAssertEqual(config.formats, [.cog, .tiles])
        XCTAssertEqual(config.inventory.format, .generic)
        XCTAssertEqual(config.gwp.set, .ar5)
        XCTAssertEqual(config.sectors["1.A.1"], [.pointSources, .population])
        XCTAssertEqual(config.consumption?.source, .owid)
        XCTAssertEqual(config.consumption?.weight, .population, "default weight")
        XCTAssertEqual(config.boundaries, "dcw", "default boundaries")
        XCTAssertTrue(config.inventory.path.hasPrefix(config.folder + "/"), config.inventory.path)
        XCTAssertEqual(config.relative(config.inventory.path), "inventory.csv")
        XCTAssertEqual(config.relative("/usr/share/gmt-dcw/dcw-gmt.nc"), "/usr/share/gmt-dcw/dcw-gmt.nc", "outside the folder: absolute")
    }

    func testTheDefaultBundleConfigLoads() throws {
        let config = try BuildConfig.load(try BuildConfig.defaultPath())
        XCTAssertEqual(config.formats, [.cog, .netcdf, .tiles])
        XCTAssertEqual(config.inventory.format, .edgar7)
        // The natural inputs: the reference data beside the repository, resolved against the
        // bundle's folder (not the working directory), skipped when absent.
        let natural = try XCTUnwrap(config.natural)
        XCTAssertEqual(natural.data, TestSupport.sharedData.standardizedFileURL.path)
        XCTAssertEqual(natural.paths.budget, TestSupport.sharedData.standardizedFileURL.path + "/gcb2023-gridded-land-fluxes/Global_Carbon_Budget_2023v1.1.xlsx")
        XCTAssertEqual(natural.ifMissing, .skip)
        XCTAssertEqual(natural.fireYear, .nearest)
    }

    func testTheNaturalSectionNamesItsKeysAndValues() {
        for (text, expected) in [
            ("natural: {data: d, fire_years: nearest}", "(key natural.fire_years): unknown key 'fire_years' (known in natural: data, land_sink, land_use_change, fire_tables, fire_regions, land_cover, land_fraction, budget, fire_year, if_missing)"),
            ("natural: {data: d, fire_year: latest}", "(key natural.fire_year): unknown value 'latest' (known: error, nearest, mean)"),
            ("natural: {data: d, if_missing: ignore}", "(key natural.if_missing): unknown value 'ignore' (known: error, skip)"),
            ("natural: {land_sink: s.nc}", "(key natural.land_use_change): missing key (give natural.data"),
        ] {
            let message = refusal(valid + "\n" + text)
            XCTAssertTrue(message.contains(expected), message)
            XCTAssertFalse(message.contains("\n"))
        }
    }

    func testUnknownKeysAreNamedWithTheirSection() {
        XCTAssertTrue(refusal(valid + "\nformatz: [cog]").contains("(key formatz): unknown key 'formatz'"))
        let nested = refusal(valid.replacingOccurrences(of: "proxies: {population: pop.tif}", with: "proxies: {populaton: pop.tif}"))
        XCTAssertTrue(nested.contains("(key proxies.populaton): unknown key 'populaton' (known in proxies: population, power_plants, fuel_factors, power_generation, population_year, land_cover, income, populated_places, shipping_lanes, airports, bunker_split, ports)"), nested)
    }

    func testAKeyGivenTwiceIsRefused() {
        let top = refusal(valid + "\ngrid: global-0.5")
        XCTAssertTrue(top.contains("(key grid): key 'grid' given twice"), top)
        let nested = refusal(valid.replacingOccurrences(of: "proxies: {population: pop.tif}", with: "proxies: {population: pop.tif, population: other.tif}"))
        XCTAssertTrue(nested.contains("(key proxies.population): key 'population' given twice"), nested)
    }

    func testUnknownValuesListTheKnownOnes() {
        let format = refusal(valid.replacingOccurrences(of: "formats: [cog, tiles]", with: "formats: [cog, geotiff]"))
        XCTAssertTrue(format.contains("(key formats.[1]): unknown value 'geotiff' (known: cog, netcdf, tiles)"), format)
        let proxy = refusal(valid.replacingOccurrences(of: "[point_sources, population]", with: "[point_source]"))
        XCTAssertTrue(proxy.contains("unknown value 'point_source' (known: point_sources, population, income, land_area, cropland, grassland, urban, airports, ports)"), proxy)
        let gwp = refusal(valid.replacingOccurrences(of: "AR5GWP100", with: "AR5"))
        XCTAssertTrue(gwp.contains("(key gwp.set): unknown value 'AR5'"), gwp)
        let inventory = refusal(valid.replacingOccurrences(of: "format: generic", with: "format: edgar8"))
        XCTAssertTrue(inventory.contains("unknown value 'edgar8' (known: generic, owid, edgar, edgar7, crf, cait)"), inventory)
        let weight = refusal(valid.replacingOccurrences(of: "source: owid}", with: "source: owid, weight: gdp}"))
        XCTAssertTrue(weight.contains("(key consumption.weight): unknown value 'gdp' (known: population, income)"), weight)
        let sector = refusal(valid.replacingOccurrences(of: "\"1.A.1\":", with: "\"1.A.9\":"))
        XCTAssertTrue(sector.contains("(key sectors.1.A.9): unknown IPCC sector '1.A.9'"), sector)
    }

    func testMissingKeysWrongTypesAndYears() {
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "grid: global-1\n", with: "")).contains("(key grid): missing key"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "year: 2021", with: "year: twenty")).contains("(key year): expected a whole number"))
        XCTAssertTrue(refusal(valid + "\nyears: [2020, 2021]").contains("give year or years, not both"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "year: 2021", with: "years: [2021, 2021]")).contains("without repeats"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "year: 2021", with: "year: 21")).contains("21 is not a year"))
        XCTAssertTrue(refusal("year: 2021\n  bad: [").contains("not YAML"))
    }

    func testSplitIsATableForSplitSectorOrATableForEachSector() throws {
        let one = try load(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split: s.csv}"))
        XCTAssertEqual(one.inventory.splits.map(\.sector), ["5"])
        XCTAssertTrue(one.inventory.splits[0].table.hasSuffix("/s.csv"), one.inventory.splits[0].table)
        let named = try load(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split_sector: \"1.A\", split: s.csv}"))
        XCTAssertEqual(named.inventory.splits.map(\.sector), ["1.A"])
        // A mapping: applied in sector-code order.
        let two = try load(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split: {\"5\": a.csv, \"1.A.3\": b.csv}}"))
        XCTAssertEqual(two.inventory.splits.map(\.sector), ["1.A.3", "5"])
        XCTAssertEqual(two.inventory.splits.map { URL(fileURLWithPath: $0.table).lastPathComponent }, ["b.csv", "a.csv"])
        XCTAssertTrue(try load(valid).inventory.splits.isEmpty)
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split: {\"9.Z\": a.csv}}"))
            .contains("(key inventory.split.9.Z): unknown IPCC sector '9.Z'"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split_sector: \"5\", split: {\"5\": a.csv}}"))
            .contains("give the sectors as keys of split"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split_sector: \"5\"}"))
            .contains("split_sector needs split"))
        XCTAssertTrue(refusal(valid.replacingOccurrences(of: "format: generic}", with: "format: generic, split: {\"M.BUNKERS\": a.csv}}"))
            .contains("unknown IPCC sector 'M.BUNKERS'"))
    }
}
