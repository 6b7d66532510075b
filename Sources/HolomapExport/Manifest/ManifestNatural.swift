import Foundation

extension Manifest {
    /// The natural layers of a build (docs/natural.md#the-map): their sources, the years they
    /// describe, the choices made, and each layer's world total beside its source integral.
    public struct NaturalRecord: Codable, Sendable, Equatable {
        public init(status: String, reason: String?, sign: String, rules: String, fluxUnits: String, panoramicNet: String, landYears: String,
                    fireYearPolicy: String, sources: [NaturalSource], years: [NaturalYear], fallbacks: [NaturalFallback]) {
            self.status = status; self.reason = reason; self.sign = sign; self.rules = rules; self.fluxUnits = fluxUnits
            self.panoramicNet = panoramicNet; self.landYears = landYears; self.fireYearPolicy = fireYearPolicy
            self.sources = sources; self.years = years; self.fallbacks = fallbacks
        }
        /// `written`, or `skipped` (natural.if_missing: skip and an input missing: no natural layer).
        public var status: String
        /// Why the layers were skipped; null when written.
        @ExplicitNull public var reason: String?
        /// The sign convention of every natural layer.
        public var sign: String
        /// What the nets add up and what they leave out (the double-counting rule).
        public var rules: String
        /// The units of the NetCDF flux variables of the natural layers.
        public var fluxUnits: String
        /// What panoramic_net holds for this build's inventory.
        public var panoramicNet: String
        /// The period the GCB land grids describe, whatever the build's years.
        public var landYears: String
        /// natural.fire_year: error, nearest or mean.
        public var fireYearPolicy: String
        public var sources: [NaturalSource]
        /// One entry per build year (none when skipped).
        public var years: [NaturalYear]
        /// Fire amounts of a type spread over other land cover than the type's classes.
        public var fallbacks: [NaturalFallback]
    }

    public struct NaturalSource: Codable, Sendable, Equatable {
        public init(role: String, path: String, source: String, licence: String) {
            self.role = role; self.path = path; self.source = source; self.licence = licence
        }
        /// The input role (`natural_land_sink`, …), as in `inputs`.
        public var role: String
        public var path: String
        public var source: String
        public var licence: String
    }

    public struct NaturalYear: Codable, Sendable, Equatable {
        public init(year: Int, fireYear: String, totals: [NaturalTotal]) { self.year = year; self.fireYear = fireYear; self.totals = totals }
        public var year: Int
        /// The GFED4.1s entry used: the year, the nearest year, or `mean 1997–2020`.
        public var fireYear: String
        public var totals: [NaturalTotal]
    }

    public struct NaturalTotal: Codable, Sendable, Equatable {
        public init(layer: String, unit: String, source: Double?, gridded: Double) {
            self.layer = layer; self.unit = unit; self.source = source; self.gridded = gridded
        }
        /// The layer's code.
        public var layer: String
        /// `t CO2 per year`, `t CH4 per year` or `t N2O per year`.
        public var unit: String
        /// Σ of the source grid (for panoramic_net: production_co2's Σ on the grid + natural_net's);
        /// on a global grid the layer's Σ equals it to 1e-9.
        @ExplicitNull public var source: Double?
        /// Σ of the layer over the build's grid (Float64).
        public var gridded: Double
    }

    public struct NaturalFallback: Codable, Sendable, Equatable {
        public init(fireYear: String, type: String, region: String, spreadOver: String, tonnesCo2: Double) {
            self.fireYear = fireYear; self.type = type; self.region = region; self.spreadOver = spreadOver; self.tonnesCo2 = tonnesCo2
        }
        public var fireYear: String
        /// The GFED fire type (`peat`, …).
        public var type: String
        /// The GFED basis region.
        public var region: String
        /// `vegetated land`, `all land cover cells` or `nowhere`.
        public var spreadOver: String
        public var tonnesCo2: Double
    }
}
