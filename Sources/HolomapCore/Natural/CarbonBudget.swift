/// The global carbon budget by year from a GCB workbook's "Global Carbon Budget" sheet (GtC/yr):
/// the header row starts with `Year`, the years follow, one column per flux.
public struct CarbonBudget: Sendable {
    public static let sheet = "Global Carbon Budget"
    public var file: String
    /// Column names as the header has them (lower case), e.g. "ocean sink", "land sink".
    public var columns: [String]
    public var years: [Int]
    /// [column][year index], GtC/yr; NaN where the cell is empty.
    public var values: [[Double]]

    /// The value of `column` in `year`, nil when the year or the value is absent.
    public func value(_ column: String, year: Int) -> Double? {
        guard let c = columns.firstIndex(of: column), let k = years.firstIndex(of: year), values[c][k].isFinite else { return nil }
        return values[c][k]
    }

    /// The mean of `column` over `years` (each must have a value).
    public func mean(_ column: String, _ range: ClosedRange<Int>) -> Double? {
        let values = range.map { value(column, year: $0) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return values.reduce(0) { $0 + $1! } / Double(range.count)
    }

    /// Parses the sheet's rows (cells as text, column A first). `required` columns must be in
    /// the header; a year row with a non-number in one is an error naming the row and column.
    public static func parse(_ rows: [[String]], file: String, required: [String] = ["ocean sink", "land sink", "land-use change emissions"]) throws -> CarbonBudget {
        let place = "sheet '\(sheet)'"
        guard let h = rows.firstIndex(where: { $0.first?.trimmingCharacters(in: .whitespaces).lowercased() == "year" }) else {
            throw InputError.malformedInput(file: file, place: place, reason: "no header row starting with 'Year'")
        }
        let columns = rows[h].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in required where !columns.contains(name) {
            throw InputError.malformedInput(file: file, place: "\(place), row \(h + 1)", reason: "no column '\(name)' (columns: \(columns.dropFirst().joined(separator: ", ")))")
        }
        // The units line above the header says GtC/yr.
        if h > 0, let unit = rows[h - 1].first(where: { !$0.isEmpty }), unit.lowercased().replacingOccurrences(of: " ", with: "") != "gtc/yr" {
            throw InputError.malformedInput(file: file, place: "\(place), row \(h)", reason: "units '\(unit)', expected GtC/yr")
        }
        var years: [Int] = [], values = [[Double]](repeating: [], count: columns.count)
        for (k, row) in rows.enumerated().dropFirst(h + 1) {
            guard let first = row.first, let year = Int(first.trimmingCharacters(in: .whitespaces)) ?? Double(first).flatMap({ $0 == $0.rounded() ? Int($0) : nil }) else { continue }
            years.append(year)
            for c in 0..<columns.count {
                let text = c < row.count ? row[c].trimmingCharacters(in: .whitespaces) : ""
                if text.isEmpty { values[c].append(.nan); continue }
                guard let v = Double(text) else {
                    throw InputError.malformedInput(file: file, place: "\(place), row \(k + 1), column '\(columns[c])'", reason: "'\(text)' is not a number")
                }
                values[c].append(v)
            }
        }
        guard !years.isEmpty else { throw InputError.malformedInput(file: file, place: place, reason: "no year rows under the header") }
        return CarbonBudget(file: file, columns: columns, years: years, values: values)
    }
}
