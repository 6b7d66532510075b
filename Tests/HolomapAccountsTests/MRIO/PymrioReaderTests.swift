import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
import HolomapBridge
@testable import HolomapAccounts

/// pymrio's text layout written by hand (two regions × one sector), so the reader's checks run
/// without the shared data: a final-demand satellite whose shape differs from Y is one input
/// error naming its file, never a crash.
final class PymrioReaderTests: XCTestCase {
    /// Writes a pymrio folder; `satellite` names the final-demand file (`F_Y`, or EXIOBASE's `F_hh`)
    /// and `satelliteColumns` how many final-demand columns it has (Y has 2).
    func writeSystem(satellite: String, satelliteColumns: Int) throws -> URL {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("mrio")
        let ext = folder.appendingPathComponent("air")
        try FileManager.default.createDirectory(at: ext, withIntermediateDirectories: true)
        func spec(_ key: String, _ index: Int, _ header: Int) -> String {
            "\"\(key)\": {\"name\": \"\(key).txt\", \"nr_index_col\": \"\(index)\", \"nr_header\": \"\(header)\"}"
        }
        try "{\"files\": {\(spec("Z", 2, 2)), \(spec("Y", 2, 2))}, \"systemtype\": \"IOSystem\"}"
            .write(to: folder.appendingPathComponent("file_parameters.json"), atomically: true, encoding: .utf8)
        try "{\"files\": {\(spec("F", 1, 2)), \(spec(satellite, 1, 2))}, \"systemtype\": \"Extension\"}"
            .write(to: ext.appendingPathComponent("file_parameters.json"), atomically: true, encoding: .utf8)
        let header = "region\t\tA\tB\nsector\t\tx\tx\nregion\tsector\t\t\n"
        try (header + "A\tx\t10\t5\nB\tx\t2\t20\n").write(to: folder.appendingPathComponent("Z.txt"), atomically: true, encoding: .utf8)
        try "region\t\tA\tB\ncategory\t\thh\thh\nregion\tsector\t\t\nA\tx\t30\t4\nB\tx\t6\t40\n"
            .write(to: folder.appendingPathComponent("Y.txt"), atomically: true, encoding: .utf8)
        try "region\tA\tB\nsector\tx\tx\nstressor\t\t\nCO2\t100\t200\n".write(to: ext.appendingPathComponent("F.txt"), atomically: true, encoding: .utf8)
        let regions = Array(["A", "B"].prefix(satelliteColumns))
        let hh = [String](repeating: "hh", count: regions.count), seven = [String](repeating: "7", count: regions.count)
        var text = "region\t" + regions.joined(separator: "\t") + "\n"
        text += "category\t" + hh.joined(separator: "\t") + "\n"
        text += "stressor" + String(repeating: "\t", count: regions.count) + "\n"
        text += "CO2\t" + seven.joined(separator: "\t") + "\n"
        try text.write(to: ext.appendingPathComponent("\(satellite).txt"), atomically: true, encoding: .utf8)
        return folder
    }

    func read(_ folder: URL) throws -> MRIOSystem {
        try PymrioReader.read(folder: folder, extensionName: "air", readText: { try TextFile.read($0) }, readChunks: { try TextFile.forEachChunk($0, $1) })
    }

    func testExiobaseFinalDemandSatelliteIsRead() throws {
        let system = try read(try writeSystem(satellite: "F_hh", satelliteColumns: 2))
        XCTAssertEqual(system.regions, ["A", "B"])
        XCTAssertEqual(system.FY?.values, [7, 7])
        XCTAssertEqual(system.output, [49.0, 68.0], "x = Z 1 + Y 1: 10 + 5 + 30 + 4 and 2 + 20 + 6 + 40")
    }

    func testFinalDemandSatelliteNotShapedLikeYIsOneInputError() throws {
        for name in ["F_hh", "F_Y"] {
            let folder = try writeSystem(satellite: name, satelliteColumns: 1)
            XCTAssertThrowsError(try read(folder)) { error in
                guard let input = error as? InputError else { return XCTFail("\(error)") }
                let line = input.description
                XCTAssertTrue(line.contains("air/\(name).txt") && line.contains("\(name)'s 1 columns do not match Y's 2 final-demand columns"), line)
                XCTAssertFalse(line.contains("\n"), line)
            }
        }
    }
}
