import Foundation

extension Manifest {
    /// A plausibility check of a build: where things land against independent data.
    public struct Check: Codable, Sendable, Equatable {
        public init(name: String, year: Int?, ok: Bool, value: Double?, limit: String, detail: String) {
            self.name = name; self.year = year; self.ok = ok; self.value = value; self.limit = limit; self.detail = detail
        }
        /// plant_capacity_factor, plant_co2_vs_power_sector, population_lost_to_sea,
        /// inventory_accounted, trade_identity.
        public var name: String
        /// nil for a check that does not depend on the year.
        @ExplicitNull public var year: Int?
        public var ok: Bool
        /// The figure checked (its meaning is in `detail`).
        @ExplicitNull public var value: Double?
        /// What passes, in words.
        public var limit: String
        public var detail: String
    }

    /// The plants of `proxies.power_plants` and how each year's weights were made.
    public struct PowerPlantsRecord: Codable, Sendable, Equatable {
        public init(calibration: String, plants: Int, moved: [MovedPlant], unplaced: [MovedPlant], years: [PowerPlantYear]) {
            self.calibration = calibration; self.plants = plants; self.moved = moved; self.unplaced = unplaced; self.years = years
        }
        /// "generation by fuel (<file>)" or "none: WRI estimate or a capacity factor of 0.5".
        public var calibration: String
        /// Fossil plants read.
        public var plants: Int
        /// Plants whose point lies outside their country's cells, moved to the nearest one.
        public var moved: [MovedPlant]
        /// Plants that could not be placed (their country has no cell on the grid).
        public var unplaced: [MovedPlant]
        public var years: [PowerPlantYear]
    }

    public struct MovedPlant: Codable, Sendable, Equatable {
        public init(id: String, name: String, iso3: String, distanceKm: Double?, reason: String) {
            self.id = id; self.name = name; self.iso3 = iso3; self.distanceKm = distanceKm; self.reason = reason
        }
        public var id: String
        public var name: String
        public var iso3: String
        @ExplicitNull public var distanceKm: Double?
        public var reason: String
    }

    public struct PowerPlantYear: Codable, Sendable, Equatable {
        public init(year: Int, running: Int, notYetBuilt: Int, notYetBuiltMw: Double, estimatesImplausible: Int, capped: Int,
                    basis: [String: Int], maxCapacityFactor: Double, worldCapacityFactors: [String: Double], countries: [PowerPlantCountry]) {
            self.year = year; self.running = running; self.notYetBuilt = notYetBuilt; self.notYetBuiltMw = notYetBuiltMw
            self.estimatesImplausible = estimatesImplausible; self.capped = capped; self.basis = basis; self.maxCapacityFactor = maxCapacityFactor
            self.worldCapacityFactors = worldCapacityFactors; self.countries = countries
        }
        public var year: Int
        /// Plants commissioned in or before the year (or commissioning unknown).
        public var running: Int
        /// Plants commissioned after the year: left out.
        public var notYetBuilt: Int
        public var notYetBuiltMw: Double
        /// WRI estimates above 0.95 of full load, replaced.
        public var estimatesImplausible: Int
        /// Plants held at a capacity factor of 0.95 when the national generation was shared.
        public var capped: Int
        /// Plants by how their generation was set (PlantCalibration.Basis).
        public var basis: [String: Int]
        public var maxCapacityFactor: Double
        /// World fleet capacity factor by generation fuel (for countries without a figure).
        public var worldCapacityFactors: [String: Double]
        public var countries: [PowerPlantCountry]
    }

    public struct PowerPlantCountry: Codable, Sendable, Equatable {
        public init(iso3: String, running: Int, notYetBuilt: Int, generationGwh: Double, statisticsGwh: Double?, statisticsYear: Int?, spilledGwh: Double,
                    shortfallGwh: Double, plantCo2: Double, powerSectorCo2: Double?, fossilPowerSectorCo2: Double?) {
            self.iso3 = iso3; self.running = running; self.notYetBuilt = notYetBuilt; self.generationGwh = generationGwh
            self.statisticsGwh = statisticsGwh; self.statisticsYear = statisticsYear; self.spilledGwh = spilledGwh; self.shortfallGwh = shortfallGwh
            self.plantCo2 = plantCo2; self.powerSectorCo2 = powerSectorCo2; self.fossilPowerSectorCo2 = fossilPowerSectorCo2
        }
        public var iso3: String
        public var running: Int
        public var notYetBuilt: Int
        /// Σ plant generation, GWh.
        public var generationGwh: Double
        /// The statistics' generation of the fossil fuels, GWh; nil without a figure.
        @ExplicitNull public var statisticsGwh: Double?
        /// The year of those statistics: the build's, or the latest earlier one; nil without.
        @ExplicitNull public var statisticsYear: Int?
        /// Generation moved from a fuel's plants to the country's other plants, GWh.
        public var spilledGwh: Double
        /// Generation no plant could hold at 0.95, GWh.
        public var shortfallGwh: Double
        /// Σ plant CO2 (generation × IPCC default factor ÷ efficiency), t.
        public var plantCo2: Double
        /// The statistics' power-sector CO2, t (Ember: life-cycle CO2e of all sources).
        @ExplicitNull public var powerSectorCo2: Double?
        /// Its part from coal, gas and oil generation (life-cycle CO2e), t: what `plantCo2` is
        /// checked against.
        @ExplicitNull public var fossilPowerSectorCo2: Double?
    }

    /// The population proxy: which raster and year served which inventory years, how it was
    /// put on the grid, and the people each country received.
    public struct PopulationRecord: Codable, Sendable, Equatable {
        public init(path: String, year: Int?, usedFor: [Int], method: String, landCover: String?, sourcePeople: Double?, lostToSea: Double?,
                    countries: [PopulationCountry]) {
            self.path = path; self.year = year; self.usedFor = usedFor; self.method = method; self.landCover = landCover
            self.sourcePeople = sourcePeople; self.lostToSea = lostToSea; self.countries = countries
        }
        public var path: String
        /// The year the raster describes (config `proxies.population_year`), null when not given.
        @ExplicitNull public var year: Int?
        /// The inventory years it weighs.
        public var usedFor: [Int]
        public var method: String
        /// The land-cover raster whose urban class refined it, null when none did.
        @ExplicitNull public var landCover: String?
        /// People of the population cells the grid reaches; null on a projected grid.
        @ExplicitNull public var sourcePeople: Double?
        /// Of these, people in cells without land of the build's countries.
        @ExplicitNull public var lostToSea: Double?
        public var countries: [PopulationCountry]
    }

    public struct PopulationCountry: Codable, Sendable, Equatable {
        public init(iso3: String, people: Double) { self.iso3 = iso3; self.people = people }
        public var iso3: String
        /// Σ population weight × coverage over the country's cells.
        public var people: Double
    }
}
