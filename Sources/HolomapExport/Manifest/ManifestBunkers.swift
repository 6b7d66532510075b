import Foundation

extension Manifest {
    /// International bunkers (memo items): how they were placed and, per year, the inventory's
    /// bunker rows against what the `bunkers` layer holds. They are in the global total, in no
    /// national total (booked under AIR and SEA).
    public struct BunkersRecord: Codable, Sendable, Equatable {
        public init(shippingLanes: String?, airports: String?, bunkerSplit: String?, laneClassWeights: [String: Double], airportWeights: String, years: [BunkerYear]) {
            self.shippingLanes = shippingLanes; self.airports = airports; self.bunkerSplit = bunkerSplit
            self.laneClassWeights = laneClassWeights; self.airportWeights = airportWeights; self.years = years
        }
        @ExplicitNull public var shippingLanes: String?
        @ExplicitNull public var airports: String?
        @ExplicitNull public var bunkerSplit: String?
        /// Weight of a lane kilometre by class (no traffic data: a convention).
        public var laneClassWeights: [String: Double]
        /// Weights of airports by type, in words.
        public var airportWeights: String
        public var years: [BunkerYear]
    }

    public struct BunkerYear: Codable, Sendable, Equatable {
        public init(year: Int, input: Double, gridded: Double, unallocated: Double, aviationGridded: Double, shippingGridded: Double,
                    aviationShareOfCombined: Double?, shareSource: String?) {
            self.year = year; self.input = input; self.gridded = gridded; self.unallocated = unallocated
            self.aviationGridded = aviationGridded; self.shippingGridded = shippingGridded
            self.aviationShareOfCombined = aviationShareOfCombined; self.shareSource = shareSource
        }
        public var year: Int
        /// t CO2e: the inventory's bunker rows (every reporting code).
        public var input: Double
        /// t CO2e in the bunkers layer.
        public var gridded: Double
        /// t CO2e listed as unallocated (outside a regional grid, no proxy, no split).
        public var unallocated: Double
        public var aviationGridded: Double
        public var shippingGridded: Double
        /// Aviation's share of a combined (M.BUNKERS) amount; null when none was split.
        @ExplicitNull public var aviationShareOfCombined: Double?
        @ExplicitNull public var shareSource: String?
    }

    /// The GWP basis of the inventory and the set the CO2e outputs are really in.
    public struct GWPBasisRecord: Codable, Sendable, Equatable {
        public init(inventory: String, configured: String, output: String, mismatch: Bool, massValues: Int, sameSetValues: Int,
                    convertedValues: Int, unconvertedValues: Int, unconvertedTCo2e: Double, unstatedValues: Int, unstatedTCo2e: Double) {
            self.inventory = inventory; self.configured = configured; self.output = output; self.mismatch = mismatch
            self.massValues = massValues; self.sameSetValues = sameSetValues; self.convertedValues = convertedValues
            self.unconvertedValues = unconvertedValues; self.unconvertedTCo2e = unconvertedTCo2e
            self.unstatedValues = unstatedValues; self.unstatedTCo2e = unstatedTCo2e
        }
        /// "mass of each gas", "CO2e (AR5GWP100)" or "CO2e (GWP set not stated by the source)".
        public var inventory: String
        /// The config's set (the manifest's `gwp`).
        public var configured: String
        /// The set the CO2e layers are in, as their labels say.
        public var output: String
        public var mismatch: Bool
        public var massValues: Int
        public var sameSetValues: Int
        public var convertedValues: Int
        public var unconvertedValues: Int
        public var unconvertedTCo2e: Double
        public var unstatedValues: Int
        public var unstatedTCo2e: Double
    }
}
