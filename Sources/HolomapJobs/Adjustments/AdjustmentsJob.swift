import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore

/// `holomap adjustments`: consumption-based against territorial CO2 per country, from published
/// accounts (OWID, GCB) or computed from an MRIO.
public struct AdjustmentsJob {
    public enum Source: String, CaseIterable, Sendable { case owid, gcb, mrio }

    public var source: Source
    public var data: String
    public var year: Int
    public var countries: [String]?
    public var mrioFormat: MRIOJob.Format = .wiod
    public var satellite: MRIOJob.Satellite?
    /// mrio: the stressors whose sum is CO2 (names as in the table); nil: `StressorSelection`'s default.
    public var stressors: [String]?

    public init(source: Source, data: String, year: Int, countries: [String]?) {
        self.source = source; self.data = data; self.year = year; self.countries = countries
    }

    public struct Result: Sendable {
        public var rows: [Adjustments.Row]
        /// Rows of the year that are not countries (World, EU27, RoW), left out.
        public var notCountries: [String]
        public var notes: [String]
        public var csv: String { Adjustments.csv(rows) }
    }

    public func run() throws -> Result {
        switch source {
        case .mrio:
            let loaded = try MRIOJob.load(format: mrioFormat, dir: data, year: year, satellite: satellite)
            // The stressor is checked before the table is solved.
            let stressor = try StressorSelection.choose(stressors, from: loaded.system.stressors, source: data)
            let accounts = try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver())
            var notes = loaded.notes
            if let note = MRIOTables.zeroOutputNote(accounts, sectors: loaded.system.sectors) { notes.append(note) }
            notes.append("CO2 from the stressor \(stressor.label)")
            let (rows, notCountries) = try MRIOTables.adjustments(accounts, stressor: stressor, year: year, countries: countries, source: data)
            return Result(rows: rows, notCountries: notCountries, notes: notes)
        case .owid, .gcb:
            let published = Adjustments.Source(rawValue: source.rawValue)!
            let (rows, notCountries) = try Adjustments.rows(published, text: try TextFile.read(data), path: data, year: year, countries: countries)
            return Result(rows: rows, notCountries: notCountries, notes: [])
        }
    }
}
