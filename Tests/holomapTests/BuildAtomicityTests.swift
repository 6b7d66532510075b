import Foundation
import XCTest
import HolomapTestSupport

/// A build is atomic as a whole: `kill -9` or Ctrl-C at any moment leaves the previous output
/// folder exactly as it was and never a half-written one; what can be checked before the work
/// starts is checked first.
final class BuildAtomicityTests: XCTestCase {
    /// Relative path → size and a checksum of every file below `folder`.
    func snapshot(_ folder: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let data = try Data(contentsOf: url)
            // FNV-1a: enough to tell two versions of a file apart in a test.
            var hash: UInt64 = 0xcbf29ce484222325
            for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            out[String(url.path.dropFirst(folder.path.count + 1))] = "\(data.count):\(String(hash, radix: 16))"
        }
        return out
    }

    func start(_ args: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestSupport.holomap())
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func testKillAndInterruptLeaveThePreviousOutputUntouched() throws {
        let parent = try TestSupport.temporaryFolder()
        let out = parent.appendingPathComponent("out")
        let rebuild = ["build", "--grid", "global-0.1", "--out", out.path, "--overwrite", "--quiet"]
        // How long a 0.1° build takes here, so the kills land early, midway and late.
        let started = Date()
        let reference = try TestSupport.temporaryFolder().appendingPathComponent("reference")
        XCTAssertEqual(try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-0.1", "--out", reference.path, "--quiet"]).status, 0)
        let duration = Date().timeIntervalSince(started)
        // What a completed rebuild holds (builds are byte-identical), except the manifest's input paths.
        let complete = try snapshot(reference).filter { $0.key != "manifest.json" }

        // The previous output: a 1° build, different from what the killed runs would write.
        XCTAssertEqual(try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", out.path, "--quiet"]).status, 0)
        let before = try snapshot(out)
        XCTAssertGreaterThan(before.count, 10)

        func same(_ a: [String: String], _ b: [String: String]) -> String {
            let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            return differing.isEmpty ? "" : "\(differing.count) files differ, e.g. \(differing.prefix(3))"
        }
        var killedWhileRunning = 0, untouched = 0
        for fraction in [0.05, 0.3, 0.55, 0.8] {
            let process = try start(rebuild)
            usleep(useconds_t(fraction * duration * 1e6))
            guard process.isRunning else {
                // Finished before the kill (a faster run than the timing one): nothing to check.
                process.waitUntilExit()
                XCTAssertEqual(try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", out.path, "--overwrite", "--quiet"]).status, 0)
                continue
            }
            killedWhileRunning += 1
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Either the previous output, whole, or (killed after the swap, while removing the old
            // one) the new output, whole; never a mixture.
            let now = try snapshot(out)
            if same(now, before).isEmpty { untouched += 1 } else {
                XCTAssertEqual(same(now.filter { $0.key != "manifest.json" }, complete), "", "kill -9 at \(fraction) of the run left a mixture")
                XCTAssertEqual(try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", out.path, "--overwrite", "--quiet"]).status, 0)
                XCTAssertEqual(same(try snapshot(out), before), "")
            }
            // At the target path there is the old folder; a staging folder may remain beside it.
            XCTAssertTrue(TestSupport.files(in: parent).allSatisfy { $0 == "out" || $0.hasPrefix(".out.holomap-staging-") }, "\(TestSupport.files(in: parent))")
        }
        XCTAssertGreaterThanOrEqual(killedWhileRunning, 3, "the kills must land while the build runs")
        XCTAssertGreaterThanOrEqual(untouched, 2, "most kills land before the swap")

        // Ctrl-C: the process removes what it was writing and exits 130.
        let interrupted = try start(rebuild)
        usleep(useconds_t(0.5 * duration * 1e6))
        XCTAssertTrue(interrupted.isRunning)
        kill(interrupted.processIdentifier, SIGINT)
        interrupted.waitUntilExit()
        XCTAssertEqual(interrupted.terminationStatus, 130)
        XCTAssertEqual(same(try snapshot(out), before), "")
        XCTAssertFalse(TestSupport.files(in: parent).contains { $0.hasPrefix(".out.holomap-staging-\(interrupted.processIdentifier)") }, "\(TestSupport.files(in: parent))")

        // The next run completes, replaces the output whole and removes what the killed runs left.
        XCTAssertEqual(try TestSupport.run(try TestSupport.holomap(), rebuild).status, 0)
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        let after = try snapshot(out)
        XCTAssertEqual(same(after.filter { $0.key != "manifest.json" }, complete), "")
    }

    func testInputsAreCheckedBeforeAnyWork() throws {
        let parent = try TestSupport.temporaryFolder()
        let out = parent.appendingPathComponent("out")
        let missing = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-0.1", "--population", "/nonexistent/gpw.tif", "--out", out.path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "holomap: /nonexistent/gpw.tif: no such file\n", "one line, before any progress (no coverage step ran)")
        XCTAssertEqual(TestSupport.files(in: parent), [])
        // A population file that is not a raster: refused before any work too.
        let notRaster = parent.appendingPathComponent("gpw.tif")
        try "not a raster".write(to: notRaster, atomically: false, encoding: .utf8)
        let bad = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-0.1", "--population", notRaster.path, "--out", out.path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("holomap: \(notRaster.path): not a readable raster: ") && bad.stderr.split(separator: "\n").count == 1, bad.stderr)
        XCTAssertFalse(bad.stderr.hasSuffix("raster: \n"), "the reason is given")
        try FileManager.default.removeItem(at: notRaster)
        let unwritable = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", "/nonexistent/out"])
        XCTAssertEqual(unwritable.status, 1)
        XCTAssertEqual(unwritable.stderr, "holomap: /nonexistent/out: output folder /nonexistent does not exist\n")
        // A folder holomap did not write is never replaced, even with --overwrite.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        try "mine".write(to: out.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        let foreign = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--out", out.path, "--overwrite"])
        XCTAssertEqual(foreign.status, 1)
        XCTAssertTrue(foreign.stderr.contains("holds no .holomap-output"), foreign.stderr)
        XCTAssertEqual(TestSupport.files(in: out), ["notes.txt"])
    }
}
