import Foundation
import XCTest
import HolomapTestSupport

/// What the files of `holomap build` tell a reader, as GDAL, netCDF and the CF checker read
/// them: the majority country's code table, NoData on every layer, CF cell methods and
/// standard names (never "due to emission" for a layer that holds removals).
final class OutputFormatTests: XCTestCase {
    func holomap(_ args: [String]) throws -> TestSupport.Output { try TestSupport.run(try TestSupport.holomap(), args) }

    /// Japan (CO2 from power and a net land sink) and South Africa, 2022, on the 1° grid.
    func buildWithRemovals() throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        let inventory = folder.appendingPathComponent("inv.csv").path
        try """
        iso3,year,sector,gas,value,unit
        JPN,2022,1.A.1,CO2,400,Mt
        JPN,2022,3.B,CO2,-50,Mt
        JPN,2022,3.A,CH4,300,kt
        ZAF,2022,1.A.1,CO2,200,Mt
        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try holomap(["build", "--grid", "global-1", "--year", "2022", "--inventory", inventory, "--formats", "cog,netcdf",
                               "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return out
    }

    /// country.tif's categories and attribute table as gdalinfo reads them: one per id of the
    /// manifest, named by Debian's ISO 3166-1 table; country.csv says the same; still a COG.
    func testCountryCOGCarriesItsCodeTableForGIS() throws {
        let out = try buildWithRemovals()
        let cog = out.appendingPathComponent("country.tif").path
        let info = try TestSupport.run("/usr/bin/gdalinfo", [cog]).stdout
        XCTAssertTrue(info.contains("NoData Value=0"), info)
        XCTAssertFalse(info.contains("holomap_country_codes"), "no long metadata string")
        let manifest = try ManifestReader.load(out)
        let ids = try XCTUnwrap(manifest["country_ids"] as? [[String: Any]]).map { ($0["id"] as! Int, $0["iso3"] as! String) }
        XCTAssertEqual(ids.map(\.1), ["JPN", "ZAF"])
        // gdalinfo lists categories as "  <value>: <name>" under "Categories:".
        let categories = try XCTUnwrap(info.components(separatedBy: "Categories:").dropFirst().first)
        for (id, iso3) in ids { XCTAssertTrue(categories.contains("\(id): \(iso3)\n"), "\(id): \(iso3) in \(categories)") }
        XCTAssertTrue(categories.contains("0: none\n"), categories)
        // The attribute table: rows of value, iso3, name; names from iso-codes' own JSON.
        let iso = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "/usr/share/iso-codes/json/iso_3166-1.json"))) as! [String: [[String: String]]]
        let names = Dictionary(uniqueKeysWithValues: iso["3166-1"]!.map { ($0["alpha_3"]!, $0["name"]!) })
        let rows = info.components(separatedBy: "<Row index=").dropFirst().map { row in
            row.components(separatedBy: "<F>").dropFirst().map { $0.components(separatedBy: "</F>")[0] }
        }
        XCTAssertEqual(rows, ids.map { ["\($0.0)", $0.1, names[$0.1]!] })
        XCTAssertTrue(info.contains("<Name>iso3</Name>") && info.contains("<Usage>2</Usage>"), "iso3 is the name column (GFU_Name): \(info)")
        let csv = try String(contentsOf: out.appendingPathComponent("country.csv"), encoding: .utf8)
        XCTAssertEqual(csv, "value,iso3,name\n" + ids.map { "\($0.0),\($0.1),\(names[$0.1]!)\n" }.joined())
        let rio = try TestSupport.peerTool("rio", module: "rio_cogeo")
        for file in ["country.tif", "production.tif"] {
            let validated = try TestSupport.run(rio, ["cogeo", "validate", "--strict", out.appendingPathComponent(file).path]).stdout
            XCTAssertTrue(validated.contains("is a valid cloud optimized GeoTIFF") && !validated.contains("Warnings"), validated)
        }
    }

    /// Every band and variable declares NoData (NaN for the layers, 0 for the country ids),
    /// yet cells without emissions (oceans, in tiles never written) read 0, not NoData.
    func testEveryLayerDeclaresNoDataAndOceansReadZero() throws {
        let out = try buildWithRemovals()
        let cog = out.appendingPathComponent("production.tif").path
        let info = try TestSupport.run("/usr/bin/gdalinfo", [cog]).stdout
        let bands = info.components(separatedBy: "\nBand ").count - 1
        XCTAssertGreaterThan(bands, 3)
        XCTAssertEqual(info.components(separatedBy: "NoData Value=nan").count - 1, bands, info)
        let header = try TestSupport.run("/usr/bin/ncdump", ["-h", out.appendingPathComponent("holomap.nc").path]).stdout
        let floats = header.split(separator: "\n").filter { $0.contains("float ") && ($0.contains("mass_") || $0.contains("flux_")) }
        XCTAssertGreaterThan(floats.count, 6)
        for line in floats {
            let name = line.split(separator: " ")[1].split(separator: "(")[0]
            XCTAssertTrue(header.contains("\(name):_FillValue = NaNf ;"), "\(name) has _FillValue NaN")
        }
        XCTAssertTrue(header.contains("country_id:_FillValue = 0 ;"), header)
        let python = try TestSupport.python(requiring: "netCDF4")
        let check = try TestSupport.run(python, ["-c", """
            import numpy as np, rasterio, netCDF4
            d = rasterio.open('\(cog)'); t = d.read(d.descriptions.index('total') + 1)
            n = netCDF4.Dataset('\(out.path)/holomap.nc')['mass_total'][0]
            # 150.5 W, 0.5 N: the Pacific; row 179: Antarctica, which has no emissions here.
            print(int(np.isnan(t).sum()), float(t[89, 29]), float(np.abs(t[179]).sum()), int(np.ma.count_masked(n)), float(n[89, 29]), float(t.sum()) > 0)
            """])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0 0.0 0.0 0 0.0 True", check.stderr)
    }

    /// CF: masses are sums over the cell and the year, fluxes means; the CO2 flux of a build with
    /// a land sink is a net flux, with no "due to emission" standard name; cfchecks finds no error.
    func testCFCellMethodsAndNamesTellTheTruthAboutRemovals() throws {
        let out = try buildWithRemovals()
        let nc = out.appendingPathComponent("holomap.nc").path
        let header = try TestSupport.run("/usr/bin/ncdump", ["-h", nc]).stdout
        XCTAssertTrue(header.contains(#"mass_total:cell_methods = "area: sum time: sum" ;"#), header)
        XCTAssertTrue(header.contains(#"flux_total:cell_methods = "area: mean time: mean" ;"#), header)
        XCTAssertTrue(header.contains(#"mass_v_3_A:long_name = "Livestock: emissions, t CO2e (AR5GWP100) per cell per year" ;"#), header)
        XCTAssertTrue(header.contains(#"mass_v_3_B:long_name = "Land (LULUCF: net emissions or removals): net emissions (removals negative), t CO2e (AR5GWP100) per cell per year" ;"#), header)
        XCTAssertTrue(header.contains(#"flux_total_co2:long_name = "All sectors: CO2 net flux (emissions minus removals)" ;"#), header)
        // Only the natural fire and land-use-change fluxes (emissions, or CF's net upward LUC name) may say so.
        let emissionNames = header.split(separator: "\n").filter { $0.contains("due_to_emission") }
        XCTAssertTrue(emissionNames.allSatisfy { $0.contains("flux_fire") || $0.contains("flux_land_use_change") }, "no layer with removals is named an emission: \(header)")
        let check = try TestSupport.cfchecks(nc)
        XCTAssertTrue(check.stdout.contains("ERRORS detected: 0"), check.stdout)
    }
}
