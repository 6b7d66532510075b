import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Yields each record with
/// its 1-based starting line number, so errors can name the line.
public struct CSVReader: Sequence {
    let text: String
    public init(_ text: String) { self.text = text }

    public func makeIterator() -> AnyIterator<(line: Int, fields: [String])> {
        var bytes = Array(text.utf8)[...]
        var line = 1
        return AnyIterator {
            guard !bytes.isEmpty else { return nil }
            let start = line
            var fields: [String] = []
            var field: [UInt8] = []
            var quoted = false
            while let b = bytes.first {
                bytes = bytes.dropFirst()
                if quoted {
                    if b == UInt8(ascii: "\"") {
                        if bytes.first == UInt8(ascii: "\"") { field.append(b); bytes = bytes.dropFirst() } else { quoted = false }
                    } else {
                        if b == UInt8(ascii: "\n") { line += 1 }
                        field.append(b)
                    }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: ","): fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                case UInt8(ascii: "\r"): break
                case UInt8(ascii: "\n"):
                    line += 1
                    fields.append(String(decoding: field, as: UTF8.self))
                    return (start, fields)
                default: field.append(b)
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return (start, fields)
        }
    }
}

/// The header of a CSV table: column positions by name (names trimmed of spaces), checked
/// once for the columns a reader needs. The one header parser of every CSV reader.
public struct CSVHeader: Sendable {
    public let names: [String]
    let index: [String: Int]

    /// `fields`: the header record; `needs`: columns that must be present. A missing column is
    /// one error naming the file, line 1 and the columns.
    public init(_ fields: [String], file: String, needs: [String] = []) throws {
        names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
        let missing = needs.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw InputError.malformedInput(file: file, place: "line 1",
                                            reason: "missing column(s) \(missing.joined(separator: ", ")) (header: \(fields.prefix(8).joined(separator: ",")))")
        }
    }

    /// Reads the first record of `rows` as the header.
    public init(reading rows: inout AnyIterator<(line: Int, fields: [String])>, file: String, needs: [String] = []) throws {
        guard let first = rows.next() else { throw InputError.malformedInput(file: file, place: "line 1", reason: "empty file") }
        try self.init(first.fields, file: file, needs: needs)
    }

    public var count: Int { names.count }
    /// The position of a column, nil when absent.
    public subscript(name: String) -> Int? { index[name] }
    /// The field of column `name` in `record` (the column must be one of `needs`).
    public func field(_ name: String, in record: [String]) -> String { record[index[name]!] }
}

/// A blank line of a CSV file (one empty field).
@inlinable public func isBlankRecord(_ fields: [String]) -> Bool { fields.count == 1 && fields[0].isEmpty }

/// A number as a CSV field: 12 significant digits, enough for every input holomap reads
/// (national totals to the kilotonne or finer) and short of Float64's last digits, where
/// differences of inputs show noise (consumption − territorial = -1047.3019999999997, not
/// -1047.302). Outputs that are compared with peers to 1e-9 or finer keep every digit instead.
public func csvNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
    let text = String(format: "%.12g", value)
    return text == "-0" ? "0" : text
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
