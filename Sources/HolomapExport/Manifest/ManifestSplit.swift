import Foundation

extension Manifest {
    /// An aggregated sector split into sub-sectors by national shares (`inventory.split`).
    public struct SectorSplitRecord: Codable, Sendable, Equatable {
        public init(path: String, sector: String, into: [String], method: String, shareYears: [ShareYear], unsplit: [UnsplitItem]) {
            self.path = path; self.sector = sector; self.into = into; self.method = method; self.shareYears = shareYears; self.unsplit = unsplit
        }
        /// The split table, relative to the config's folder.
        public var path: String
        /// The sector that was split (EDGAR v7's "Other sectors": 5).
        public var sector: String
        /// The sub-sectors it went to.
        public var into: [String]
        public var method: String
        /// How many items of each inventory year took their shares from which table year.
        public var shareYears: [ShareYear]
        /// Items left whole (no shares for the country up to their year): gridded as `sector`.
        public var unsplit: [UnsplitItem]
    }

    public struct ShareYear: Codable, Sendable, Equatable {
        public init(year: Int, shareYear: Int, items: Int) { self.year = year; self.shareYear = shareYear; self.items = items }
        public var year: Int
        public var shareYear: Int
        public var items: Int
    }

    public struct UnsplitItem: Codable, Sendable, Equatable {
        public init(iso3: String, year: Int, gas: String, tCo2e: Double) { self.iso3 = iso3; self.year = year; self.gas = gas; self.tCo2e = tCo2e }
        public var iso3: String
        public var year: Int
        public var gas: String
        public var tCo2e: Double
    }
}
