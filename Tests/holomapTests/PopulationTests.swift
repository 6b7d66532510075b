import Foundation
import XCTest
import HolomapTestSupport

/// The dasymetric population of `holomap build` (GPW 0.5° moved onto the land of the build's
/// countries, refined by MODIS urban land) against scripts/reference_population.py, which splits
/// each GPW cell's people between countries by the land each covers there, from the exact
/// coverage at the GPW grid and numpy.
final class PopulationTests: XCTestCase {
    let bundle = TestSupport.repoRoot.appendingPathComponent("grids/default-bundle")

    /// Builds, then compares every country's people with the reference; returns the manifest.
    func check(_ arguments: [String], name: String, coverage: URL) throws -> [String: Any] {
        let out = try TestSupport.temporaryFolder().appendingPathComponent(name)
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--formats", "cog", "--out", out.path, "--quiet"] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try ManifestReader.load(out)
        let population = try XCTUnwrap(m["population"] as? [String: Any])
        XCTAssertEqual(population["year"] as? Int, 2000)
        XCTAssertEqual(population["land_cover"] as? String, "landcover-modis-igbp-2019-0.05deg.tif")
        let python = try TestSupport.python(requiring: "rasterio")
        let reference = try TestSupport.run(python, [TestSupport.repoRoot.appendingPathComponent("scripts/reference_population.py").path,
                                                     bundle.appendingPathComponent("population-gpw-v4-2000-0.5deg.tif").path, coverage.path,
                                                     out.appendingPathComponent("manifest.json").path])
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Double], reference.stderr)
        let composites = Dictionary(uniqueKeysWithValues: (m["composites"] as! [[String: Any]]).map { ($0["iso3"] as! String, $0["spread_over"] as! [String]) })
        var worst = (0.0, "")
        for country in try XCTUnwrap(population["countries"] as? [[String: Any]]) {
            let iso3 = country["iso3"] as! String, people = country["people"] as! Double
            let want = composites[iso3].map { $0.reduce(0) { $0 + (expected[$1] ?? 0) } } ?? expected[iso3]!
            guard want > 1000 else { continue }  // a few hundred people on a rock: shares of a cell
            let error = abs(people / want - 1)
            if error > worst.0 { worst = (error, iso3) }
            XCTAssertEqual(people, want, accuracy: want * 0.005, "\(name) \(iso3)")
        }
        print("\(name): worst country \(worst.1) \(worst.0)")
        return m
    }

    func testEachCountryReceivesThePeopleOfItsLand() throws {
        let coverage = try TestSupport.temporaryFolder().appendingPathComponent("coverage-0.5.tif")
        let cov = try TestSupport.run(try TestSupport.holomap(), ["coverage", "--grid", "global-0.5", "--country", "all", "--out", coverage.path, "--quiet"])
        XCTAssertEqual(cov.status, 0, cov.stderr)
        // 0.1°, every country: the people of every GPW cell with land are kept, to 1e-9.
        let m = try check([], name: "global-0.1", coverage: coverage)
        let population = m["population"] as! [String: Any]
        let received = (population["countries"] as! [[String: Any]]).reduce(0.0) { $0 + ($1["people"] as! Double) }
        let source = population["source_people"] as! Double, lost = population["lost_to_sea"] as! Double
        XCTAssertEqual(received, source - lost, accuracy: source * 1e-9)
        XCTAssertLessThan(lost / source, 0.005)
        let lostCheck = try XCTUnwrap((m["checks"] as! [[String: Any]]).first { $0["name"] as? String == "population_lost_to_sea" })
        XCTAssertEqual(lostCheck["ok"] as? Bool, true)
        // 0.01°, a national build of coastal countries (their land only; border cells with China
        // go to North Korea, as the reference splits them).
        _ = try check(["--grid", "global-0.01", "--countries", "JPN,KOR,PRK,PHL"], name: "east-asia-0.01", coverage: coverage)
    }
}
