/// National electricity generation by fuel and power-sector CO2 per year (Ember via OWID), to
/// calibrate the plants' capacity factors and to check the plants' CO2.
///
/// Ember's power-sector figure is life-cycle CO2e of every source (generation × the IPCC AR5
/// life-cycle medians, `scripts/ember_emission_factors.py`), so the plants' direct CO2 is checked
/// against its fossil part (`fossil_co2_mt`) when the table has that column.
public struct GenerationTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// GWh by generation fuel (`coal`, `gas`, `oil`); a fuel the source leaves empty is absent.
        public var gwh: [String: Double]
        /// Power-sector CO2 (Ember: life-cycle CO2e of every source), t; nil when absent.
        public var powerCO2: Double?
        /// The part of `powerCO2` from fossil generation, t; nil when absent.
        public var fossilCO2: Double?

        public init(gwh: [String: Double], powerCO2: Double?, fossilCO2: Double? = nil) {
            self.gwh = gwh; self.powerCO2 = powerCO2; self.fossilCO2 = fossilCO2
        }
    }

    public var entries: [String: [Int: Entry]]
    /// The table has a `fossil_co2_mt` column: the plants are compared with it (an empty field is
    /// no figure, never the whole power sector instead).
    public var comparesFossil: Bool

    public init(entries: [String: [Int: Entry]], comparesFossil: Bool = false) {
        self.entries = entries; self.comparesFossil = comparesFossil
    }

    public func entry(_ iso3: String, _ year: Int) -> Entry? { entries[iso3]?[year] }

    /// The entry of `year`, or else of the latest earlier year with generation figures: the plants'
    /// relative weights come from the nearest known fuel mix rather than the world's.
    public func latest(_ iso3: String, atOrBefore year: Int) -> (year: Int, entry: Entry)? {
        guard let byYear = entries[iso3] else { return nil }
        if let e = byYear[year] { return (year, e) }
        guard let y = byYear.keys.filter({ $0 < year && !byYear[$0]!.gwh.isEmpty }).max() else { return nil }
        return (y, byYear[y]!)
    }

    /// What the plants' CO2 of `iso3` in `year` is compared with: the fossil part when the table
    /// has that column, else the power-sector figure; nil without the year's own entry.
    public func comparisonCO2(_ iso3: String, _ year: Int) -> Double? {
        entry(iso3, year).flatMap { comparesFossil ? $0.fossilCO2 : $0.powerCO2 }
    }

    /// CSV: iso3,year, one `<fuel>_twh` column per fuel, power_co2_mt and optionally
    /// fossil_co2_mt (at most power_co2_mt + 0.01). Empty fields are missing values; a value that is not
    /// a number ≥ 0 is an error naming line and column.
    public static func parse(_ text: String, file: String) throws -> GenerationTable {
        var rows = CSVReader(text).makeIterator()
        let header = try CSVHeader(reading: &rows, file: file, needs: ["iso3", "year", "power_co2_mt"])
        let fuels = header.names.filter { $0.hasSuffix("_twh") }
        guard !fuels.isEmpty else { throw InputError.malformedInput(file: file, place: "line 1", reason: "no <fuel>_twh column") }
        var entries: [String: [Int: Entry]] = [:]
        while let (line, f) = rows.next() {
            if isBlankRecord(f) { continue }
            guard f.count == header.count, let year = Int(header.field("year", in: f)) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "expected \(header.count) fields with an integer year")
            }
            func value(_ column: String) throws -> Double? {
                let text = f[header[column]!]
                if text.isEmpty { return nil }
                guard let v = Double(text), v >= 0, v.isFinite else {
                    throw InputError.malformedInput(file: file, place: "line \(line), column \(column)", reason: "'\(text)' is not a number ≥ 0")
                }
                return v
            }
            var gwh: [String: Double] = [:]
            for column in fuels { if let v = try value(column) { gwh[String(column.dropLast(4))] = v * 1000 } }
            let iso3 = header.field("iso3", in: f)
            guard entries[iso3]?[year] == nil else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "second row for \(iso3) \(year)")
            }
            let fossil = header["fossil_co2_mt"] != nil ? try value("fossil_co2_mt").map { $0 * 1e6 } : nil
            let power = try value("power_co2_mt").map { $0 * 1e6 }
            // Ember rounds its total to 0.01 Mt; a part above it by more is a swapped or wrong column.
            if let fossil, let power, fossil > power + 0.01e6 * (1 + 1e-9) {
                throw InputError.malformedInput(file: file, place: "line \(line), column fossil_co2_mt",
                                                reason: "\(fossil / 1e6) is more than power_co2_mt, \(power / 1e6), beyond its rounding (0.01 Mt)")
            }
            entries[iso3, default: [:]][year] = Entry(gwh: gwh, powerCO2: power, fossilCO2: fossil)
        }
        return GenerationTable(entries: entries, comparesFossil: header["fossil_co2_mt"] != nil)
    }
}
