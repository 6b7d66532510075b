import Foundation
import XCTest
import HolomapTestSupport

/// Consumption and transfer layers of `holomap build`: the published national accounts are
/// conserved per country in the layers, the COG and NetCDF carry them, and an income raster
/// moves consumption to where the income is.
final class ConsumptionLayerTests: XCTestCase {
    func holomap(_ args: [String]) throws -> TestSupport.Output { try TestSupport.run(try TestSupport.holomap(), args) }

    func manifest(_ folder: URL) throws -> [String: Any] { try ManifestReader.load(folder) }

    /// A build config from the default bundle at 1° (EDGAR 2021, OWID consumption): consumption
    /// from `consumption`, weighed by income when `weighIncome` (the `income` raster, if given).
    func config(in folder: URL, name: String = "build.yaml", consumption: String = "\(BuildConfigYAML.bundle)/owid-co2-2010-2022.csv",
                income: String? = nil, weighIncome: Bool = false) throws -> String {
        let yaml = BuildConfigYAML.text(proxies: BuildConfigYAML.plants + (income.map { ["income: \($0)"] } ?? []), lines: [
            "consumption: {path: \(consumption), source: owid\(weighIncome ? ", weight: income" : "")}",
            "formats: [cog, netcdf]",
        ])
        return try BuildConfigYAML.write(yaml, in: folder, name: name)
    }

    func testPublishedAccountsAreConservedInTheLayers() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let run = try holomap(["build", "--config", try config(in: folder), "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try manifest(out)
        let rows = try ManifestReader.consumptionCountries(m)
        // OWID 2021, China: territorial 11,447.913 and consumption 10,400.611 Mt CO2.
        let china = try XCTUnwrap(rows.first { $0["iso3"] as? String == "CHN" })
        XCTAssertEqual(china["consumption_co2"] as? Double, 10_400.611e6)
        XCTAssertEqual(china["territorial_co2"] as? Double, 11_447.913e6)
        var consumptionSum = 0.0, transferSum = 0.0, checked = 0
        for row in rows where row["status"] as? String == "gridded" {
            let c = try XCTUnwrap(row["consumption_co2"] as? Double), t = try XCTUnwrap(row["consumption_minus_production"] as? Double)
            XCTAssertEqual(try XCTUnwrap(row["consumption_gridded"] as? Double), c, accuracy: abs(c) * 1e-9, "\(row)")
            XCTAssertEqual(try XCTUnwrap(row["consumption_minus_production_gridded"] as? Double), t, accuracy: max(abs(t), 1) * 1e-9 + abs(c) * 1e-12, "\(row)")
            consumptionSum += c; transferSum += t; checked += 1
        }
        XCTAssertGreaterThan(checked, 100)
        // Countries without a consumption account are named, not dropped silently.
        XCTAssertTrue(rows.contains { $0["status"] as? String == "no_account" && $0["consumption_co2"] is NSNull })
        let header = try TestSupport.run("/usr/bin/ncdump", ["-h", out.appendingPathComponent("holomap.nc").path]).stdout
        XCTAssertTrue(header.contains("float mass_consumption(time, lat, lon)"), header)
        XCTAssertTrue(header.contains("float mass_consumption_minus_production(time, lat, lon)"), header)
        try ManifestReader.assertMatchesSchema(out)
        // The consumption COG's bands hold the same sums (Float32 cells); countries without an
        // account are NoData (NaN), not 0, in cells no country with an account covers.
        let python = try TestSupport.python(requiring: "rasterio")
        let (production, consumption, ids) = (out.appendingPathComponent("production.tif").path, out.appendingPathComponent("consumption.tif").path,
                                              out.appendingPathComponent("country.tif").path)
        let script = """
        import rasterio, numpy as n
        p = rasterio.open('\(production)'); d = rasterio.open('\(consumption)'); k = rasterio.open('\(ids)')
        print(list(p.descriptions), list(d.descriptions), d.nodata)
        for b in ('consumption', 'consumption_minus_production'): print(repr(float(n.nansum(d.read(d.descriptions.index(b) + 1).astype(n.float64)))))
        import csv; codes = {r['iso3']: r['value'] for r in csv.DictReader(open('\(out.path)/country.csv'))}
        c = d.read(1); i = k.read(1)
        print(int(n.isnan(c[i == int(codes['AFG'])]).sum()), int(n.isnan(c[i == int(codes['FRA'])]).sum()), int(n.isnan(p.read(1)).sum()))
        """
        let sums = try TestSupport.run(python, ["-c", script])
        let lines = sums.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, sums.stderr)
        XCTAssertTrue(lines[0].hasSuffix("'total', 'production_co2'] ['consumption', 'consumption_minus_production'] nan"), String(lines[0]))
        XCTAssertEqual(try XCTUnwrap(Double(lines[1])), consumptionSum, accuracy: consumptionSum * 1e-6)
        XCTAssertEqual(try XCTUnwrap(Double(lines[2])), transferSum, accuracy: consumptionSum * 1e-6)
        // Afghanistan (no OWID consumption account in 2021) is NoData in its own cells; France
        // has none; the production bands have no NaN.
        let nan = lines[3].split(separator: " ").compactMap { Int($0) }
        XCTAssertEqual(nan.count, 3)
        XCTAssertGreaterThan(nan[0], 5, "AFG cells are NaN")
        XCTAssertEqual(nan[1], 0); XCTAssertEqual(nan[2], 0)
        // Gas basis: the compared layers are CO2. EDGAR v7 by sector has no CO2 of its own, so
        // production_co2 is OWID's territorial CO2 spread like production outside land use, and per
        // country consumption − production_co2 = consumption_minus_production (manifest, t CO2).
        let layers = try XCTUnwrap(m["layers"] as? [[String: Any]])
        var identities = 0
        for row in rows where row["status"] as? String == "gridded" {
            XCTAssertEqual(row["production_co2"] as? String, "published_territorial", "\(row)")
            let c = try XCTUnwrap(row["consumption_gridded"] as? Double), p = try XCTUnwrap(row["production_co2_gridded"] as? Double)
            let d = try XCTUnwrap(row["consumption_minus_production_gridded"] as? Double)
            let t = try XCTUnwrap(row["territorial_co2"] as? Double)
            XCTAssertEqual(p, t, accuracy: t * 1e-9, "production_co2 holds the published territorial CO2: \(row)")
            XCTAssertEqual(c - p, d, accuracy: max(c, p) * 1e-9, "\(row)")
            identities += 1
        }
        XCTAssertEqual(identities, checked)
        XCTAssertTrue(rows.contains { $0["status"] as? String == "no_account" && $0["production_co2"] is NSNull })
        XCTAssertTrue(lines[0].contains("'total', 'production_co2']"), String(lines[0]))
        // Nothing of the inventory is lost: gridded + unallocated = EDGAR as read.
        let accounted = try XCTUnwrap((m["checks"] as? [[String: Any]])?.first { $0["name"] as? String == "inventory_accounted" })
        XCTAssertEqual(accounted["ok"] as? Bool, true, "\(accounted)")
        for code in ["production_co2", "consumption", "consumption_minus_production"] {
            let layer = try XCTUnwrap(layers.first { $0["code"] as? String == code })
            XCTAssertEqual(layer["basis"] as? String, "CO2"); XCTAssertEqual(layer["mass_unit"] as? String, "t CO2 per cell per year")
        }
        let header2 = try TestSupport.run("/usr/bin/ncdump", ["-h", out.appendingPathComponent("holomap.nc").path]).stdout
        XCTAssertTrue(header2.contains("flux_consumption:long_name = \"Consumption-based CO2, where the consumers live: CO2 flux\""), header2)
        XCTAssertFalse(header2.contains("Consumption-based CO2, where the consumers live: emission flux, CO2e"), header2)
        let check = try TestSupport.cfchecks(out.appendingPathComponent("holomap.nc").path)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
    }

    /// On a regional grid (Europe, 1°) a country with an account but no cell is `not_on_grid`, its
    /// amounts unallocated; a country on the grid is `gridded` and conserved.
    func testACountryWithoutAnAccountIsBuiltWithoutConsumptionLayers() throws {
        // OWID has no consumption-based CO2 for Afghanistan in 2021 (checked in the file by hand).
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let run = try holomap(["build", "--config", try config(in: folder), "--countries", "AFG", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try manifest(out)
        let rows = try ManifestReader.consumptionCountries(m)
        XCTAssertEqual(rows.map { $0["iso3"] as? String }, ["AFG"])
        XCTAssertEqual(rows.first?["status"] as? String, "no_account")
        let layers = try XCTUnwrap(m["layers"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        XCTAssertTrue(layers.contains("total") && !layers.contains("consumption") && !layers.contains("consumption_minus_production"), "\(layers)")
        try ManifestReader.assertMatchesSchema(out)
        // A consumption file without any account for the year is still an error.
        let empty = folder.appendingPathComponent("empty.csv")
        try "country,year,iso_code,co2,consumption_co2\nAfghanistan,2021,AFG,9.0,\n".write(to: empty, atomically: true, encoding: .utf8)
        let wrong = try config(in: folder, name: "wrong.yaml", consumption: empty.path)
        let failed = try holomap(["build", "--config", wrong, "--countries", "AFG", "--out", folder.appendingPathComponent("out2").path, "--quiet"])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stderr.contains("no consumption values for year 2021"), failed.stderr)
    }

    func testCountriesOffARegionalGridAreNotOnGrid() throws {
        let folder = try TestSupport.temporaryFolder()
        let grid = folder.appendingPathComponent("europe-1.json")
        try #"{"name": "europe-1", "crs": "EPSG:4326", "originX": -30.0, "originY": 75.0, "pixelWidth": 1.0, "pixelHeight": -1.0, "width": 75, "height": 45}"#
            .write(to: grid, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try holomap(["build", "--config", try config(in: folder), "--grid", grid.path, "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try manifest(out)
        let rows = try ManifestReader.consumptionCountries(m)
        let australia = try XCTUnwrap(rows.first { $0["iso3"] as? String == "AUS" })
        XCTAssertEqual(australia["status"] as? String, "not_on_grid")
        XCTAssertTrue(australia["consumption_gridded"] is NSNull && australia["territorial_spread"] is NSNull, "\(australia)")
        let unallocated = try XCTUnwrap(m["unallocated"] as? [[String: Any]])
        XCTAssertTrue(unallocated.contains { $0["iso3"] as? String == "AUS" && ManifestReader.account($0) == "consumption" }, "\(unallocated.prefix(3))")
        let france = try XCTUnwrap(rows.first { $0["iso3"] as? String == "FRA" })
        XCTAssertEqual(france["status"] as? String, "gridded")
        let c = try XCTUnwrap(france["consumption_co2"] as? Double)
        XCTAssertEqual(try XCTUnwrap(france["consumption_gridded"] as? Double), c, accuracy: c * 1e-9)
        try ManifestReader.assertMatchesSchema(out)
    }

    /// Income only north of the equator: Brazil's consumption moves north of it, the total stays.
    func testIncomeWeightMovesConsumptionToIncome() throws {
        let folder = try TestSupport.temporaryFolder()
        let income = folder.appendingPathComponent("income.tif").path
        let made = try TestSupport.run("/usr/bin/gdal_create", ["-q", "-of", "GTiff", "-outsize", "360", "90", "-bands", "1", "-ot", "Float32", "-burn", "1",
                                                               "-a_srs", "EPSG:4326", "-a_ullr", "-180", "90", "180", "0", income])
        XCTAssertEqual(made.status, 0, made.stderr)
        let out = folder.appendingPathComponent("out")
        let run = try holomap(["build", "--config", try config(in: folder, income: income, weighIncome: true), "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = try ManifestReader.consumptionCountries(try manifest(out))
        let brazil = try XCTUnwrap(rows.first { $0["iso3"] as? String == "BRA" })
        XCTAssertEqual(try XCTUnwrap(brazil["consumption_gridded"] as? Double), try XCTUnwrap(brazil["consumption_co2"] as? Double), accuracy: 1)
        // A country with no income at all falls back to land area, and the manifest says so.
        let fallbacks = try XCTUnwrap(try manifest(out)["fallbacks"] as? [[String: Any]])
        XCTAssertTrue(fallbacks.contains { $0["iso3"] as? String == "ARG" && ManifestReader.account($0) == "consumption" && $0["from"] as? String == "income" })
        // Without income, the config is refused with one clear line.
        let bad = try config(in: folder, weighIncome: true)
        let refused = try holomap(["build", "--config", bad, "--out", folder.appendingPathComponent("x").path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("consumption.weight") && refused.stderr.contains("income needs proxies.income"), refused.stderr)
        let python = try TestSupport.python(requiring: "rasterio")
        let cog = out.appendingPathComponent("consumption.tif").path
        // Rows 0-89 are north of the equator: Brazil's cells (majority country) have
        // consumption only there.
        let ids = out.appendingPathComponent("country.tif").path
        let script = """
        import csv, rasterio, numpy as n
        d = rasterio.open('\(cog)'); k = rasterio.open('\(ids)')
        codes = {r['iso3']: r['value'] for r in csv.DictReader(open('\(out.path)/country.csv'))}
        brazil = k.read(1) == int(codes['BRA'])
        c = n.nan_to_num(d.read(d.descriptions.index('consumption') + 1).astype(float)) * brazil
        print(float(c[:90].sum()), float(c[90:].sum()))
        """
        let split = try TestSupport.run(python, ["-c", script])
        let parts = split.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(parts.count, 2, split.stderr)
        XCTAssertGreaterThan(parts[0], 0)
        // No income south of the equator: what remains there in Brazil's cells is its
        // neighbours' (Uruguay, Paraguay, … have no income at all and fall back to land area)
        // in the border cells they share; with population weights 99.6 % of it is south.
        XCTAssertLessThan(parts[1], 0.01 * parts[0], "consumption follows income")
    }
}
