import Foundation
import XCTest
import HolomapTestSupport

/// International bunkers and territories without a country polygon, on the default bundle at
/// 0.1°: the bunkers band against EDGAR's rows and the original lanes and airports
/// (scripts/reference_bunkers.py), no bunker in a national total, Hong Kong and Macao placed.
final class BunkerTests: XCTestCase {
    nonisolated(unsafe) static var built: URL?

    func build() throws -> URL {
        if let built = Self.built { return built }
        let out = try TestSupport.temporaryFolder().appendingPathComponent("build")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--out", out.path, "--formats", "cog"])
        XCTAssertEqual(run.status, 0, run.stderr)
        Self.built = out
        return out
    }

    func testBunkersLandAtAirportsAndAlongLanesAndInNoNationalTotal() throws {
        let edgar = try TestSupport.sharedFile("edgar-v7-ghg-by-sector/edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv")
        let python = try TestSupport.python(requiring: "rasterio")
        let out = try build()
        let m = try ManifestReader.load(out)
        try ManifestReader.assertMatchesSchema(out)
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/reference_bunkers.py").path
        let run = try TestSupport.run(python, [script, out.path, TestSupport.sharedData.path, edgar, "2021"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let ref = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Double])
        let inventory = try XCTUnwrap(ref["inventory"])
        // EDGAR v7.0 2021: AIR 395.361 + SEA 741.355 Mt CO2e.
        XCTAssertEqual(inventory / 1e6, 1136.71636, accuracy: 1e-6)
        let bunkers = try XCTUnwrap(m["bunkers"] as? [String: Any])
        let year = try XCTUnwrap((bunkers["years"] as? [[String: Any]])?.first)
        // The ledger (Float64) holds the inventory's rows to 1e-9; the Float32 band to 1e-6.
        XCTAssertEqual(try XCTUnwrap(year["gridded"] as? Double), inventory, accuracy: inventory * 1e-9)
        XCTAssertEqual(try XCTUnwrap(year["input"] as? Double), inventory, accuracy: inventory * 1e-9)
        XCTAssertEqual(year["unallocated"] as? Double, 0)
        XCTAssertEqual(try XCTUnwrap(ref["band_sum"]), inventory, accuracy: inventory * 1e-6)
        // Plausibility: aviation (395.4 Mt) in civil-airport cells, the rest on cells the original
        // lanes touch, nothing elsewhere, and the lane mass mostly where no country is.
        let aviation = try XCTUnwrap(year["aviation_gridded"] as? Double)
        XCTAssertEqual(aviation, 395_361_060, accuracy: 1)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(ref["at_airports"]), aviation * (1 - 1e-6))
        XCTAssertEqual(try XCTUnwrap(ref["at_airports"]) + ref["on_lanes"]!, inventory, accuracy: inventory * 1e-6)
        XCTAssertEqual(try XCTUnwrap(ref["elsewhere"]), 0, accuracy: inventory * 1e-9)
        XCTAssertGreaterThan(try XCTUnwrap(ref["lanes_at_sea"]), 0.95)
        // No national total holds a bunker: memo rows only under AIR and SEA, which are not countries.
        let rows = try ManifestReader.productionTotals(m)
        for row in rows where (row["sector"] as? String)?.hasPrefix("M.") == true {
            XCTAssertTrue(["AIR", "SEA"].contains(row["iso3"] as? String), "\(row)")
        }
        XCTAssertTrue(rows.allSatisfy { ($0["sector"] as? String)?.hasPrefix("M.") == true || !["AIR", "SEA"].contains($0["iso3"] as? String) })
        let summary = try XCTUnwrap((m["summary"] as? [[String: Any]])?.first)
        XCTAssertEqual(summary["production_unallocated"] as? Double, 0)
        // China's total is its five sectors, as before bunkers were gridded.
        XCTAssertEqual(try XCTUnwrap(try ManifestReader.total(m, iso3: "CHN")).input / 1e6, 15_266.306, accuracy: 1e-6)
    }

    func testHongKongAndMacaoArePlacedWithTheirFootprints() throws {
        let edgar = try TestSupport.sharedFile("edgar-v7-ghg-by-sector/edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv")
        let out = try build()
        let m = try ManifestReader.load(out)
        XCTAssertTrue((m["unallocated"] as? [[String: Any]])?.isEmpty ?? false, "\(m["unallocated"] ?? "")")
        // EDGAR v7.0 2021, read here: Hong Kong's and Macao's rows, gridded in full.
        var expected: [String: Double] = [:]
        let lines = try String(contentsOfFile: edgar, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let column = try XCTUnwrap(header.firstIndex(of: "2021")), code = try XCTUnwrap(header.firstIndex(of: "EDGAR Country Code"))
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if ["HKG", "MAC"].contains(String(f[code])) { expected[String(f[code]), default: 0] += Double(f[column])! * 1e6 }
        }
        for iso3 in ["HKG", "MAC"] {
            let total = try XCTUnwrap(try ManifestReader.total(m, iso3: iso3))
            XCTAssertEqual(total.input, expected[iso3]!, accuracy: expected[iso3]! * 1e-9)
            XCTAssertEqual(total.gridded, total.input, accuracy: total.input * 1e-9)
        }
        // OWID 2021: Hong Kong's consumption-based CO2 is 89.711 Mt, now on the map.
        let hkg = try XCTUnwrap(try ManifestReader.consumptionCountries(m).first { $0["iso3"] as? String == "HKG" })
        XCTAssertEqual(try XCTUnwrap(hkg["consumption_gridded"] as? Double) / 1e6, 89.711, accuracy: 1e-6)
        // Kowloon's cell is Hong Kong's in country.tif (majority), Guangzhou's China's (Macao, 33 km², is
        // no 0.1° cell's majority; DCWBoundaryTests checks it at 0.01°).
        let python = try TestSupport.python(requiring: "rasterio")
        let read = try TestSupport.run(python, ["-c", """
            import rasterio, csv
            d = rasterio.open('\(out.path)/country.tif'); ids = {r['value']: r['iso3'] for r in csv.DictReader(open('\(out.path)/country.csv'))}
            print(' '.join(ids.get(str(v[0]), '-') for v in d.sample([(114.17, 22.32), (113.25, 23.13)])))
            """])
        XCTAssertEqual(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "HKG CHN", read.stderr)
    }

    /// EDGAR v7's Transport split by EDGAR v4.3.2's 2012 sub-sectors (read here from the raw
    /// files by scripts/reference_domestic_transport.py), domestic flights at airports and boats in
    /// ports (Natural Earth's own GeoJSON), the rest of each band only in countries that fell back.
    func testDomesticFlightsLandAtAirportsAndBoatsInPorts() throws {
        let python = try TestSupport.python(requiring: "rasterio")
        _ = try TestSupport.sharedFile("edgar-v432-national-by-sector/edgar_v432_co2_by_country_ipcc1996_1970-2012.csv.gz")
        let out = try build()
        let m = try ManifestReader.load(out)
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/reference_domestic_transport.py").path
        let countries = ["USA", "CHN", "JPN", "NOR", "IDN", "BRA", "GBR"]
        let run = try TestSupport.run(python, [script, out.path, TestSupport.sharedData.path, "2021", countries.joined(separator: ",")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let ref = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let expected = try XCTUnwrap(ref["expected"] as? [String: [String: Double]])
        for iso3 in countries {
            for sector in ["1.A.3.a", "1.A.3.d"] {
                let want = try XCTUnwrap(expected[iso3]?[sector])
                let got = try XCTUnwrap(try ManifestReader.total(m, iso3: iso3, sector: sector), "\(iso3) \(sector)")
                XCTAssertEqual(got.input, want, accuracy: want * 1e-9, "\(iso3) \(sector)")
                XCTAssertEqual(got.gridded, got.input, accuracy: want * 1e-9)
            }
        }
        // USA 2021: 1,680.3 Mt of transport × 2012's 8.6 % domestic aviation.
        XCTAssertEqual(try XCTUnwrap(expected["USA"]?["1.A.3.a"]) / 1e6, 144.537, accuracy: 1e-3)
        // What is not at an airport (port) belongs to countries without one: their fallbacks.
        let rows = try ManifestReader.productionTotals(m), fallbacks = try XCTUnwrap(m["fallbacks"] as? [[String: Any]])
        func withoutFallback(_ sector: String) -> Double {
            let fell = Set(fallbacks.filter { ($0["quantity"] as? [String: Any])?["sector"] as? String == sector }.compactMap { $0["iso3"] as? String })
            return rows.filter { $0["sector"] as? String == sector && !fell.contains($0["iso3"] as! String) }.reduce(0) { $0 + ($1["input"] as! Double) }
        }
        let aviation = withoutFallback("1.A.3.a"), navigation = withoutFallback("1.A.3.d")
        XCTAssertGreaterThan(aviation, 300e6)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(ref["at_airports"] as? Double), aviation * (1 - 1e-6))
        // Ports moved into their country's nearest cell (9 of 1,081) put theirs beside the port's own cell.
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(ref["at_ports"] as? Double), navigation * 0.95)
        let sites = try XCTUnwrap(m["sites"] as? [[String: Any]])
        XCTAssertEqual(sites.map { $0["proxy"] as? String }, ["airports", "ports"])
        // Border airports stay in their own country (Vientiane's is Laos's though most of its 0.1°
        // cell is Thailand; Macao's is Macao's): no fallback for either.
        let aviationFallbacks = Set(fallbacks.filter { ($0["quantity"] as? [String: Any])?["sector"] as? String == "1.A.3.a" }.compactMap { $0["iso3"] as? String })
        XCTAssertTrue(aviationFallbacks.isDisjoint(with: ["LAO", "MAC", "CHE", "USA", "CHN"]), "\(aviationFallbacks)")
        // Cayenne is France's for Natural Earth and French Guiana's for DCW-GMT: it goes to French Guiana, listed.
        XCTAssertTrue((sites[0]["reassigned"] as? [String])?.contains("Cayenne – Rochambeau (FRA) → GUF") == true, "\(sites[0])")
    }

    /// A national build gives a country's airports the cells and amounts of the global build:
    /// nothing of a neighbour's airports (Milan's, Mulhouse's) is pulled across the border.
    func testANationalBuildPlacesAirportsAsTheGlobalBuild() throws {
        let python = try TestSupport.python(requiring: "rasterio")
        let global = try build()
        let out = try TestSupport.temporaryFolder().appendingPathComponent("che")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--countries", "CHE,LAO", "--out", out.path, "--formats", "cog", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let compare = try TestSupport.run(python, ["-c", """
            import rasterio, numpy as n
            g = rasterio.open('\(global.path)/production.tif'); w = rasterio.open('\(out.path)/production.tif')
            band = lambda r: n.nan_to_num(r.read(list(r.descriptions).index('1.A.3.a') + 1).astype(n.float64))
            gb, wb = band(g), band(w)
            rows, cols = n.nonzero(wb)
            worst = 0.0
            for r, c in zip(rows, cols):
                x, y = w.xy(r, c)
                gr, gc = g.index(x, y)
                worst = max(worst, abs(gb[gr, gc] - wb[r, c]) / wb[r, c])
            print(len(rows), worst, wb.sum())
            """])
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let f = compare.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(f.count, 3, compare.stdout)
        XCTAssertGreaterThanOrEqual(f[0], 3, "CHE's and LAO's airport cells")
        XCTAssertLessThan(f[1], 1e-6, "each cell as in the global build")
        let m = try ManifestReader.load(out)
        let want = try XCTUnwrap(try ManifestReader.total(m, iso3: "CHE", sector: "1.A.3.a")).input + (try XCTUnwrap(try ManifestReader.total(m, iso3: "LAO", sector: "1.A.3.a")).input)
        XCTAssertEqual(f[2], want, accuracy: want * 1e-6)
    }
}

/// EDGAR v7.0 is all-GHG CO2e in AR5: under a config asking for AR6 it cannot be converted (the
/// gas split is unknown), so the outputs say AR5 and the run warns.
final class GWPLabelTests: XCTestCase {
    func testEdgarV7UnderAR6IsLabelledAR5AndWarns() throws {
        let folder = try TestSupport.temporaryFolder()
        let config = try BuildConfigYAML.write(BuildConfigYAML.text(gwp: "AR6GWP100", lines: ["formats: [cog]"]), in: folder, name: "ar6.yaml")
        let out = folder.appendingPathComponent("build")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--config", config, "--out", out.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("gwp_basis"), run.stderr)
        let m = try ManifestReader.load(out)
        try ManifestReader.assertMatchesSchema(out)
        XCTAssertEqual(m["gwp"] as? String, "AR6GWP100")
        let basis = try XCTUnwrap(m["gwp_basis"] as? [String: Any])
        XCTAssertEqual(basis["inventory"] as? String, "CO2e (AR5GWP100)")
        XCTAssertEqual(basis["mismatch"] as? Bool, true)
        XCTAssertEqual(basis["output"] as? String, "AR5GWP100, the inventory's; not AR6GWP100 as configured")
        // Every all-GHG value is left in AR5: none converted, none taken as a mass.
        XCTAssertGreaterThan(try XCTUnwrap(basis["unconverted_values"] as? Int), 1000)
        XCTAssertEqual(basis["converted_values"] as? Int, 0)
        XCTAssertEqual(basis["same_set_values"] as? Int, 0)
        XCTAssertEqual(basis["mass_values"] as? Int, 0)
        // The band labels name AR5, never AR6 (gdalinfo reads them independently).
        let info = try TestSupport.run("/usr/bin/gdalinfo", [out.appendingPathComponent("production.tif").path]).stdout
        XCTAssertTrue(info.contains("t CO2e (AR5GWP100, the inventory's; not AR6GWP100 as configured)"), info)
        XCTAssertFalse(info.contains("(AR6GWP100)"))
    }
}
