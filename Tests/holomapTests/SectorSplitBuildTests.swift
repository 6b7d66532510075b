import Foundation
import XCTest
import HolomapTestSupport

/// OWID's national CH4 and N2O (NT) split by the bundle's EDGAR v4.3.2 table, gas by gas, against
/// shares computed here from EDGAR v4.3.2's raw files.
final class SectorSplitBuildTests: XCTestCase {
    func testOWIDNationalMethaneAndNitrousOxideSplitByEDGARSharesOfTheirGas() throws {
        let ch4 = try TestSupport.sharedFile("edgar-v432-national-by-sector/edgar_v432_ch4_by_country_ipcc1996_1970-2012.csv.gz")
        let python = try TestSupport.python(requiring: "csv")
        let bundle = TestSupport.repoRoot.appendingPathComponent("grids/default-bundle").path
        let folder = try TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("owid.yaml").path
        try """
        year: 2021
        grid: global-1
        boundaries: dcw
        inventory: {path: \(bundle)/owid-co2-2010-2022.csv, format: owid, split: {"NT": \(bundle)/nt-split-edgar-v432-2010-2012.csv}}
        gwp: {table: \(bundle)/gwp100.csv, set: AR5GWP100}
        proxies: {population: \(bundle)/population-gpw-v4-2000-0.5deg.tif, land_cover: \(bundle)/landcover-modis-igbp-2019-0.05deg.tif}
        formats: [cog]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("b")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--config", config, "--countries", "BRA,IND", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try ManifestReader.load(out)
        // EDGAR v4.3.2 2012 shares per gas from the raw files, applied to OWID's 2021 totals as the build read them.
        let script = """
        import csv, gzip, json, sys
        sectors = {"1A": "1.A", "1B": "1.B", "2": "2", "3": "2", "4A": "3.A", "4B": "3.A", "4C": "3.C", "4D": "3.C", "4F": "3.C", "6": "4", "7": "5"}
        out = {}
        for gas in ("ch4", "n2o"):
            for row in csv.DictReader(gzip.open(sys.argv[1].replace("_ch4_", "_" + gas + "_"), "rt")):
                if row["ISO_A3"] in ("BRA", "IND"):
                    s = next((v for k, v in sectors.items() if row["IPCC"].startswith(k)), None)
                    if s:
                        d = out.setdefault(row["ISO_A3"] + " " + gas.upper(), {})
                        d[s] = d.get(s, 0) + float(row["2012"] or 0)
        print(json.dumps({k: {s: v / sum(d.values()) for s, v in d.items()} for k, d in out.items()}))
        """
        let ref = try TestSupport.run(python, ["-c", script, ch4])
        XCTAssertEqual(ref.status, 0, ref.stderr)
        let shares = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(ref.stdout.utf8)) as? [String: [String: Double]])
        let rows = try ManifestReader.productionTotals(m)
        for iso3 in ["BRA", "IND"] {
            for gas in ["CH4", "N2O"] {
                let parts = rows.filter { $0["iso3"] as? String == iso3 && $0["gas"] as? String == gas }
                XCTAssertFalse(parts.contains { $0["sector"] as? String == "NT" }, "\(iso3) \(gas) split whole")
                let total = parts.reduce(0) { $0 + ($1["input"] as! Double) }
                XCTAssertGreaterThan(total, 0)
                for (sector, share) in try XCTUnwrap(shares["\(iso3) \(gas)"]) {
                    let got = parts.filter { $0["sector"] as? String == sector }.reduce(0) { $0 + ($1["input"] as! Double) }
                    XCTAssertEqual(got, total * share, accuracy: total * 1e-9, "\(iso3) \(gas) \(sector)")
                }
            }
        }
        // Brazil's methane is mostly livestock: it lands on grassland, not in cities.
        XCTAssertGreaterThan(try XCTUnwrap(shares["BRA CH4"]?["3.A"]), 0.6)
        let records = try XCTUnwrap(m["sector_split"] as? [[String: Any]])
        XCTAssertEqual(records.first?["sector"] as? String, "NT")
    }
}
