import HolomapCore
/// Calls its closure with consecutive chunks of a file's bytes (the bridge reads them, gzip
/// included), so large tables are parsed as they stream.
public typealias ChunkReader = (String, (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void

/// A delimited numeric table (pymrio txt, WIOD CSV): header rows, label columns, then numbers.
public struct DelimitedTable {
    public var headerRows: [[String]]
    public var rowLabels: [[String]]
    /// Row-major values, `rowLabels.count × columns`.
    public var values: [Double]
    public var columns: Int
}

/// A table's numbers as a matrix with their labels: one list of column labels per header row
/// (the label columns left out) and the label fields of each row.
struct LabelledMatrix {
    var columnLabels: [[String]]
    var rowLabels: [[String]]
    var values: Matrix
}

extension DelimitedTable {
    func labelled(labelColumns: Int) -> LabelledMatrix {
        LabelledMatrix(columnLabels: headerRows.map { Array($0[labelColumns...]) }, rowLabels: rowLabels,
                       values: Matrix(rows: rowLabels.count, columns: columns, values: values))
    }
}

public enum DelimitedTableParser {
    /// Parses `path` streamed through `read`. `headerRows` lines of labels come first; each later
    /// line has `labelColumns` labels and the same number of values as the first header line has
    /// fields after its labels. With `skipIndexNameLine`, a first data line whose value fields
    /// are all empty (pandas writes the index names so) is skipped. `expectedRows` reserves
    /// room for the values (Z is square), so the largest table is not copied while it grows.
    public static func parse(path: String, separator: UInt8, headerRows: Int, labelColumns: Int, skipIndexNameLine: Bool,
                             expectedRows: Int? = nil, read: ChunkReader) throws -> DelimitedTable {
        var table = DelimitedTable(headerRows: [], rowLabels: [], values: [], columns: 0)
        var lineNumber = 0
        var firstData = true
        var carry: [UInt8] = []
        var fieldStarts: [Int] = []

        func line(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            var count = bytes.count
            if count > 0, bytes[count - 1] == UInt8(ascii: "\r") { count -= 1 }
            if count == 0 { return }
            let base = bytes.baseAddress!
            // Field boundaries: starts and the separator positions after them.
            fieldStarts.removeAll(keepingCapacity: true)
            fieldStarts.append(0)
            for i in 0..<count where base[i] == separator { fieldStarts.append(i + 1) }
            let fields = fieldStarts.count
            func field(_ k: Int) -> (UnsafePointer<UInt8>, Int) {
                let start = fieldStarts[k], end = k + 1 < fields ? fieldStarts[k + 1] - 1 : count
                return (base + start, end - start)
            }
            func text(_ k: Int) -> String { let (p, n) = field(k); return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) }
            if table.headerRows.count < headerRows {
                table.headerRows.append((0..<fields).map(text))
                if table.headerRows.count == 1 {
                    table.columns = fields - labelColumns
                    guard table.columns > 0 else { throw InputError.malformedInput(file: path, place: "line \(lineNumber)", reason: "no value columns") }
                    if let expectedRows { table.values.reserveCapacity(expectedRows * table.columns) }
                }
                return
            }
            if firstData {
                firstData = false
                if skipIndexNameLine, fields >= labelColumns, (labelColumns..<fields).allSatisfy({ field($0).1 == 0 }) { return }
            }
            guard fields == labelColumns + table.columns else {
                throw InputError.malformedInput(file: path, place: "line \(lineNumber)", reason: "\(fields) fields, expected \(labelColumns + table.columns)")
            }
            table.rowLabels.append((0..<labelColumns).map(text))
            for k in labelColumns..<fields {
                let (p, n) = field(k)
                guard let v = parseNumber(p, n), v.isFinite else {
                    throw InputError.malformedInput(file: path, place: "line \(lineNumber)", reason: "not a number: '\(text(k))'")
                }
                table.values.append(v)
            }
        }

        try read(path) { chunk in
            var start = 0
            let newline = UInt8(ascii: "\n")
            for i in 0..<chunk.count where chunk[i] == newline {
                if carry.isEmpty {
                    try line(UnsafeBufferPointer(rebasing: chunk[start..<i]))
                } else {
                    carry.append(contentsOf: chunk[start..<i])
                    try carry.withUnsafeBufferPointer { try line($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            carry.append(contentsOf: chunk[start...])
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try line($0) } }
        guard table.headerRows.count == headerRows else {
            throw InputError.malformedInput(file: path, place: "", reason: "fewer than \(headerRows + 1) lines")
        }
        return table
    }

    static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { r, _ in r * 10 } }

    /// A decimal number. Numbers with at most 19 significant digits whose mantissa fits 2^53 and
    /// whose decimal exponent is within ±22 (all of pymrio's `%.12g`, WIOD's integers) are
    /// converted exactly with one IEEE multiplication or division (Clinger's fast path); any
    /// other text goes to the standard library's correctly rounded parser.
    @inline(__always)
    public static func parseNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { negative = p[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0, significant = 0, exponent = 0
        var sawDigit = false, exact = true
        while i < n, p[i] &- 48 < 10 {
            let d = UInt64(p[i] &- 48)
            if mantissa != 0 || d != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ d } else { exponent += 1; exact = exact && d == 0 }
            sawDigit = true; i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                let d = UInt64(p[i] &- 48)
                if mantissa != 0 || d != 0 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ d; exponent -= 1 } else { exact = exact && d == 0 }
                sawDigit = true; i += 1
            }
        }
        if sawDigit, i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { negativeExponent = p[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0, sawExponentDigit = false
            while i < n, p[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }; sawExponentDigit = true; i += 1 }
            if !sawExponentDigit { sawDigit = false }
            exponent += negativeExponent ? -e : e
        }
        if sawDigit, i == n, exact {
            if mantissa == 0 { return negative ? -0.0 : 0 }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                var v = Double(mantissa)
                v = exponent >= 0 ? v * powersOfTen[exponent] : v / powersOfTen[-exponent]
                return negative ? -v : v
            }
        }
        return Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    }
}
