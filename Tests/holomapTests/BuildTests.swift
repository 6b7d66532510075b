import Foundation
import XCTest
import HolomapTestSupport

/// `holomap build` end to end: conservation, validators, determinism, bad rows, and agreement
/// with an independent reimplementation of the method.
final class BuildTests: XCTestCase {
    func holomap(_ args: [String]) throws -> TestSupport.Output { try TestSupport.run(try TestSupport.holomap(), args) }

    func manifest(_ folder: URL) throws -> [String: Any] { try ManifestReader.load(folder) }

    /// The default bundle at 1°: every country × sector × gas conserved to 1e-9, the COG valid,
    /// the NetCDF CF-clean, the global sum equal to the allocated inputs.
    func testDefaultBundleBuildConservesAndValidates() throws {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("build")
        let run = try holomap(["build", "--grid", "global-1", "--out", out.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("build: gridding"), "progress on stderr")
        let m = try manifest(out)
        XCTAssertEqual(m["gwp"] as? String, "AR5GWP100")
        XCTAssertEqual(m["years"] as? [Int], [2021])
        let totals = try ManifestReader.productionTotals(m)
        XCTAssertGreaterThan(totals.count, 1000)
        var allocated = 0.0
        for row in totals {
            let input = row["input"] as! Double, gridded = row["gridded"] as! Double
            XCTAssertEqual(gridded, input, accuracy: abs(input) * 1e-9, "\(row)")
            allocated += input
        }
        // China 2021 from EDGAR v7.0: 5575.15 + 3368.73 + 4579.49 + 985.295 + 757.641 Mt CO2e (its five sectors).
        XCTAssertEqual(try XCTUnwrap(try ManifestReader.total(m, iso3: "CHN")).input / 1e6, 15_266.306, accuracy: 1e-6)
        // Power goes to power plants: no fallback for China's 1.A.1.
        let fallbacks = try XCTUnwrap(m["fallbacks"] as? [[String: Any]])
        XCTAssertFalse(fallbacks.contains { $0["iso3"] as? String == "CHN" })
        // EDGAR's Serbia and Montenegro (SCG) is spread over SRB, MNE and XKX, not dropped.
        let composites = try XCTUnwrap(m["composites"] as? [[String: Any]])
        XCTAssertEqual(composites.first { $0["iso3"] as? String == "SCG" }?["spread_over"] as? [String], ["SRB", "MNE", "XKX"])
        let scg = try XCTUnwrap(try ManifestReader.total(m, iso3: "SCG"))
        XCTAssertEqual(scg.gridded, scg.input, accuracy: 1)
        let inputs = try XCTUnwrap(m["inputs"] as? [[String: String]])
        XCTAssertTrue(inputs.allSatisfy { ($0["sha256"] ?? "").count == 64 })
        XCTAssertNotNil(m["unallocated"] as? [[String: Any]])

        // Checks with GDAL's and netCDF's own tools first, the Python peers after them (they may skip).
        let nc = out.appendingPathComponent("holomap.nc").path
        let header = try TestSupport.run("/usr/bin/ncdump", ["-h", nc]).stdout
        XCTAssertTrue(header.contains("country_id:flag_meanings"))
        XCTAssertTrue(header.contains("flux_total(time, lat, lon)"))
        XCTAssertFalse(header.contains("flux_total_co2"), "EDGAR v7 totals are CO2e of all gases: no CO2-only layer")
        try ManifestReader.assertMatchesSchema(out)
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        let cog = out.appendingPathComponent("production.tif").path
        XCTAssertTrue(try TestSupport.run(rio, ["cogeo", "validate", "--strict", cog]).stdout.contains("is a valid cloud optimized GeoTIFF"))
        // Σ of the 'total' band plus the 'bunkers' band (which belongs to no country and is not in
        // the total) equals the allocated inputs (Float32 cells).
        let python = try TestSupport.python(requiring: "rasterio")
        let sum = try TestSupport.run(python, ["-c", "import rasterio,numpy as n;d=rasterio.open('\(cog)');b=lambda s:d.read(d.descriptions.index(s)+1).astype(n.float64).sum();print(repr(float(b('total')+b('bunkers'))))"])
        let total = try XCTUnwrap(Double(sum.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), sum.stderr)
        XCTAssertEqual(total, allocated, accuracy: allocated * 1e-6)

        let check = try TestSupport.cfchecks(nc)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
    }

    /// Several years: one COG per year, one NetCDF with a CF time axis (cfchecks clean), the
    /// NetCDF layers equal to the COG bands, and the majority-country COG equal to the NetCDF ids.
    func testSeveralYearsGiveATimeAxis() throws {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("years")
        let owid = TestSupport.repoRoot.appendingPathComponent("grids/default-bundle/owid-co2-2010-2022.csv").path
        let run = try holomap(["build", "--grid", "global-1", "--year", "2022,2021", "--countries", "JPN,ZAF,LSO", "--inventory", owid,
                               "--inventory-format", "owid", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(Set(TestSupport.files(in: out)), [".holomap-output", "production-2021.tif", "production-2022.tif", "consumption-2021.tif", "consumption-2022.tif",
                                                         "natural-2021.tif", "natural-2022.tif", "country.tif", "country.tif.aux.xml", "country.csv", "holomap.nc", "manifest.json", "tiles"])
        let m = try manifest(out)
        XCTAssertEqual(m["years"] as? [Int], [2021, 2022])
        XCTAssertEqual(Set(try ManifestReader.productionTotals(m).map { $0["year"] as? Int }), [2021, 2022])
        func japan(_ year: Int) -> Double? {
            (try? ManifestReader.total(m, iso3: "JPN", year: year))??.input
        }
        XCTAssertNotEqual(try XCTUnwrap(japan(2021)), try XCTUnwrap(japan(2022)))
        // The viewer opens on the last year's total: the slider's last position.
        let page = try String(contentsOf: out.appendingPathComponent("tiles/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains(#"<input type="range" id="year" min="0" max="1" step="1" value="1">"#), page)
        XCTAssertTrue(page.contains(#"{code: "total", label: "total · All sectors (international bunkers apart)", group: "Totals", diverging: false, folders: ["total-2021", "total-2022"]}"#), page)
        let missing = try holomap(["build", "--grid", "global-1", "--year", "2022,1990", "--countries", "JPN", "--inventory", owid,
                                   "--inventory-format", "owid", "--out", out.path + "-missing", "--quiet"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no values for year 1990"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "-missing"), "no output for a failed build")
        let nc = out.appendingPathComponent("holomap.nc").path
        // CO2 gets its own flux with the CF standard name.
        XCTAssertTrue(try TestSupport.run("/usr/bin/ncdump", ["-h", nc]).stdout.contains("tendency_of_atmosphere_mass_content_of_carbon_dioxide_due_to_emission"))
        // 1 January 2021 and 2022 in days since 1970-01-01.
        XCTAssertTrue(try TestSupport.run("/usr/bin/ncdump", ["-v", "time", nc]).stdout.contains("time = 18628, 18993 ;"))
        try ManifestReader.assertMatchesSchema(out)
        let check = try TestSupport.cfchecks(nc)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        for file in ["production-2021.tif", "country.tif"] {
            XCTAssertTrue(try TestSupport.run(rio, ["cogeo", "validate", "--strict", out.appendingPathComponent(file).path]).stdout.contains("is a valid cloud optimized GeoTIFF"))
        }
        let python = try TestSupport.python(requiring: "rasterio")
        let compare = try TestSupport.run(python, ["-c", """
            import rasterio, numpy as np
            base = '\(out.path)'
            for t, year in enumerate((2021, 2022)):
                cog = rasterio.open(f'{base}/production-{year}.tif')
                ours = cog.read(cog.descriptions.index('total') + 1)
                nc = rasterio.open(f'netcdf:{base}/holomap.nc:mass_total').read(t + 1)
                assert np.array_equal(ours, nc), year
                assert ours.sum() > 0
            ids = rasterio.open(f'{base}/country.tif').read(1)
            assert np.array_equal(ids, rasterio.open(f'netcdf:{base}/holomap.nc:country_id').read(1))
            assert set(np.unique(ids)) == {0, 1, 2, 3}
            print('ok')
            """])
        XCTAssertEqual(compare.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", compare.stderr)
    }

    /// A national build writes the window of the grid its countries cover: cells aligned with the
    /// preset, the window exactly the countries' covered cells (from `holomap coverage` on the
    /// whole grid), and the same cell values as in a wider build that holds the country too.
    func testNationalBuildWritesTheWindowOfItsCountries() throws {
        let base = try TestSupport.temporaryFolder()
        for (name, countries) in [("jpn", "JPN"), ("jpn-bra", "JPN,BRA")] {
            let run = try holomap(["build", "--grid", "global-1", "--countries", countries, "--formats", "cog,netcdf",
                                   "--out", base.appendingPathComponent(name).path, "--quiet"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let m = try manifest(base.appendingPathComponent("jpn"))
        let grid = try XCTUnwrap(m["grid"] as? [String: Any])
        XCTAssertEqual(grid["name"] as? String, "global-1")
        let coverage = base.appendingPathComponent("jpn-coverage.tif").path
        XCTAssertEqual(try holomap(["coverage", "--grid", "global-1", "--country", "JPN", "--out", coverage, "--quiet"]).status, 0)
        let python = try TestSupport.python(requiring: "rasterio")
        let check = try TestSupport.run(python, ["-c", """
            import numpy as np, rasterio
            cov = rasterio.open('\(coverage)').read(1)
            rows, cols = np.nonzero(cov)
            one = rasterio.open('\(base.path)/jpn/production.tif'); two = rasterio.open('\(base.path)/jpn-bra/production.tif')
            # The window: Japan's covered cells of the whole 1° grid, nothing more.
            assert one.transform.c == -180 + cols.min() and one.transform.f == 90 - rows.min(), one.transform
            assert one.width == cols.max() - cols.min() + 1 and one.height == rows.max() - rows.min() + 1, (one.width, one.height)
            # The same cells in the wider window (Japan to Brazil) hold the same values.
            dx = int(round(one.transform.c - two.transform.c)); dy = int(round(two.transform.f - one.transform.f))
            a = one.read(one.descriptions.index('total') + 1)
            b = two.read(two.descriptions.index('total') + 1)[dy:dy + one.height, dx:dx + one.width]
            assert a.sum() > 0 and np.array_equal(a, b)
            nc = rasterio.open('netcdf:\(base.path)/jpn/holomap.nc:mass_total')
            assert (nc.width, nc.height) == (one.width, one.height)
            print('ok')
            """])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", check.stderr)
    }

    func testTwoRunsGiveByteIdenticalFiles() throws {
        let base = try TestSupport.temporaryFolder()
        for name in ["a", "b"] {
            let run = try holomap(["build", "--grid", "global-1", "--countries", "JPN,ZAF,LSO", "--out", base.appendingPathComponent(name).path, "--quiet"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        for file in ["production.tif", "holomap.nc", "manifest.json"] {
            let a = try Data(contentsOf: base.appendingPathComponent("a/\(file)")), b = try Data(contentsOf: base.appendingPathComponent("b/\(file)"))
            XCTAssertEqual(a, b, "\(file) differs between two runs")
        }
    }

    func testBadInventoryRowsStopOrAreCounted() throws {
        let folder = try TestSupport.temporaryFolder()
        let inventory = folder.appendingPathComponent("inv.csv").path
        try """
        iso3,year,sector,gas,value,unit
        JPN,2022,1.A.1,CO2,400,Mt
        QQQ,2022,1.A.1,CO2,1,Mt
        JPN,2022,1.A.3,CO2,-5,Mt
        JPN,2022,4,CH4,NaN,kt
        JPN,2022,2,CO2,1,furlongs
        JPN,2022,1.A.1,CO2,3,Mt
        JPN,2022,M.1.A.3.a.i,CO2,10,Mt
        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let strict = try holomap(["build", "--grid", "global-1", "--year", "2022", "--inventory", inventory, "--out", out.path, "--quiet"])
        XCTAssertNotEqual(strict.status, 0)
        XCTAssertEqual(strict.stderr.split(separator: "\n").count, 1, strict.stderr)
        XCTAssertTrue(strict.stderr.contains("\(inventory):3: unknown country code 'QQQ'"), strict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path), "no partial output")

        let lenient = try holomap(["build", "--grid", "global-1", "--year", "2022", "--inventory", inventory, "--skip-invalid", "--out", out.path, "--quiet"])
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        let m = try manifest(out)
        XCTAssertEqual(ManifestReader.skippedRows(m),
                       ["unknown country": 1, "negative value": 1, "not a number": 1, "unknown unit": 1, "duplicate key": 1])
        // Bunkers go to the airports (bunkers layer) under AIR, not to Japan, and are not lost.
        XCTAssertEqual(try XCTUnwrap(try ManifestReader.total(m, iso3: "AIR", sector: "M.1.A.3.a.i")).gridded, 10e6, accuracy: 10e6 * 1e-9)
        XCTAssertNil(try ManifestReader.total(m, iso3: "JPN", sector: "M.1.A.3.a.i"))
        let bunkers = try XCTUnwrap((m["bunkers"] as? [String: Any])?["years"] as? [[String: Any]]).first
        XCTAssertEqual(try XCTUnwrap(bunkers?["aviation_gridded"] as? Double), 10e6, accuracy: 10e6 * 1e-9)
        // Japan 1.A.1 went to power plants (point sources).
        let totals = try ManifestReader.productionTotals(m)
        XCTAssertEqual(totals.first { $0["sector"] as? String == "1.A.1" }?["gridded"] as? Double ?? 0, 400e6, accuracy: 400e6 * 1e-9)
        XCTAssertEqual((m["fallbacks"] as? [Any])?.count, 0, "Japan has plants: no fallback")

        let exists = try holomap(["build", "--grid", "global-1", "--year", "2022", "--inventory", inventory, "--skip-invalid", "--out", out.path, "--quiet"])
        XCTAssertNotEqual(exists.status, 0)
        XCTAssertTrue(exists.stderr.contains("exists; pass --overwrite"), exists.stderr)
    }

    /// OWID 2010 national CO2 on a 1° grid spread by GPW population, against
    /// scripts/reference_gridding.py (numpy + rasterio + exactextract, written separately).
    func testOWID2010MatchesIndependentReimplementation() throws {
        let owid = try TestSupport.sharedFile("owid-co2/owid-co2-data.csv.gz")
        let gpw = try TestSupport.sharedFile("gpw-v4-population-0.5deg/gpw_v4_population_count_rev11_2000_30_min.tif")
        let ne = "/vsigzip/" + (try TestSupport.sharedFile("natural-earth/ne_50m_admin_0_countries.geojson.gz"))
        let python = try TestSupport.python(requiring: "exactextract")
        let folder = try TestSupport.temporaryFolder()
        // Flaring (1.B) by population too: the reference spreads everything by population.
        let yaml = BuildConfigYAML.text(year: 2010, boundaries: ne, inventory: "{path: \(owid), format: owid}", population: gpw,
                                        lines: ["id_field: ADM0_A3", #"sectors: {"1.B": [population]}"#])
        let config = try BuildConfigYAML.write(yaml, in: folder, name: "owid2010.yaml")
        let out = folder.appendingPathComponent("b")
        let run = try holomap(["build", "--config", config, "--formats", "cog", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let reference = folder.appendingPathComponent("ref.tif").path
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/reference_gridding.py").path
        let ref = try TestSupport.run(python, [script, owid, gpw, ne, "ADM0_A3", "2010", reference])
        XCTAssertEqual(ref.status, 0, ref.stderr)
        let compare = try TestSupport.run(python, ["-c", """
            import rasterio, numpy as np
            d = rasterio.open('\(out.path)/production.tif'); names = d.descriptions
            ours = sum(d.read(names.index(s) + 1).astype(np.float64) for s in ('1.A', '1.B', '2'))
            ref = rasterio.open('\(reference)').read(1)
            print(repr(float(np.abs(ours - ref).max() / ref.max())), repr(float(ours.sum())), repr(float(ref.sum())))
            """])
        let f = compare.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(f.count, 3, compare.stdout + compare.stderr)
        XCTAssertLessThan(f[0], 1e-6, "largest cell difference relative to the largest cell")
        XCTAssertEqual(f[1], f[2], accuracy: f[2] * 1e-6)
    }
}

