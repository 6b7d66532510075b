import Foundation
import XCTest
import HolomapTestSupport

/// Trade layers of `holomap build` from an MRIO: pymrio's test system with its six regions named
/// as European countries, EDGAR 2021 production at 1°. Per country, the layers hold pymrio's own
/// D_imp and D_exp, and net trade is pymrio's D_cba − D_pba.
final class TradeLayerTests: XCTestCase {
    static let regions = ["reg1": "FRA", "reg2": "DEU", "reg3": "ITA", "reg4": "ESP", "reg5": "POL", "reg6": "NLD"]

    /// The pymrio test system copied with ISO codes for its regions, and a build config using it.
    func setUp(in folder: URL) throws -> String {
        let expected = try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv")
        let source = URL(fileURLWithPath: expected).deletingLastPathComponent().appendingPathComponent("mrio")
        let mrio = folder.appendingPathComponent("mrio")
        try FileManager.default.copyItem(at: source, to: mrio)
        for file in ["Z.txt", "Y.txt", "emissions/F.txt", "emissions/F_Y.txt", "factor_inputs/F.txt"] {
            let url = mrio.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.regions[String($0)] ?? String($0) }.joined(separator: "\t")
            }.joined(separator: "\n")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let map = folder.appendingPathComponent("sectors.csv")
        try """
        mrio_sector,ipcc_sector
        food,3
        mining,1.B
        manufactoring,1.A.2
        electricity,1.A.1
        construction,1.A.2
        trade,1.A.4
        transport,1.A.3
        other,1.A.4

        """.write(to: map, atomically: true, encoding: .utf8)
        return try BuildConfigYAML.write(BuildConfigYAML.text(proxies: BuildConfigYAML.plants, lines: [
            "trade: {path: \(mrio.path), format: pymrio, stressor: [emission_type1], unit: kg, sector_map: \(map.path)}",
            "formats: [cog, netcdf]",
        ]), in: folder)
    }

    func testTradeLayersHoldPymriosAccounts() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--config", try setUp(in: folder), "--countries", "FRA,DEU,ITA,ESP,POL,NLD,GBR",
                                                                  "--out", out.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        // The table states no year: the build says whose structure and emissions the layers hold.
        XCTAssertTrue(run.stderr.contains("note: trade 2021: the MRIO's structure is of an unstated year, and so are its emissions"), run.stderr)
        try ManifestReader.assertMatchesSchema(out)
        let m = try ManifestReader.load(out)
        let trade = try XCTUnwrap(m["trade"] as? [String: Any])
        let rows = try XCTUnwrap(trade["countries"] as? [[String: Any]])
        // pymrio's calc_all, kg → t.
        var want: [String: [String: Double]] = [:]
        for (line, f) in CSVReaderForTests.rows(try String(contentsOfFile: try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv"), encoding: .utf8))
        where line > 0 && f[2] == "emission_type1" {
            want[f[0], default: [:]][Self.regions[f[1]]!] = Double(f[4])! * 1e-3
        }
        var netSum = 0.0
        for iso3 in Self.regions.values.sorted() {
            let row = try XCTUnwrap(rows.first { $0["iso3"] as? String == iso3 })
            XCTAssertEqual(row["status"] as? String, "gridded")
            let imp = try XCTUnwrap(row["embodied_imports"] as? Double), exp = try XCTUnwrap(row["embodied_exports"] as? Double)
            let net = try XCTUnwrap(row["net_trade"] as? Double)
            let (wImp, wExp, cba, pba) = (want["D_imp"]![iso3]!, want["D_exp"]![iso3]!, want["D_cba"]![iso3]!, want["D_pba"]![iso3]!)
            XCTAssertEqual(imp, wImp, accuracy: wImp * 1e-9); XCTAssertEqual(exp, wExp, accuracy: wExp * 1e-9)
            XCTAssertEqual(net, cba - pba, accuracy: max(cba, pba) * 1e-9, iso3)
            // What the layers hold, per country, to 1e-9.
            XCTAssertEqual(try XCTUnwrap(row["imports_gridded"] as? Double), wImp, accuracy: wImp * 1e-9)
            XCTAssertEqual(try XCTUnwrap(row["exports_gridded"] as? Double), wExp, accuracy: wExp * 1e-9)
            netSum += cba - pba
        }
        // The manifest's checks: net_trade per country = MRIO D_cba − D_pba, and the inventory accounted.
        let checks = try XCTUnwrap(m["checks"] as? [[String: Any]])
        let identity = try XCTUnwrap(checks.first { $0["name"] as? String == "trade_identity" })
        XCTAssertEqual(identity["ok"] as? Bool, true, "\(identity)"); XCTAssertEqual(identity["year"] as? Int, 2021)
        XCTAssertLessThanOrEqual(try XCTUnwrap(identity["value"] as? Double), 1e-9)
        XCTAssertTrue((identity["detail"] as? String)?.contains("for 6 countries") == true, "\(identity)")
        XCTAssertEqual(checks.first { $0["name"] as? String == "inventory_accounted" }?["ok"] as? Bool, true)
        // The trade section's files are inputs with checksums (every file of the MRIO folder).
        let inputs = try XCTUnwrap(m["inputs"] as? [[String: Any]])
        let roles = inputs.compactMap { $0["role"] as? String }
        XCTAssertTrue(roles.contains("trade_sector_map"), "\(roles)")
        XCTAssertTrue(inputs.contains { ($0["path"] as? String)?.hasSuffix("mrio/Z.txt") == true && $0["role"] as? String == "trade_mrio" }, "\(inputs)")
        XCTAssertTrue(inputs.contains { ($0["path"] as? String)?.hasSuffix("mrio/emissions/F.txt") == true }, "\(inputs)")
        // The United Kingdom is not a region of the table: no account, NoData in the trade layers.
        XCTAssertEqual(rows.first { $0["iso3"] as? String == "GBR" }?["status"] as? String, "no_account")
        XCTAssertEqual((trade["years"] as? [[String: Any]])?.first?["mrio_year"] as? NSNull, NSNull())
        let python = try TestSupport.python(requiring: "rasterio")
        let script = """
        import rasterio, numpy as n
        p = rasterio.open('\(out.path)/production.tif'); d = rasterio.open('\(out.path)/consumption.tif'); k = rasterio.open('\(out.path)/country.tif')
        band = lambda r, b: r.read(r.descriptions.index(b) + 1).astype(n.float64)
        imp, exp, net = band(d, 'embodied_imports'), band(d, 'embodied_exports'), band(d, 'net_trade')
        # EDGAR v7 by sector is all-GHG: exports are spread like production outside land use (IPCC 3).
        co2 = sum(band(p, b) for b in p.descriptions if b != 'total' and b != '3' and not b.startswith('3.'))
        print(list(d.descriptions))
        print(repr(float(n.nansum(net))), repr(float(n.nansum(imp) - n.nansum(exp))))
        # exports only where fossil CO2 is produced; NaN only in the trade layers, in cells only the UK covers
        import csv; codes = {r['iso3']: r['value'] for r in csv.DictReader(open('\(out.path)/country.csv'))}
        ids = k.read(1)
        print(int(((n.nan_to_num(exp) != 0) & (co2 == 0)).sum()), int(n.isnan(exp).sum()), int(n.isnan(exp[ids == int(codes["GBR"])]).sum()), int(n.isnan(co2).sum()))
        """
        let check = try TestSupport.run(python, ["-c", script])
        let lines = check.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, check.stderr)
        XCTAssertEqual(String(lines[0]), "['embodied_imports', 'embodied_exports', 'net_trade']")
        let sums = lines[1].split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(sums.count, 2)
        XCTAssertEqual(sums[0], netSum, accuracy: abs(want["D_imp"]!.values.reduce(0, +)) * 1e-6)
        XCTAssertEqual(sums[1], netSum, accuracy: abs(want["D_imp"]!.values.reduce(0, +)) * 1e-6)
        let counts = lines[2].split(separator: " ").compactMap { Int($0) }
        XCTAssertEqual(counts[0], 0, "embodied exports outside fossil CO2 production cells")
        XCTAssertGreaterThan(counts[1], 0, "cells only the United Kingdom covers are NaN")
        XCTAssertEqual(counts[1], counts[2], "every NaN is in a cell the United Kingdom holds most of")
        XCTAssertEqual(counts[3], 0)
    }
}

/// A minimal CSV split for the reference file (no quoted fields in it).
enum CSVReaderForTests {
    static func rows(_ text: String) -> [(Int, [String])] {
        text.split(separator: "\n").enumerated().map { ($0.offset, $0.element.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
    }
}
