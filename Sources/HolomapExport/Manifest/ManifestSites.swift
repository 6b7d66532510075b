import Foundation

extension Manifest {
    /// A point proxy without countries of its own (airports, ports): how its points were put
    /// into the build's countries (`SitePlacement`).
    public struct SiteRecord: Codable, Sendable, Equatable {
        public init(proxy: String, path: String, weighting: String, points: Int, placed: Int, moved: Int, notInBuild: Int, unplaced: [String],
                    reassigned: [String]) {
            self.proxy = proxy; self.path = path; self.weighting = weighting; self.points = points; self.placed = placed
            self.moved = moved; self.notInBuild = notInBuild; self.unplaced = unplaced
            self.reassigned = reassigned
        }
        /// The proxy (`airports`, `ports`), as in the sector chains.
        public var proxy: String
        /// Its table, relative to the config's folder.
        public var path: String
        /// How each point weighs, in words.
        public var weighting: String
        /// Points of positive weight in the table.
        public var points: Int
        /// Points given to their own country (the table's iso3): in a cell it covers, or moved to
        /// its nearest covered cell.
        public var placed: Int
        /// Of those, the points moved (their own cell not the country's).
        public var moved: Int
        /// Points of countries that are not in the build (or have no cell on its grid): not used.
        public var notInBuild: Int
        /// Points of the build's countries left out (too far from their country's cells), and
        /// points without a country, as "name (country): reason".
        public var unplaced: [String]
        /// Points whose country has no cell near them but whose cell the build's boundaries give to
        /// another territory (an overseas department, a disputed area), as "name (country) → territory".
        public var reassigned: [String]
    }
}
