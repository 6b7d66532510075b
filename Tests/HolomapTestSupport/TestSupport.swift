import Foundation
import XCTest

/// Where things are, for tests: the repository, `../shared/data`, the peer tools and the
/// built `holomap` executable. Missing data or peers skip with a message saying what is missing.
public enum TestSupport {
    public static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static var sharedData: URL { repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }

    /// A file under `../shared/data`, or a skip when the folder is absent.
    public static func sharedFile(_ relative: String) throws -> String {
        let url = sharedData.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("needs ../shared/data/\(relative) (reference data folder absent)")
        }
        return url.path
    }

    /// The Python with the peers (exactextract, rio-cogeo, cfchecker): $HOLOMAP_PYTHON, else .venv.
    public static func python(requiring module: String) throws -> String {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["HOLOMAP_PYTHON"], repoRoot.appendingPathComponent(".venv/bin/python").path]
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
            if (try? run(path, ["-c", "import \(module)"]).status) == 0 { return path }
        }
        throw XCTSkip("needs Python module \(module) (run scripts/setup.sh, or set HOLOMAP_PYTHON)")
    }

    /// A console script installed next to the peer Python (rio, cfchecks).
    public static func peerTool(_ name: String, module: String) throws -> String {
        let python = try python(requiring: module)
        let tool = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: tool) else { throw XCTSkip("needs \(name) next to \(python)") }
        return tool
    }

    /// The `holomap` executable built with the tests.
    public static func holomap() throws -> String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("holomap").path,
                          repoRoot.appendingPathComponent(".build/debug/holomap").path]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            XCTFail("holomap executable not built (run `swift build` first)")
            throw XCTSkip("holomap executable not built")
        }
        return found
    }

    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs a program to completion, capturing both streams.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the child runs, so a full pipe cannot stall it.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        let errData = errBox.data
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty folder for one test, inside this process's folder, which is removed when
    /// the test process exits.
    public static func temporaryFolder() throws -> URL {
        let url = testProcessFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Files in a folder (to prove that nothing partial was left behind).
    public static func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// cfchecks -v 1.8 offline: the standard-name table from the compliance-checker wheel, and
    /// stub area-type and region tables (they need version_number and date elements).
    public static func cfchecks(_ path: String) throws -> Output {
        let cfchecks = try peerTool("cfchecks", module: "cfchecker")
        let python = try python(requiring: "compliance_checker")
        let table = try run(python, ["-c", "import compliance_checker, os; print(os.path.join(os.path.dirname(compliance_checker.__file__), 'data', 'cf-standard-name-table.xml'))"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = try temporaryFolder()
        let area = folder.appendingPathComponent("area.xml").path, region = folder.appendingPathComponent("region.xml").path
        try #"<?xml version="1.0"?><area_type_table><version_number>1</version_number><date>2026-01-01</date></area_type_table>"#.write(toFile: area, atomically: true, encoding: .utf8)
        try #"<?xml version="1.0"?><standardized_region_list><version_number>1</version_number><date>2026-01-01</date></standardized_region_list>"#.write(toFile: region, atomically: true, encoding: .utf8)
        return try run(cfchecks, ["-v", "1.8", "-s", table, "-a", area, "-r", region, path])
    }
}

/// Reading a build's manifest.json as plain JSON (independently of holomap's own types).
public enum ManifestReader {
    /// The manifest against docs/manifest.schema.json with Python's jsonschema (draft 2020-12,
    /// formats checked); the same manifest with an unknown key added must be rejected.
    public static func assertMatchesSchema(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = folder.appendingPathComponent("manifest.json").path
        let python = try TestSupport.python(requiring: "jsonschema")
        let schema = TestSupport.repoRoot.appendingPathComponent("docs/manifest.schema.json").path
        let run = try TestSupport.run(python, ["-c", """
            import json, jsonschema
            schema = json.load(open('\(schema)')); manifest = json.load(open('\(path)'))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(manifest)]
            manifest['unexpected_key'] = 1
            print('valid' if not errors else '\\n'.join(errors[:5]), 'rejects-unknown' if not v.is_valid(manifest) else 'accepts-unknown')
            """])
        XCTAssertEqual(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "valid rejects-unknown", run.stdout + run.stderr, file: file, line: line)
    }

    public static func load(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// production.totals: one row per year × country × IPCC sector × gas.
    public static func productionTotals(_ m: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap((m["production"] as? [String: Any])?["totals"] as? [[String: Any]])
    }

    /// Σ of a country's production rows (optionally of one sector, gas and year): (input, gridded).
    public static func total(_ m: [String: Any], iso3: String, sector: String? = nil, gas: String? = nil, year: Int? = nil) throws -> (input: Double, gridded: Double)? {
        let rows = try productionTotals(m).filter {
            $0["iso3"] as? String == iso3 && (sector == nil || $0["sector"] as? String == sector)
                && (gas == nil || $0["gas"] as? String == gas) && (year == nil || $0["year"] as? Int == year)
        }
        guard !rows.isEmpty else { return nil }
        return (rows.reduce(0) { $0 + ($1["input"] as! Double) }, rows.reduce(0) { $0 + ($1["gridded"] as! Double) })
    }

    /// consumption.countries
    public static func consumptionCountries(_ m: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap((m["consumption"] as? [String: Any])?["countries"] as? [[String: Any]])
    }

    /// skipped_rows as reason → count.
    public static func skippedRows(_ m: [String: Any]) -> [String: Int] {
        var out: [String: Int] = [:]
        for row in m["skipped_rows"] as? [[String: Any]] ?? [] { out[row["reason"] as! String] = row["count"] as? Int }
        return out
    }

    /// The sector of an entry's quantity (fallbacks, unallocated).
    public static func sector(_ row: [String: Any]) -> String? { (row["quantity"] as? [String: Any])?["sector"] as? String }
    public static func account(_ row: [String: Any]) -> String? { (row["quantity"] as? [String: Any])?["account"] as? String }
}

/// Deterministic generator so random test inputs are the same on every run (a failure reproduces).
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// The folder of this test process's temporary folders, removed at exit.
private let testProcessFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("holomap-test-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return url
}()
