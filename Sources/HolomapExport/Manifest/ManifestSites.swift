import Foundation

extension Manifest {
    /// A point proxy without countries of its own (airports, ports): how its points were put
    /// into the build's countries (`SitePlacement`).
    public struct SiteRecord: Codable, Sendable, Equatable {
        public init(proxy: String, path: String, weighting: String, points: Int, placed: Int, moved: Int, unplaced: [String]) {
            self.proxy = proxy; self.path = path; self.weighting = weighting; self.points = points; self.placed = placed
            self.moved = moved; self.unplaced = unplaced
        }
        /// The proxy (`airports`, `ports`), as in the sector chains.
        public var proxy: String
        /// Its table, relative to the config's folder.
        public var path: String
        /// How each point weighs, in words.
        public var weighting: String
        /// Points of positive weight in the table.
        public var points: Int
        /// Points given to a country: in a cell it covers, or moved to the nearest covered cell.
        public var placed: Int
        /// Of those, the points moved (their cell covered by no country).
        public var moved: Int
        /// Points left out (no country's cell within reach, or outside the grid), with the reason.
        public var unplaced: [String]
    }
}
