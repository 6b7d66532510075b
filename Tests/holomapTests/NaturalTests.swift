import Foundation
import XCTest
import HolomapTestSupport

/// `holomap natural` on the reference data (../shared/data) against scripts/reference_natural.py,
/// an independent numpy implementation; the sources' own published totals; bad inputs.
final class NaturalTests: XCTestCase {
    static let countries = ["BRA", "CHN", "IDN", "JPN", "RUS", "USA"]

    func data() throws -> String {
        for folder in ["gcb2023-gridded-land-fluxes", "gfed4.1s-regional-fire-emissions", "gfed4-basis-regions-0.25deg",
                       "modis-mcd12c1-landcover-2019-0.05deg", "globe-land-mask"] { _ = try TestSupport.sharedFile(folder) }
        return TestSupport.sharedData.path
    }

    /// Rows of a natural CSV: iso3 → component → (value, unit).
    static func read(_ path: String) throws -> [String: [String: (Double, String)]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "iso3,year,component,value,unit")
        var out: [String: [String: (Double, String)]] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 5, line)
            out[f[0], default: [:]][f[2]] = (Double(f[3])!, f[4])
        }
        return out
    }

    func natural(_ args: [String]) throws -> TestSupport.Output {
        try TestSupport.run(try TestSupport.holomap(), ["natural"] + args)
    }

    func testWorldAndNationalAccountsMatchTheIndependentReference() throws {
        let data = try data()
        let python = try TestSupport.python(requiring: "openpyxl")
        _ = try TestSupport.python(requiring: "netCDF4")
        let folder = try TestSupport.temporaryFolder()
        let csv = folder.appendingPathComponent("natural.csv").path, cells = folder.appendingPathComponent("cells.csv").path
        let codes = Self.countries.joined(separator: ",")
        let run = try natural(["--year", "2021", "--grid", "global-0.25", "--countries", codes, "--data", data, "--out", csv])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("2013–2022"), run.stderr)
        let cov = try TestSupport.run(try TestSupport.holomap(), ["coverage", "--grid", "global-0.25", "--country", codes, "--cells", cells, "--quiet"])
        XCTAssertEqual(cov.status, 0, cov.stderr)
        let reference = try TestSupport.run(python, [TestSupport.repoRoot.appendingPathComponent("scripts/reference_natural.py").path, data, "2021",
                                                     TestSupport.repoRoot.appendingPathComponent("grids/global-0.25.json").path, cells])
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: [String: Double]], reference.stderr)
        let got = try Self.read(csv)
        XCTAssertEqual(Set(got.keys), Set(Self.countries + ["WORLD"]))
        for (iso3, components) in expected {
            for (component, want) in components {
                let value = try XCTUnwrap(got[iso3]?[component], "\(iso3) \(component)").0
                // The CSV has 12 significant digits; the sums differ only in their order.
                XCTAssertEqual(value, want, accuracy: max(abs(want) * 1e-9, 1e-9), "\(iso3) \(component)")
            }
        }
        let world = got["WORLD"]!
        XCTAssertEqual(Set(world.keys).subtracting(got["CHN"]!.keys), ["ocean_sink"])
        XCTAssertEqual(world["land_sink"]!.1, "Mt CO2/yr"); XCTAssertEqual(world["fire_ch4"]!.1, "Mt CH4/yr")
        // Against the GCB 2023 workbook's 2013–2022 means: land sink 3.349 GtC/yr within 0.5 %
        // (without the land fraction it would be 4.30), land-use change 1.274 within 2 %.
        let sinkGtC = -world["land_sink"]!.0 / 1000 / (44.0 / 12)
        XCTAssertEqual(sinkGtC, 3.349, accuracy: 3.349 * 0.005)
        XCTAssertLessThan(sinkGtC, 4.0, "the land fraction was forgotten")
        XCTAssertEqual(world["land_use_change"]!.0 / 1000 / (44.0 / 12), 1.274, accuracy: 1.274 * 0.02)
        XCTAssertEqual(world["natural_net"]!.0, world["land_sink"]!.0 + world["land_use_change"]!.0, accuracy: 1e-6)
        XCTAssertEqual(world["ocean_sink"]!.0, -2.8255850120941202 * 1000 * 44 / 12, accuracy: 1e-6)
        // China takes up carbon on land; Indonesia and Brazil emit from land-use change.
        XCTAssertLessThan(got["CHN"]!["land_sink"]!.0, 0)
        XCTAssertGreaterThan(got["IDN"]!["land_use_change"]!.0, 0)
        XCTAssertGreaterThan(got["BRA"]!["fire_deforestation"]!.0, 0)
    }

    func testFireTablesAddUpAndTheGlobal2020RowIs6710Tg() throws {
        let data = try data()
        let folder = try TestSupport.temporaryFolder()
        let csv = folder.appendingPathComponent("fire2020.csv").path
        let run = try natural(["--year", "2020", "--grid", "global-1", "--countries", "JPN", "--data", data, "--out", csv])
        XCTAssertEqual(run.status, 0, run.stderr)
        // The stated Global row, and the regional rows by type (rounded to 10 Tg each).
        XCTAssertTrue(run.stderr.contains("the table's Global row (all types) is 6710.000 Mt CO2"), run.stderr)
        let world = try Self.read(csv)["WORLD"]!
        XCTAssertEqual(world["fire"]!.0, 6710, accuracy: 14 * 6 * 5)
        let types = ["savanna", "boreal_forest", "temperate_forest", "deforestation", "peat", "agriculture"]
        XCTAssertEqual(types.reduce(0) { $0 + world["fire_\($1)"]!.0 }, world["fire"]!.0, accuracy: 1e-6)
    }

    func testAYearOutsideTheFireTablesNeedsAPolicy() throws {
        let data = try data()
        let folder = try TestSupport.temporaryFolder()
        let csv = folder.appendingPathComponent("n.csv").path
        let refused = try natural(["--year", "2023", "--grid", "global-1", "--countries", "JPN", "--data", data, "--out", csv, "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("fire year 2023 is outside 1997–2021"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: csv))
        let mean = try natural(["--year", "2023", "--fire-year-outside", "mean", "--grid", "global-1", "--countries", "JPN", "--data", data, "--out", csv])
        XCTAssertEqual(mean.status, 0, mean.stderr)
        XCTAssertTrue(mean.stderr.contains("the 1997–2020 mean is used"), mean.stderr)
        // The workbook ends in 2022: no ocean sink row for 2023, and a note saying so.
        XCTAssertNil(try Self.read(csv)["WORLD"]!["ocean_sink"])
        XCTAssertTrue(mean.stderr.contains("no ocean sink for 2023"), mean.stderr)
    }

    /// A raster without a CRS, a table with a missing region: one line each, nothing written.
    func testBadInputsAreOneLineAndWriteNothing() throws {
        let data = try data()
        let folder = try TestSupport.temporaryFolder()
        let csv = folder.appendingPathComponent("n.csv").path
        let noCRS = folder.appendingPathComponent("nocrs.tif").path
        let create = try TestSupport.run("/usr/bin/gdal_create", ["-of", "GTiff", "-outsize", "3600", "1800", "-bands", "1", "-ot", "Float32",
                                                                  "-a_ullr", "-180", "90", "180", "-90", noCRS])
        guard create.status == 0 else { throw XCTSkip("needs gdal_create (gdal-bin): \(create.stderr)") }
        let tables = folder.appendingPathComponent("gfed")
        try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
        for species in ["CO2", "CH4", "N2O"] {
            var text = try String(contentsOfFile: "\(data)/gfed4.1s-regional-fire-emissions/GFED4.1s_\(species).txt", encoding: .utf8)
            if species == "CH4" {
                // Drop SEAS from the peat block.
                let peat = text.range(of: "Peat fires:")!
                let seas = text.range(of: "\nSEAS ", range: peat.upperBound..<text.endIndex)!
                let end = text.range(of: "\n", range: seas.upperBound..<text.endIndex)!
                text.removeSubrange(seas.lowerBound..<end.lowerBound)
            }
            try text.write(to: tables.appendingPathComponent("GFED4.1s_\(species).txt"), atomically: true, encoding: .utf8)
        }
        for (extra, needle) in [(["--land-fraction", noCRS], "nocrs.tif: no CRS"),
                                (["--fire-tables", tables.path], "GFED4.1s_CH4.txt (block 'Peat fires'): region SEAS is missing")] {
            let run = try natural(["--year", "2021", "--grid", "global-1", "--countries", "JPN", "--data", data, "--out", csv, "--quiet"] + extra)
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains(needle), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: csv))
        }
    }
}
