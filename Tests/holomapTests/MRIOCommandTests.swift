import Foundation
import XCTest
import HolomapTestSupport

/// `holomap mrio` and `holomap adjustments --source mrio` on real tables: pymrio's test system
/// (against pymrio's own calc_all), the same system rewritten in the generic CSV and EXIOBASE zip
/// layouts, and the WIOD 2009 table with GCB 2009 totals.
final class MRIOCommandTests: XCTestCase {
    typealias Key = String   // account/region/stressor/compartment

    func footprints(_ arguments: [String]) throws -> [Key: Double] {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("fp.csv").path
        let run = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints"] + arguments + ["--out", out, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return try readLong(out, header: "account,region,stressor,compartment,value")
    }

    func readLong(_ path: String, header: String) throws -> [Key: Double] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), header)
        var out: [Key: Double] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            out[f.dropLast().joined(separator: "/")] = Double(f.last!)!
        }
        return out
    }

    func expectedPymrio() throws -> [Key: Double] {
        let path = try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv")
        return try readLong(path, header: "account,region,stressor,compartment,value")
    }

    func assertEqualToPymrio(_ got: [Key: Double], file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try expectedPymrio()
        XCTAssertEqual(expected.count, 48, file: file, line: line)
        for (key, want) in expected {
            let value = try XCTUnwrap(got[key], key, file: file, line: line)
            XCTAssertEqual(value, want, accuracy: abs(want) * 1e-9, key, file: file, line: line)
        }
    }

    var pymrioFolder: String { get throws { try TestSupport.sharedFile("pymrio-test-mrio/mrio") } }

    func testPymrioFolderEqualsPymrioAndEEBTBalances() throws {
        let got = try footprints(["--format", "pymrio", "--dir", try pymrioFolder])
        try assertEqualToPymrio(got)
        // Every extension is accounted (factor_inputs too), and the EEBT consumption account
        // differs from the MRIO one per region but has the same world total (both equal Σ D_pba).
        XCTAssertNotNil(got["D_cba/reg1/Value Added/"])
        for stressor in ["emission_type1/air", "emission_type2/water"] {
            let regions = (1...6).map { "reg\($0)" }
            let pba = regions.reduce(0) { $0 + got["D_pba/\($1)/\(stressor)"]! }
            let eebt = regions.reduce(0) { $0 + got["D_cba_eebt/\($1)/\(stressor)"]! }
            XCTAssertEqual(eebt, pba, accuracy: pba * 1e-12)
            XCTAssertNotEqual(got["D_cba_eebt/reg1/\(stressor)"]!, got["D_cba/reg1/\(stressor)"]!, accuracy: 1)
        }
    }

    func testTransfersRowsSumToTerritorialAndColumnsToFootprints() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("t.csv").path
        let run = try TestSupport.run(try TestSupport.holomap(), ["mrio", "transfers", "--dir", try pymrioFolder, "--out", out, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let t = try readLong(out, header: "variant,stressor,compartment,producer,consumer,value")
        let fp = try footprints(["--dir", try pymrioFolder])
        let regions = (1...6).map { "reg\($0)" }
        let s = "emission_type1/air"
        // F_Y of each region: D_pba − Σ_r T[p, r] (the MRIO rows hold the sectors' emissions only).
        for p in regions {
            let mrioRow = regions.reduce(0) { $0 + t["mrio/\(s)/\(p)/\($1)"]! }
            let eebtRow = regions.reduce(0) { $0 + t["eebt/\(s)/\(p)/\($1)"]! }
            XCTAssertEqual(mrioRow, eebtRow, accuracy: abs(mrioRow) * 1e-12, "both rows are S_p x_p")
            let mrioColumn = regions.reduce(0) { $0 + t["mrio/\(s)/\($1)/\(p)"]! }
            let fy = fp["D_pba/\(p)/\(s)"]! - mrioRow
            XCTAssertEqual(mrioColumn + fy, fp["D_cba/\(p)/\(s)"]!, accuracy: abs(fp["D_cba/\(p)/\(s)"]!) * 1e-12)
            let eebtColumn = regions.reduce(0) { $0 + t["eebt/\(s)/\($1)/\(p)"]! }
            XCTAssertEqual(eebtColumn + fy, fp["D_cba_eebt/\(p)/\(s)"]!, accuracy: abs(eebtColumn) * 1e-12)
        }
    }

    /// pymrio's tab-separated table: header rows, then label columns and values.
    func readTxt(_ path: String, headers: Int, indexColumns: Int) throws -> (columns: [[String]], rows: [[String]], values: [[Double]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let columns = lines[0..<headers].map { Array($0[indexColumns...]) }
        var body = Array(lines[headers...])
        if body.first.map({ $0[indexColumns...].allSatisfy(\.isEmpty) }) == true { body.removeFirst() }
        return (columns, body.map { Array($0[0..<indexColumns]) }, body.map { $0[indexColumns...].map { Double($0)! } })
    }

    func testGenericCSVLayoutGivesTheSameAccounts() throws {
        let source = URL(fileURLWithPath: try pymrioFolder)
        let z = try readTxt(source.appendingPathComponent("Z.txt").path, headers: 2, indexColumns: 2)
        let y = try readTxt(source.appendingPathComponent("Y.txt").path, headers: 2, indexColumns: 2)
        let f = try readTxt(source.appendingPathComponent("emissions/F.txt").path, headers: 2, indexColumns: 2)
        let fy = try readTxt(source.appendingPathComponent("emissions/F_Y.txt").path, headers: 2, indexColumns: 2)
        func labels(_ c: [[String]]) -> [String] { (0..<c[0].count).map { "\(c[0][$0])_\(c[1][$0])" } }
        func write(_ name: String, _ header: String, _ rows: [String], _ values: [[Double]], in folder: URL) throws {
            var text = header + "\n"
            for (label, row) in zip(rows, values) { text += label + "," + row.map { "\($0)" }.joined(separator: ",") + "\n" }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let folder = try TestSupport.temporaryFolder()
        try write("Z.csv", "row," + labels(z.columns).joined(separator: ","), z.rows.map { "\($0[0])_\($0[1])" }, z.values, in: folder)
        try write("Y.csv", "row," + labels(y.columns).joined(separator: ","), y.rows.map { "\($0[0])_\($0[1])" }, y.values, in: folder)
        try write("F.csv", "stressor,compartment," + labels(f.columns).joined(separator: ","), f.rows.map { $0.joined(separator: ",") }, f.values, in: folder)
        try write("F_Y.csv", "stressor,compartment," + labels(fy.columns).joined(separator: ","), fy.rows.map { $0.joined(separator: ",") }, fy.values, in: folder)
        try assertEqualToPymrio(try footprints(["--format", "csv", "--dir", folder.path]))

        // Bad input: one line naming the file and the place, exit 1, nothing written.
        let out = folder.appendingPathComponent("bad.csv").path
        var zText = try String(contentsOf: folder.appendingPathComponent("Z.csv"), encoding: .utf8)
        zText = zText.replacingOccurrences(of: "\nreg1_mining,", with: "\nreg1_minnig,")
        try zText.write(to: folder.appendingPathComponent("Z.csv"), atomically: true, encoding: .utf8)
        let mislabelled = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "csv", "--dir", folder.path, "--out", out])
        XCTAssertEqual(mislabelled.status, 1)
        XCTAssertEqual(mislabelled.stderr.split(separator: "\n").count, 1, mislabelled.stderr)
        XCTAssertTrue(mislabelled.stderr.contains("Z.csv (line 3): row label 'reg1_minnig' differs from column label 'reg1_mining'"), mislabelled.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let lines = zText.split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("Z.csv"), atomically: true, encoding: .utf8)
        let notSquare = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "csv", "--dir", folder.path, "--out", out])
        XCTAssertEqual(notSquare.status, 1)
        XCTAssertTrue(notSquare.stderr.contains("Z is not square (47 × 48)"), notSquare.stderr)
        let unknown = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "eora", "--dir", folder.path, "--out", out])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
    }

    /// Negative output and a singular (I − A): one line each, exit 1, nothing written.
    func testNegativeOutputAndSingularLeontiefMatrix() throws {
        let folder = try TestSupport.temporaryFolder()
        func table(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let out = folder.appendingPathComponent("fp.csv").path
        try table("Z.csv", "row,A_s,B_s\nA_s,1,2\nB_s,3,4\n")
        try table("Y.csv", "row,A_h,B_h\nA_s,-20,1\nB_s,5,5\n")
        try table("F.csv", "stressor,compartment,A_s,B_s\nco2,air,1,1\n")
        let negative = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "csv", "--dir", folder.path, "--out", out])
        XCTAssertEqual(negative.status, 1)
        XCTAssertEqual(negative.stderr.split(separator: "\n").count, 1, negative.stderr)
        XCTAssertTrue(negative.stderr.contains("Z.csv (row A_s): negative total output -16"), negative.stderr)
        // Each sector sells all its output to the other and nothing to final demand: A = [[0, 1], [1, 0]].
        try table("Z.csv", "row,A_s,B_s\nA_s,0,10\nB_s,10,0\n")
        try table("Y.csv", "row,A_h,B_h\nA_s,0,0\nB_s,0,0\n")
        let singular = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "csv", "--dir", folder.path, "--out", out, "--quiet"])
        XCTAssertEqual(singular.status, 1)
        XCTAssertEqual(singular.stderr.split(separator: "\n").count, 1, singular.stderr)
        XCTAssertTrue(singular.stderr.contains("(I − A) is singular"), singular.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// A synthetic archive in the EXIOBASE 3 layout: the test system as `IOT_2011_ixi/` with A
    /// and x instead of Z, the emissions as `satellite/` with the final-demand file named F_hh.
    func testExiobaseZipLayoutGivesTheSameAccounts() throws {
        let python = try TestSupport.python(requiring: "zipfile")
        let source = URL(fileURLWithPath: try pymrioFolder)
        let folder = try TestSupport.temporaryFolder()
        let root = folder.appendingPathComponent("IOT_2011_ixi")
        let satellite = root.appendingPathComponent("satellite")
        try FileManager.default.createDirectory(at: satellite, withIntermediateDirectories: true)
        let zLines = try String(contentsOf: source.appendingPathComponent("Z.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        let z = try readTxt(source.appendingPathComponent("Z.txt").path, headers: 2, indexColumns: 2)
        let y = try readTxt(source.appendingPathComponent("Y.txt").path, headers: 2, indexColumns: 2)
        let x: [Double] = z.values.indices.map { r -> Double in z.values[r].reduce(0, +) + y.values[r].reduce(0, +) }
        var a = Array(zLines[0..<3])
        for (r, row) in z.values.enumerated() {
            let coefficients: [String] = row.indices.map { c -> String in String(describing: row[c] / x[c]) }
            a.append((z.rows[r] + coefficients).joined(separator: "\t"))
        }
        try (a.joined(separator: "\n") + "\n").write(to: root.appendingPathComponent("A.txt"), atomically: true, encoding: .utf8)
        var xText = "region\tsector\tindout\n"
        for (r, value) in x.enumerated() { xText += "\(z.rows[r][0])\t\(z.rows[r][1])\t\(value)\n" }
        try xText.write(to: root.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: source.appendingPathComponent("Y.txt"), to: root.appendingPathComponent("Y.txt"))
        let core = #"{"files": {"A": {"name": "A.txt", "nr_index_col": "2", "nr_header": "2"}, "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"}, "x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"}}, "systemtype": "IOSystem"}"#
        try core.write(to: root.appendingPathComponent("file_parameters.json"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: source.appendingPathComponent("emissions/F.txt"), to: satellite.appendingPathComponent("F.txt"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("emissions/F_Y.txt"), to: satellite.appendingPathComponent("F_hh.txt"))
        let ext = #"{"files": {"F": {"name": "F.txt", "nr_index_col": "2", "nr_header": "2"}, "F_hh": {"name": "F_hh.txt", "nr_index_col": "2", "nr_header": "2"}}, "systemtype": "Extension"}"#
        try ext.write(to: satellite.appendingPathComponent("file_parameters.json"), atomically: true, encoding: .utf8)
        let zip = folder.appendingPathComponent("IOT_2011_ixi.zip").path
        let zipped = try TestSupport.run(python, ["-m", "zipfile", "-c", zip, root.path])
        XCTAssertEqual(zipped.status, 0, zipped.stderr)
        try assertEqualToPymrio(try footprints(["--format", "exiobase", "--dir", zip]))
    }

    func testATableWithoutCO2NeedsTheStressorNamed() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("adj.csv").path
        let base = ["adjustments", "--source", "mrio", "--mrio-format", "pymrio", "--data", try pymrioFolder, "--year", "2011", "--out", out]
        // pymrio's test system has emission_type1 and emission_type2, no CO2: no silent first stressor.
        let unnamed = try TestSupport.run(try TestSupport.holomap(), base)
        XCTAssertNotEqual(unnamed.status, 0)
        XCTAssertTrue(unnamed.stderr.contains("has no stressor named CO2: name the CO2 account with --stressor"), unnamed.stderr)
        XCTAssertTrue(unnamed.stderr.contains("emission_type1"), unnamed.stderr)
        let unknown = try TestSupport.run(try TestSupport.holomap(), base + ["--stressor", "CO2"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("--stressor CO2: "), unknown.stderr)
        XCTAssertEqual(TestSupport.files(in: folder), [], "nothing written")
        let named = try TestSupport.run(try TestSupport.holomap(), base + ["--stressor", "emission_type1"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stderr.contains("CO2 from the stressor emission_type1"), named.stderr)
        let wrongSource = try TestSupport.run(try TestSupport.holomap(), ["adjustments", "--source", "owid", "--data", out, "--year", "2011",
                                                                          "--stressor", "CO2", "--out", out + "2"])
        XCTAssertNotEqual(wrongSource.status, 0)
        XCTAssertTrue(wrongSource.stderr.contains("--stressor is for --source mrio"), wrongSource.stderr)
    }

    func testWIOD2009WithGCBTotals() throws {
        let wiod = try TestSupport.sharedFile("wiod-mrio")
        let gcb = try TestSupport.sharedFile("gcb-2022-national/gcb2022_national_fossil_co2_territorial_consumption_transfers_MtC.csv")
        let shares = try TestSupport.sharedFile("wiod-mrio/ewiod2016_co2_emissions_by_country_sector_kt_2000-2014.csv.gz")
        let edgar = try TestSupport.sharedFile("edgar-v432-national-by-sector/edgar_v432_co2_by_country_ipcc1996_1970-2012.csv.gz")
        let out = try TestSupport.temporaryFolder().appendingPathComponent("adj.csv").path
        let base = ["adjustments", "--source", "mrio", "--data", wiod, "--mrio-format", "wiod", "--year", "2009", "--territorial", gcb, "--sector-shares", shares]
        // The residence-based shares hold bunker fuel: they are not taken without the correction.
        let uncorrected = try TestSupport.run(try TestSupport.holomap(), base + ["--out", out])
        XCTAssertNotEqual(uncorrected.status, 0)
        XCTAssertTrue(uncorrected.stderr.contains("--sector-shares needs --domestic-transport"), uncorrected.stderr)
        let run = try TestSupport.run(try TestSupport.holomap(), base + ["--domestic-transport", edgar, "--out", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("fallback: NLD: no sector weights; split by gross output"), run.stderr)
        XCTAssertTrue(run.stderr.contains("20 sectors have zero output (their coefficients are zero): AUS_c35"), run.stderr)
        // Denmark's water transport loses its bunkers (37.5 Mt of the JRC's 79.7; domestic navigation 0.56).
        XCTAssertTrue(run.stderr.contains("bunkers out of the sector shares") && run.stderr.contains("DNK 39.2"), run.stderr)
        XCTAssertTrue(run.stderr.contains("households' direct emissions in F_Y (territorial − the industries' account): USA 1255.2"), run.stderr)
        let rows = Dictionary(uniqueKeysWithValues: try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }.map { ($0[0], $0) })
        XCTAssertEqual(rows.count, 40, "the 40 WIOD countries (RoW is not a country); ROM is read as ROU")
        XCTAssertNotNil(rows["ROU"])
        // Territorial = GCB 2009 (MtC × 44/12) exactly: industries + households conserve each national total.
        XCTAssertEqual(Double(rows["CHN"]![2])!, 2152.44 * 44 / 12, accuracy: 1e-9 * 7892)
        XCTAssertEqual(Double(rows["IDN"]![2])!, 109.705 * 44 / 12, accuracy: 1e-9 * 402, "zero-output sectors get no share")
        // Independent: numpy with L formed (scripts/reference_wiod_adjustments.py, variant
        // `corrected`), every country's territorial and consumption to 1e-9.
        let python = try TestSupport.python(requiring: "numpy")
        let reference = try TestSupport.run(python, [TestSupport.repoRoot.appendingPathComponent("scripts/reference_wiod_adjustments.py").path,
                                                     URL(fileURLWithPath: wiod).deletingLastPathComponent().path, "2009"])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        var compared = 0
        for line in reference.stdout.split(separator: "\n") where line.hasPrefix("corrected,") {
            let f = line.split(separator: ",").map(String.init)
            let row = try XCTUnwrap(rows[f[1]], f[1])
            let (t, c) = (Double(f[2])!, Double(f[3])!)
            XCTAssertEqual(Double(row[2])!, t, accuracy: t * 1e-9, f[1]); XCTAssertEqual(Double(row[3])!, c, accuracy: c * 1e-9, f[1])
            compared += 1
        }
        XCTAssertEqual(compared, 40)
        XCTAssertEqual(Double(rows["DNK"]![5])!, 32.95, accuracy: 0.01, "issue 11: +5.8 % with the bunkers in, GCB +27.5 %")
        // Independent check: GCB 2022's own consumption adjustment for 2009 (consumption −
        // territorial, from its published columns, read here by the test), computed with a
        // different MRIO (GTAP). The two cannot agree exactly; stated tolerances: the same sign
        // in at least 36 of the 40 countries, median |difference| ≤ 12 points, Pearson r ≥ 0.5
        // (measured 2026-12-03 before the bunker and household corrections: 38 of 40, 9.0 points, r = 0.62; largest gaps MLT, BEL, PRT).
        let gcbNames = ["AUS": "Australia", "AUT": "Austria", "BEL": "Belgium", "BGR": "Bulgaria", "BRA": "Brazil", "CAN": "Canada",
                        "CHN": "China", "CYP": "Cyprus", "CZE": "Czech Republic", "DEU": "Germany", "DNK": "Denmark", "ESP": "Spain",
                        "EST": "Estonia", "FIN": "Finland", "FRA": "France", "GBR": "United Kingdom", "GRC": "Greece", "HUN": "Hungary",
                        "IDN": "Indonesia", "IND": "India", "IRL": "Ireland", "ITA": "Italy", "JPN": "Japan", "KOR": "South Korea",
                        "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia", "MEX": "Mexico", "MLT": "Malta", "NLD": "Netherlands",
                        "POL": "Poland", "PRT": "Portugal", "ROU": "Romania", "RUS": "Russia", "SVK": "Slovakia", "SVN": "Slovenia",
                        "SWE": "Sweden", "TUR": "Turkey", "TWN": "Taiwan", "USA": "USA"]
        var published: [String: Double] = [:]
        for line in try String(contentsOfFile: gcb, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, f[1] == "2009", let t = Double(f[2]), let c = Double(f[3]) else { continue }
            published[f[0]] = (c - t) / t * 100
        }
        var pairs: [(ours: Double, gcb: Double)] = []
        for (iso3, name) in gcbNames {
            pairs.append((try XCTUnwrap(Double(try XCTUnwrap(rows[iso3])[5])), try XCTUnwrap(published[name], name)))
        }
        XCTAssertEqual(pairs.count, 40)
        XCTAssertGreaterThanOrEqual(pairs.filter { ($0.ours > 0) == ($0.gcb > 0) }.count, 36)
        let gaps = pairs.map { abs($0.ours - $0.gcb) }.sorted()
        XCTAssertLessThanOrEqual((gaps[19] + gaps[20]) / 2, 12)
        let mx = pairs.map(\.ours).reduce(0, +) / 40, my = pairs.map(\.gcb).reduce(0, +) / 40
        let sxy = pairs.reduce(0) { $0 + ($1.ours - mx) * ($1.gcb - my) }
        let sxx = pairs.reduce(0) { $0 + ($1.ours - mx) * ($1.ours - mx) }, syy = pairs.reduce(0) { $0 + ($1.gcb - my) * ($1.gcb - my) }
        XCTAssertGreaterThanOrEqual(sxy / (sxx * syy).squareRoot(), 0.5)
        // Without totals the WIOD table cannot be accounted: a clear error.
        let bare = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--format", "wiod", "--dir", wiod, "--year", "2009", "--out", out + "2"])
        XCTAssertEqual(bare.status, 1)
        XCTAssertTrue(bare.stderr.contains("no emissions account"), bare.stderr)
    }
}
