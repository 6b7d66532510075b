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

    /// An Albers equal-area grid over China with 10 km cells (china-albers-1km, coarser), as a preset file.
    static func albersPreset(in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("china-albers-10km.json")
        try """
        {"name": "china-albers-10km", "description": "china-albers-1km with 10 km cells",
         "crs": "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs +type=crs",
         "originX": -3000000.0, "originY": 6100000.0, "pixelWidth": 10000.0, "pixelHeight": -10000.0, "width": 580, "height": 580}
        """.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// National accounts on a projected grid (each source cell shared among the target cells whose
    /// centres it holds) against those of the 0.1° lat/lon grid (conservative remap, exact coverage
    /// there): two different routes to the same national sums. Measured: China within 0.65 %,
    /// Mongolia within 1.7 % (its tiny agricultural fires aside).
    func testAProjectedGridGivesTheNationalSumsOfTheLatLonGrid() throws {
        let data = try data()
        let folder = try TestSupport.temporaryFolder()
        let grid = try Self.albersPreset(in: folder)
        var got: [[String: [String: (Double, String)]]] = []
        for g in [grid, "global-0.1"] {
            let csv = folder.appendingPathComponent("\(URL(fileURLWithPath: g).lastPathComponent).csv").path
            let run = try natural(["--year", "2020", "--grid", g, "--countries", "CHN,MNG", "--data", data, "--out", csv, "--quiet"])
            XCTAssertEqual(run.status, 0, run.stderr)
            got.append(try Self.read(csv))
        }
        for (iso3, tolerance) in [("CHN", 0.01), ("MNG", 0.02)] {
            for component in ["land_sink", "land_use_change", "fire", "fire_ch4", "natural_net"] {
                let projected = try XCTUnwrap(got[0][iso3]?[component]).0, latLon = try XCTUnwrap(got[1][iso3]?[component]).0
                XCTAssertEqual(projected, latLon, accuracy: tolerance * abs(latLon), "\(iso3) \(component)")
            }
        }
        // WORLD rows are the source integrals whatever the grid.
        for (component, value) in got[1]["WORLD"]! { XCTAssertEqual(got[0]["WORLD"]?[component]?.0 ?? .nan, value.0, accuracy: 1e-9 * abs(value.0), component) }
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
