import XCTest
@testable import HolomapCore

final class PlantCalibrationTests: XCTestCase {
    // Coal at 0.38: 3.6 / 0.38 × 94.6 = 896.2105… t CO2/GWh; gas at 0.45: 3.6 / 0.45 × 56.1 = 448.8.
    let factors = FuelFactors(byFuel: [
        "Coal": .init(kgPerTJ: 94_600, efficiency: 0.38, generationFuel: "coal"),
        "Gas": .init(kgPerTJ: 56_100, efficiency: 0.45, generationFuel: "gas"),
        "Cogeneration": .init(kgPerTJ: 56_100, efficiency: 0.45, generationFuel: "gas"),
    ])
    let coal = 3.6 / 0.38 * 94.6, gas = 3.6 / 0.45 * 56.1

    func plant(_ id: String, _ fuel: String, mw: Double, estimate: Double? = nil, built: Double? = nil, country: String = "AAA") -> PowerPlant {
        PowerPlant(id: id, name: id, country: country, fuel: fuel, longitude: 0, latitude: 0, capacityMW: mw, estimatedGWh: estimate, commissioningYear: built)
    }

    func table(_ rows: [String: [String: Double]], co2: Double? = nil, year: Int = 2020) -> GenerationTable {
        GenerationTable(entries: rows.mapValues { [year: .init(gwh: $0, powerCO2: co2)] })
    }

    func testNationalGenerationIsSharedByEstimateAndFleetFactorWithACapAt095() {
        // 1000 MW coal with a plausible estimate of 4000 GWh; 500 MW coal without one; 100 MW coal
        // whose estimate (2000 GWh = CF 2.28) is implausible. National coal: 6000 GWh.
        let plants = [plant("a", "Coal", mw: 1000, estimate: 4000), plant("b", "Coal", mw: 500), plant("c", "Coal", mw: 100, estimate: 2000)]
        let r = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: table(["AAA": ["coal": 6000]]))
        // Fleet CF = 6000 / (1600 × 8.76) = 0.42808; relative weights 4000, 500 × 8.76 × 0.42808 =
        // 1875, 100 × 8.76 × 0.42808 = 375 (sum 6250); λ = 6000 / 6250 = 0.96.
        let g = r.plants.map(\.generationGWh)
        XCTAssertEqual(g[0], 3840, accuracy: 1e-9)
        XCTAssertEqual(g[1], 1800, accuracy: 1e-9)
        XCTAssertEqual(g[2], 360, accuracy: 1e-9)
        XCTAssertEqual(r.plants.map(\.basis), [.estimateScaled, .fleet, .fleet])
        XCTAssertEqual(r.plants.map(\.estimateImplausible), [false, false, true])
        XCTAssertEqual(r.plants[0].weight, 3840 * coal, accuracy: 1e-6)
        XCTAssertEqual(r.countries[0].generationGWh, 6000, accuracy: 1e-9)
        XCTAssertEqual(r.countries[0].shortfallGWh, 0)
    }

    func testGenerationAboveWhatAFuelsPlantsHoldGoesToTheOtherPlantsThenIsAShortfall() {
        // 100 MW coal holds at most 0.95 × 876 = 832.2 GWh; national coal 1000 GWh. The gas plant
        // (200 MW, national gas 500 GWh) takes the rest of the coal up to its own cap 1664.4 GWh.
        let plants = [plant("coal", "Coal", mw: 100), plant("gas", "Gas", mw: 200)]
        let r = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: table(["AAA": ["coal": 1000, "gas": 500]]))
        XCTAssertEqual(r.plants[0].generationGWh, 832.2, accuracy: 1e-9)
        XCTAssertTrue(r.plants[0].capped)
        XCTAssertEqual(r.plants[1].generationGWh, 500 + 167.8, accuracy: 1e-9)
        XCTAssertEqual(r.plants[1].weight, 500 * gas + 167.8 * coal, accuracy: 1e-6)
        XCTAssertEqual(r.countries[0].spilledGWh, 167.8, accuracy: 1e-9)
        XCTAssertEqual(r.countries[0].shortfallGWh, 0, accuracy: 1e-9)

        let short = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: table(["AAA": ["coal": 3000, "gas": 500]]))
        // Both plants full: 832.2 + 1664.4 = 2496.6 of 3500 GWh.
        XCTAssertEqual(short.countries[0].generationGWh, 2496.6, accuracy: 1e-9)
        XCTAssertEqual(short.countries[0].shortfallGWh, 3500 - 2496.6, accuracy: 1e-9)
        XCTAssertTrue(short.plants.allSatisfy { $0.generationGWh <= 0.95 * 8.76 * (($0.index == 0) ? 100 : 200) * (1 + 1e-12) })
    }

    func testCountriesWithoutAFigureUseTheWorldFleetFactorAndLatePlantsAreLeftOut() {
        // World coal CF from AAA: 4380 / (1000 × 8.76) = 0.5. BBB has no figure: its plant without
        // an estimate runs at 0.5, its plant with a plausible estimate keeps it. CCC's plant is
        // commissioned in 2021, after the year.
        let plants = [plant("a", "Coal", mw: 1000), plant("b1", "Coal", mw: 200, country: "BBB"),
                      plant("b2", "Coal", mw: 100, estimate: 300, country: "BBB"), plant("c", "Coal", mw: 50, built: 2021.4, country: "CCC"),
                      plant("d", "Coal", mw: 50, built: 2020.9, country: "CCC")]
        let r = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: table(["AAA": ["coal": 4380]]))
        XCTAssertEqual(r.worldCapacityFactors["coal"]!, 0.5, accuracy: 1e-15)
        XCTAssertEqual(r.plants.map(\.index), [0, 1, 2, 4])
        XCTAssertEqual(r.plants[1].generationGWh, 200 * 8.76 * 0.5, accuracy: 1e-9)
        XCTAssertEqual(r.plants[1].basis, .world)
        XCTAssertEqual(r.plants[2].generationGWh, 300)
        XCTAssertEqual(r.plants[2].basis, .estimate)
        let ccc = r.countries.first { $0.iso3 == "CCC" }!
        XCTAssertEqual(ccc.notYetBuilt, 1)
        XCTAssertEqual(ccc.notYetBuiltMW, 50)
        XCTAssertEqual(ccc.running, 1)
    }

    func testACountryWithoutTheYearsFiguresUsesItsLatestEarlierYear() {
        // BBB has figures for 2019 only: in 2020 its coal plant takes its 2019 coal (876 GWh,
        // CF 0.5 of 200 MW) and it has no power-sector figure for 2020 (the check leaves it out).
        let plants = [plant("a", "Coal", mw: 1000), plant("b", "Coal", mw: 200, country: "BBB"), plant("g", "Gas", mw: 100, country: "BBB")]
        let generation = GenerationTable(entries: ["AAA": [2020: .init(gwh: ["coal": 4380], powerCO2: 4)],
                                                   "BBB": [2019: .init(gwh: ["coal": 876, "gas": 219], powerCO2: 1)]])
        let r = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: generation)
        let bbb = r.countries.first { $0.iso3 == "BBB" }!
        XCTAssertEqual(bbb.statisticsYear, 2019)
        XCTAssertNil(bbb.powerCO2)
        XCTAssertEqual(r.plants[1].generationGWh, 876, accuracy: 1e-9)
        XCTAssertEqual(r.plants[2].generationGWh, 219, accuracy: 1e-9)
        XCTAssertEqual(r.plants[1].basis, .fleet)
        XCTAssertEqual(r.countries.first { $0.iso3 == "AAA" }!.statisticsYear, 2020)
        // The world fleet's factor counts BBB's 2019 coal too: (4380 + 876) / (1200 × 8.76).
        XCTAssertEqual(r.worldCapacityFactors["coal"]!, 5256 / (1200 * 8.76), accuracy: 1e-15)
    }

    func testWithoutATableImplausibleEstimatesAreReplacedByHalfLoad() {
        let plants = [plant("a", "Gas", mw: 10, estimate: 9000), plant("b", "Gas", mw: 10, estimate: 40), plant("c", "Cogeneration", mw: 10)]
        let r = PlantCalibration.calibrate(plants, year: 2020, factors: factors, generation: nil)
        XCTAssertEqual(r.plants.map(\.generationGWh), [43.8, 40, 43.8])
        XCTAssertEqual(r.plants.map(\.basis), [.flat, .estimate, .flat])
        XCTAssertEqual(r.plants[2].weight, 43.8 * gas, accuracy: 1e-9)
    }

    func testGenerationTableParsesTWhAndMtAndRefusesBadNumbers() throws {
        let t = try GenerationTable.parse("iso3,year,coal_twh,gas_twh,power_co2_mt\nAAA,2020,1.5,,2\n", file: "g.csv")
        XCTAssertEqual(t.entry("AAA", 2020), .init(gwh: ["coal": 1500], powerCO2: 2e6))
        XCTAssertEqual(t.comparisonCO2("AAA", 2020), 2e6)
        XCTAssertNil(t.comparisonCO2("AAA", 2021))
        // With the fossil part, the plants are compared with it; an empty field is no figure.
        let f = try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt,fossil_co2_mt\nAAA,2020,1,2,1.5\nBBB,2020,1,2,\nCCC,2020,1,2,2.009\n", file: "g.csv")
        XCTAssertEqual(f.entry("AAA", 2020), .init(gwh: ["coal": 1000], powerCO2: 2e6, fossilCO2: 1.5e6))
        XCTAssertEqual(f.comparisonCO2("AAA", 2020), 1.5e6)
        XCTAssertNil(f.comparisonCO2("BBB", 2020))
        XCTAssertThrowsError(try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt,fossil_co2_mt\nAAA,2020,1,2,x\n", file: "g.csv")) {
            XCTAssertTrue("\($0)".contains("line 2, column fossil_co2_mt"), "\($0)")
        }
        // A fossil part above the total beyond its rounding: swapped columns.
        XCTAssertThrowsError(try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt,fossil_co2_mt\nAAA,2020,1,2,1\nAAA,2021,1,1,2\n", file: "g.csv")) {
            XCTAssertTrue("\($0)".contains("line 3, column fossil_co2_mt"), "\($0)")
        }
        // A year without figures takes the latest earlier year with generation.
        let gap = try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt\nAAA,2018,1,2\nAAA,2019,,\nAAA,2022,3,4\n", file: "g.csv")
        XCTAssertEqual(gap.latest("AAA", atOrBefore: 2021)?.year, 2018)
        XCTAssertEqual(gap.latest("AAA", atOrBefore: 2022)?.year, 2022)
        XCTAssertNil(gap.latest("AAA", atOrBefore: 2017))
        XCTAssertThrowsError(try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt\nAAA,2020,-1,2\n", file: "g.csv")) {
            XCTAssertEqual("\($0)", "g.csv (line 2, column coal_twh): '-1' is not a number ≥ 0")
        }
        XCTAssertThrowsError(try GenerationTable.parse("iso3,year,coal_twh,power_co2_mt\nAAA,2020,1,2\nAAA,2020,1,2\n", file: "g.csv"))
    }
}
