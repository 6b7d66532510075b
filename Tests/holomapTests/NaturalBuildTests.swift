import Foundation
import XCTest
import HolomapTestSupport

/// The natural layers of `holomap build` (docs/natural.md#the-map) with the default bundle's
/// config at 1°: each layer's world sum is `holomap natural`'s WORLD row, the nets are their parts
/// cell by cell, the files are valid. Tests that read ../shared/data skip when it is absent.
final class NaturalBuildTests: XCTestCase {
    static let codes = ["land_sink", "land_use_change", "fire", "fire_savanna", "fire_boreal_forest", "fire_temperate_forest", "fire_deforestation",
                        "fire_peat", "fire_agriculture", "fire_ch4", "fire_n2o", "natural_net"]

    func requireSharedData() throws -> String {
        _ = try TestSupport.sharedFile("gcb2023-gridded-land-fluxes/Land_carbon_uptake_DGVMs_gridded_GCB2023_2013-2022_mean.nc.gz")
        return TestSupport.sharedData.path
    }

    func build(_ extra: [String], out: URL) throws -> TestSupport.Output {
        try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", out.path, "--quiet"] + extra)
    }

    func testNaturalLayersEqualTheSourceIntegralsAndTheirParts() throws {
        let data = try requireSharedData()
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("out"), csv = folder.appendingPathComponent("natural.csv")
        let run = try build(["--formats", "cog,netcdf"], out: out)
        XCTAssertEqual(run.status, 0, run.stderr)
        try ManifestReader.assertMatchesSchema(out)
        let natural = try TestSupport.run(try TestSupport.holomap(), ["natural", "--year", "2021", "--grid", "global-1", "--countries", "JPN",
                                                                     "--data", data, "--out", csv.path, "--quiet"])
        XCTAssertEqual(natural.status, 0, natural.stderr)
        var world: [String: Double] = [:]
        for line in try String(contentsOf: csv, encoding: .utf8).split(separator: "\n") where line.hasPrefix("WORLD,") {
            let f = line.split(separator: ","); world[String(f[2])] = Double(f[3])! * 1e6
        }
        let m = try ManifestReader.load(out)
        let section = try XCTUnwrap(m["natural"] as? [String: Any])
        XCTAssertEqual(section["status"] as? String, "written")
        XCTAssertEqual(section["sign"] as? String, "emissions positive, removals negative")
        let year = try XCTUnwrap((section["years"] as? [[String: Any]])?.first)
        XCTAssertEqual(year["fire_year"] as? String, "2021")
        var gridded: [String: Double] = [:]
        for total in try XCTUnwrap(year["totals"] as? [[String: Any]]) {
            let code = total["layer"] as! String, sum = total["gridded"] as! Double
            gridded[code] = sum
            if let source = total["source"] as? Double { XCTAssertEqual(sum, source, accuracy: 1e-9 * abs(source), code) }
            // The CSV has 12 significant digits.
            if let row = world[code] { XCTAssertEqual(sum, row, accuracy: 1e-11 * abs(row) + 1e-6, code) }
        }
        XCTAssertEqual(Set(gridded.keys), Set(Self.codes + ["panoramic_net"]))
        XCTAssertEqual(gridded["land_sink"]! / 1e9, -12.27, accuracy: 0.01, "GCB S_LAND × land fraction, Gt CO2")
        // Natural layers are no part of the production total.
        let layers = try XCTUnwrap(m["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.first { $0["code"] as? String == "land_sink" }?["kind"] as? String, "natural")
        XCTAssertEqual(layers.first { $0["code"] as? String == "fire_ch4" }?["mass_unit"] as? String, "t CH4 per cell per year")

        // The Float32 bands: sums to 1e-6, the nets equal their parts cell by cell (Float32 rounding),
        // panoramic_net NaN exactly where production_co2 is.
        let python = try TestSupport.python(requiring: "rasterio")
        let script = """
        import json, rasterio, numpy as n
        nat = rasterio.open('\(out.path)/natural.tif'); pro = rasterio.open('\(out.path)/production.tif')
        b = {d: nat.read(i + 1).astype(n.float64) for i, d in enumerate(nat.descriptions)}
        co2 = pro.read(list(pro.descriptions).index('production_co2') + 1).astype(n.float64)
        e = 2.0 ** -23
        parts = n.abs(b['land_use_change']) + n.abs(b['land_sink'])
        nn = bool((n.abs(b['natural_net'] - b['land_use_change'] - b['land_sink']) <= 4 * e * parts + 1e-30).all())
        p = b['panoramic_net']; ok = ~n.isnan(p)
        pan = bool((n.isnan(p) == n.isnan(co2)).all()) and bool((n.abs(p[ok] - co2[ok] - b['natural_net'][ok]) <= 4 * e * (n.abs(co2[ok]) + n.abs(b['natural_net'][ok])) + 1e-30).all())
        print(json.dumps({'sums': {d: float(n.nansum(v)) for d, v in b.items()}, 'natural_net': nn, 'panoramic_net': pan, 'tags': nat.tags()}))
        """
        let result = try TestSupport.run(python, ["-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["natural_net"] as? Bool, true)
        XCTAssertEqual(json["panoramic_net"] as? Bool, true)
        let sums = try XCTUnwrap(json["sums"] as? [String: Double])
        for code in Self.codes { XCTAssertEqual(sums[code]!, gridded[code]!, accuracy: 1e-6 * abs(gridded[code]!), code) }
        XCTAssertEqual(sums["panoramic_net"]!, gridded["panoramic_net"]!, accuracy: 1e-6 * abs(gridded["panoramic_net"]!))
        let tags = try XCTUnwrap(json["tags"] as? [String: String])
        XCTAssertEqual(tags["holomap_sign"], "emissions positive, removals negative")
        XCTAssertTrue(tags["holomap_natural_years"]!.contains("GCB 2023 means of 2013–2022"), tags["holomap_natural_years"]!)

        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        let cog = try TestSupport.run(rio, ["cogeo", "validate", "--strict", out.appendingPathComponent("natural.tif").path])
        XCTAssertTrue(cog.stdout.contains("is a valid cloud optimized GeoTIFF"), cog.stdout + cog.stderr)
        let check = try TestSupport.cfchecks(out.appendingPathComponent("holomap.nc").path)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
        XCTAssertTrue(check.stdout.contains("flux_land_use_change"), check.stdout)
    }

    /// On a projected grid (Albers over China, 10 km) the natural layers are written like the
    /// others; each band's sum in the COG is the manifest's, and the land sink inside the grid is
    /// what the source cells hold there (between the cells wholly inside and those touching it).
    func testNaturalLayersOnAProjectedGrid() throws {
        _ = try requireSharedData()
        let folder = try TestSupport.temporaryFolder()
        let grid = try NaturalTests.albersPreset(in: folder), out = folder.appendingPathComponent("out")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", grid, "--countries", "CHN", "--formats", "cog,netcdf", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        try ManifestReader.assertMatchesSchema(out)
        let section = try XCTUnwrap(try ManifestReader.load(out)["natural"] as? [String: Any])
        XCTAssertEqual(section["status"] as? String, "written")
        var gridded: [String: Double] = [:]
        for total in try XCTUnwrap((section["years"] as? [[String: Any]])?.first?["totals"] as? [[String: Any]]) {
            gridded[total["layer"] as! String] = total["gridded"] as? Double
        }
        XCTAssertEqual(Set(gridded.keys), Set(Self.codes + ["panoramic_net"]))
        let python = try TestSupport.python(requiring: "rasterio")
        let script = """
        import json, rasterio, numpy as n
        nat = rasterio.open('\(out.path)/natural.tif')
        print(json.dumps({'crs': nat.crs.to_proj4(), 'sums': {d: float(n.nansum(nat.read(i + 1).astype(n.float64))) for i, d in enumerate(nat.descriptions)}}))
        """
        let result = try TestSupport.run(python, ["-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertTrue((json["crs"] as? String ?? "").contains("+proj=aea"), "\(json)")
        let sums = try XCTUnwrap(json["sums"] as? [String: Double])
        for code in Self.codes { XCTAssertEqual(sums[code]!, gridded[code]!, accuracy: 1e-6 * abs(gridded[code]!) + 1, code) }
        // The 5,800 km square holds China, Mongolia and parts of their neighbours (China alone:
        // −890 Mt, NaturalTests): a sizeable negative part of the world's −12,265 Mt (−1,833 Mt
        // measured on china-albers-1km).
        XCTAssertLessThan(gridded["land_sink"]!, -1.0e9); XCTAssertGreaterThan(gridded["land_sink"]!, -3.0e9)
        XCTAssertGreaterThan(gridded["fire"]!, 0)
        let check = try TestSupport.cfchecks(out.appendingPathComponent("holomap.nc").path)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
    }

    /// `--layers natural`: a natural-only map (EDGAR v7 has no CO2 of its own and the consumption
    /// side is left out, so there is no production CO2 and no panoramic_net).
    func testNaturalAloneMakesANaturalOnlyMap() throws {
        _ = try requireSharedData()
        let out = try TestSupport.temporaryFolder().appendingPathComponent("out")
        let run = try build(["--layers", "natural", "--formats", "cog,tiles"], out: out)
        XCTAssertEqual(run.status, 0, run.stderr)
        try ManifestReader.assertMatchesSchema(out)
        let m = try ManifestReader.load(out)
        XCTAssertEqual(try XCTUnwrap(m["layers"] as? [[String: Any]]).compactMap { $0["code"] as? String }, Self.codes)
        for file in ["production.tif", "consumption.tif"] { XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), file) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("natural.tif").path))
        let viewer = try String(contentsOf: out.appendingPathComponent("tiles/index.html"), encoding: .utf8)
        for text in ["Natural sources and sinks", "Net balances", "Global Carbon Budget 2023", "GFED4.1s", "GLOBE", "MODIS"] {
            XCTAssertTrue(viewer.contains(text), text)
        }
    }

    /// Missing natural inputs: `if_missing: skip` builds without them (a note, `status: skipped`);
    /// the default `error` stops before anything is written, naming the file.
    func testMissingNaturalInputsSkipOrStop() throws {
        let folder = try TestSupport.temporaryFolder()
        for (mode, ok) in [("skip", true), ("error", false)] {
            let config = try BuildConfigYAML.write(BuildConfigYAML.text(lines: ["natural: {data: \(folder.path)/absent, if_missing: \(mode)}", "formats: [cog]"]),
                                                   in: folder, name: "\(mode).yaml")
            let out = folder.appendingPathComponent(mode)
            let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--config", config, "--out", out.path])
            let missing = "\(folder.path)/absent/gcb2023-gridded-land-fluxes/Land_carbon_uptake_DGVMs_gridded_GCB2023_2013-2022_mean.nc.gz"
            XCTAssertTrue(run.stderr.contains(missing), run.stderr)
            if ok {
                XCTAssertEqual(run.status, 0, run.stderr)
                let section = try XCTUnwrap(try ManifestReader.load(out)["natural"] as? [String: Any])
                XCTAssertEqual(section["status"] as? String, "skipped")
                try ManifestReader.assertMatchesSchema(out)
            } else {
                XCTAssertNotEqual(run.status, 0)
                XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
                XCTAssertTrue(run.stderr.hasSuffix("mean.nc.gz: no such file\n"), run.stderr)
                XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
            }
        }
    }

    /// A year outside GFED4.1s (1997–2021) with `fire_year: error` is one line naming the key and
    /// the range; `nearest` uses 2021 and the manifest says so.
    func testFireYearOutsideTheTables() throws {
        let data = try requireSharedData()
        let folder = try TestSupport.temporaryFolder()
        let owid = "{path: \(BuildConfigYAML.bundle)/owid-co2-2010-2022.csv, format: owid}"
        for (policy, ok) in [("error", false), ("nearest", true)] {
            let config = try BuildConfigYAML.write(BuildConfigYAML.text(year: 2022, inventory: owid, lines: ["natural: {data: \(data), fire_year: \(policy)}", "formats: [cog]"]),
                                                   in: folder, name: "\(policy).yaml")
            let out = folder.appendingPathComponent(policy)
            let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--config", config, "--out", out.path, "--quiet"])
            if ok {
                XCTAssertEqual(run.status, 0, run.stderr)
                let m = try ManifestReader.load(out)
                let year = try XCTUnwrap(((m["natural"] as? [String: Any])?["years"] as? [[String: Any]])?.first)
                XCTAssertEqual(year["fire_year"] as? String, "2021")
                // OWID is CO2: panoramic_net is the inventory's fossil CO2 + natural_net, no NaN.
                let totals = try XCTUnwrap(year["totals"] as? [[String: Any]])
                XCTAssertNotNil(totals.first { $0["layer"] as? String == "panoramic_net" }?["source"] as? Double)
            } else {
                XCTAssertNotEqual(run.status, 0)
                XCTAssertTrue(run.stderr.contains("key natural.fire_year): year 2022 is outside 1997–2021"), run.stderr)
                XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
            }
        }
    }
}
