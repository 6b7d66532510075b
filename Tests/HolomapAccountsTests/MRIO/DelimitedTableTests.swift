import Foundation
import XCTest
import HolomapTestSupport
@testable import HolomapAccounts

final class DelimitedTableTests: XCTestCase {
    func parse(_ s: String) -> Double? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { DelimitedTableParser.parseNumber($0.baseAddress!, $0.count) }
    }

    /// The fast path must give exactly what the standard library's correctly rounded parser gives.
    func testNumbersParseBitForBitLikeTheStandardLibrary() {
        var generator = SplitMix64(seed: 2026)
        var texts = ["0", "-0", "12", "+7", "1e5", "2.5E-3", "0.000123", "123456789012345678901234", "9007199254740993",
                     "1.7976931348623157e308", "4.9e-324", "1e-30", "3.14159265358979323846", ".5", "5.", "-.25e+2"]
        for _ in 0..<20_000 {
            let v = Double.random(in: -1e6...1e6, using: &generator) * pow(10, Double(Int.random(in: -12...12, using: &generator)))
            texts.append(String(format: "%.12g", v))
            texts.append("\(v)")
            texts.append(String(format: "%.0f", v.rounded()))
        }
        for text in texts {
            let want = Double(text)!
            let got = parse(text)
            XCTAssertEqual(got?.bitPattern, want.bitPattern, text)
        }
        for bad in ["", "-", "1e", "abc", "1,5", "1.2.3", "1 "] { XCTAssertNil(parse(bad), bad) }
    }

    func testLinesSplitAcrossChunksAndFieldCountErrors() throws {
        let text = "row,A_x,A_y\r\nA_x,1,2.5\nA_y,3,4e1\n"
        let bytes = Array(text.utf8)
        // Chunks of 3 bytes: lines and numbers are cut anywhere.
        let reader: ChunkReader = { _, body in
            var i = 0
            while i < bytes.count { try bytes[i..<min(i + 3, bytes.count)].withUnsafeBufferPointer { try body($0) }; i += 3 }
        }
        let t = try DelimitedTableParser.parse(path: "t.csv", separator: UInt8(ascii: ","), headerRows: 1, labelColumns: 1, skipIndexNameLine: false, read: reader)
        XCTAssertEqual(t.headerRows, [["row", "A_x", "A_y"]])
        XCTAssertEqual(t.rowLabels, [["A_x"], ["A_y"]])
        XCTAssertEqual(t.values, [1, 2.5, 3, 40])
        let bad: ChunkReader = { _, body in try Array("row,a,b\nr,1\n".utf8).withUnsafeBufferPointer { try body($0) } }
        XCTAssertThrowsError(try DelimitedTableParser.parse(path: "bad.csv", separator: UInt8(ascii: ","), headerRows: 1, labelColumns: 1, skipIndexNameLine: false, read: bad)) {
            XCTAssertEqual("\($0)", "bad.csv (line 2): 2 fields, expected 3")
        }
    }
}
