import Foundation
import XCTest
@testable import HolomapExport

/// Manifest entries keep every key: an absent value is written as null, and read back from null
/// or from a missing key alike.
final class ExplicitNullTests: XCTestCase {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(text.utf8))
    }

    func testAbsentValuesAreNullAndReadBack() throws {
        let check = Manifest.Check(name: "trade_identity", year: nil, ok: true, value: nil, limit: "l", detail: "d")
        let text = try json(check)
        XCTAssertEqual(text, #"{"detail":"d","limit":"l","name":"trade_identity","ok":true,"value":null,"year":null}"#)
        XCTAssertEqual(try decode(Manifest.Check.self, text), check)
        XCTAssertEqual(try decode(Manifest.Check.self, #"{"detail":"d","limit":"l","name":"trade_identity","ok":true}"#), check)
        let given = Manifest.Check(name: "n", year: 2021, ok: false, value: 0.5, limit: "l", detail: "d")
        XCTAssertEqual(try json(given), #"{"detail":"d","limit":"l","name":"n","ok":false,"value":0.5,"year":2021}"#)
        XCTAssertEqual(try decode(Manifest.Check.self, try json(given)), given)
    }
}
