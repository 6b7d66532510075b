import Foundation

/// Sub-sector amounts by country and year (a split table: `iso3,year[,gas],<sector>,<sector>…`,
/// any non-negative amounts in one unit, e.g. CAIT Mt CO2e). Only their ratios are used. With a
/// `gas` column each gas has its own shares (national CH4 and N2O do not split like all GHG),
/// and an item of a gas the table lacks is left whole.
public struct SplitTable: Sendable, Equatable {
    /// Target sector codes, in the file's column order.
    public var sectors: [String]
    /// Amounts per country (or "country|gas" with a gas column), by year.
    public var rows: [String: [Int: [Double]]]
    /// Whether the table has a gas column.
    public var byGas: Bool

    public init(sectors: [String], rows: [String: [Int: [Double]]], byGas: Bool = false) {
        self.sectors = sectors; self.rows = rows; self.byGas = byGas
    }

    public static func parse(_ text: String, file: String) throws -> SplitTable {
        var records = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &records, file: file, needs: ["iso3", "year"])
        let byGas = header["gas"] != nil
        let sectors = header.names.filter { $0 != "iso3" && $0 != "year" && $0 != "gas" }
        for code in sectors where Sectors.byCode[code] == nil || Sectors.byCode[code]!.isMemo {
            throw InputError.malformedInput(file: file, place: "line 1", reason: "'\(code)' is not a sector a split can go to")
        }
        guard !sectors.isEmpty else { throw InputError.malformedInput(file: file, place: "line 1", reason: "no sector column") }
        var rows: [String: [Int: [Double]]] = [:]
        while let (line, fields) = records.next() {
            if isBlankRecord(fields) { continue }
            guard fields.count == header.count else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "\(fields.count) fields, the header has \(header.count)")
            }
            let iso3 = header.field("iso3", in: fields) + (byGas ? "|" + header.field("gas", in: fields) : "")
            guard let year = Int(header.field("year", in: fields)) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "year '\(header.field("year", in: fields))' is not a whole number")
            }
            let amounts = try sectors.map { code -> Double in
                let text = header.field(code, in: fields)
                if text.isEmpty { return 0 }
                guard let v = Double(text), v.isFinite, v >= 0 else {
                    throw InputError.malformedInput(file: file, place: "line \(line), column \(code)", reason: "'\(text)' is not a non-negative amount")
                }
                return v
            }
            guard rows[iso3]?[year] == nil else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "\(iso3.replacingOccurrences(of: "|", with: " ")) \(year) appears twice")
            }
            rows[iso3, default: [:]][year] = amounts
        }
        return SplitTable(sectors: sectors, rows: rows, byGas: byGas)
    }

    /// The latest year ≤ `year` with a positive amount for `iso3` (and `gas`, with a gas column),
    /// and its amounts.
    public func shares(_ iso3: String, gas: String, atOrBefore year: Int) -> (year: Int, amounts: [Double])? {
        guard let byYear = rows[byGas ? "\(iso3)|\(gas)" : iso3] else { return nil }
        for y in byYear.keys.sorted(by: >) where y <= year {
            let amounts = byYear[y]!
            if amounts.reduce(0, +) > 0 { return (y, amounts) }
        }
        return nil
    }
}

/// Splits an aggregated sector (EDGAR v7's "Other sectors", code 5) into sub-sectors by each
/// country's shares in a `SplitTable`, from its latest year ≤ the inventory year: item k gets
/// value × aₖ / Σa, so the parts sum to the original (to rounding). A country without shares
/// keeps the aggregated item, and is listed.
public enum SectorSplit {
    public struct Outcome: Sendable, Equatable {
        public var emissions: [Emission]
        /// Per split item: country, inventory year, share year.
        public var split: [(iso3: String, year: Int, shareYear: Int)]
        /// Items left whole: no shares for the country up to that year.
        public var unsplit: [Emission]

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.emissions == b.emissions && a.unsplit == b.unsplit && a.split.elementsEqual(b.split) { $0 == $1 }
        }
    }

    public static func split(_ emissions: [Emission], sector: String, table: SplitTable) -> Outcome {
        var out = Outcome(emissions: [], split: [], unsplit: [])
        // A part that meets an item of the same country, year, sector and gas is added to it.
        var index: [String: Int] = [:]
        func add(_ e: Emission) {
            let key = "\(e.iso3)|\(e.year)|\(e.sector)|\(e.gas)"
            if let i = index[key] { out.emissions[i].tonnesCO2e += e.tonnesCO2e; return }
            index[key] = out.emissions.count; out.emissions.append(e)
        }
        for e in emissions {
            guard e.sector == sector else { add(e); continue }
            guard let (shareYear, amounts) = table.shares(e.iso3, gas: e.gas, atOrBefore: e.year) else {
                add(e); out.unsplit.append(e); continue
            }
            let total = amounts.reduce(0, +)
            for (k, code) in table.sectors.enumerated() where amounts[k] > 0 {
                add(Emission(iso3: e.iso3, year: e.year, sector: code, gas: e.gas, tonnesCO2e: e.tonnesCO2e * (amounts[k] / total)))
            }
            out.split.append((e.iso3, e.year, shareYear))
        }
        return out
    }
}
