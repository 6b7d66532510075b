import Foundation

/// The GFED fire types, in the order of the GFED4.1s regional tables' blocks.
public enum FireType: String, CaseIterable, Sendable {
    case savanna, borealForest = "boreal_forest", temperateForest = "temperate_forest", deforestation, peat, agriculture

    /// The block title in the GFED tables (the text before its colon).
    public var title: String {
        switch self {
        case .savanna: return "Savanna, grassland, and shrubland fires"
        case .borealForest: return "Boreal forest fires"
        case .temperateForest: return "Temperate forest fires"
        case .deforestation: return "Tropical deforestation & degradation"
        case .peat: return "Peat fires"
        case .agriculture: return "Agricultural waste burning"
        }
    }

    /// The MODIS IGBP classes where this type burns (docs/natural.md#fire): shrublands,
    /// savannas and grassland; boreal needleleaf, deciduous and mixed forest with the woody
    /// savannas of the taiga; every forest class; tropical broadleaf forest; wetlands; croplands.
    public var igbpClasses: Set<UInt8> {
        switch self {
        case .savanna: return [6, 7, 8, 9, 10]
        case .borealForest: return [1, 3, 4, 5, 8]
        case .temperateForest: return [1, 2, 3, 4, 5]
        case .deforestation: return [2, 4]
        case .peat: return [11]
        case .agriculture: return [12, 14]
        }
    }

    /// Vegetated IGBP classes: the fallback where a region has none of a type's classes.
    public static let vegetated: Set<UInt8> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]
}

/// One species' GFED4.1s regional table: annual emissions of the 14 basis regions by fire type,
/// with the Global rows and the multi-year mean column, in the file's unit (`gramsPerUnit` g).
public struct FireTable: Sendable {
    /// The basis regions in the order of the tables and of the region raster's codes 1–14
    /// (code 11 is `TEAS` in the tables and `CEAS` in the raster's legend: the same region).
    public static let regions = ["BONA", "TENA", "CEAM", "NHSA", "SHSA", "EURO", "MIDE", "NHAF", "SHAF", "BOAS", "TEAS", "SEAS", "EQAS", "AUST"]
    static let aliases = ["CEAS": "TEAS"]
    static let allTypesTitle = "All fire types combined"

    public var file: String
    public var species: String
    public var gramsPerUnit: Double
    public var years: [Int]
    /// The years the mean column averages ('97-'20: 1997…2020).
    public var meanYears: ClosedRange<Int>?
    /// [type][region][year index], in table units; `allTypes` is the first block.
    public var values: [FireType: [[Double]]]
    public var allTypes: [[Double]]
    public var global: [FireType: [Double]]
    public var globalAllTypes: [Double]
    /// [type][region] and the all-types means.
    public var means: [FireType: [Double]]
    public var allTypesMeans: [Double]

    /// Tonnes of the species per table unit.
    public var tonnesPerUnit: Double { gramsPerUnit / 1e6 }
}

/// Which year of a fire table: one year, or the mean column.
public enum FireYear: Equatable, Sendable, CustomStringConvertible {
    case year(Int)
    case mean(ClosedRange<Int>)
    public var description: String {
        switch self {
        case .year(let y): return "\(y)"
        case .mean(let r): return "mean \(r.lowerBound)–\(r.upperBound)"
        }
    }
}

/// What to do with a year outside a fire table's years.
public enum FireYearPolicy: String, CaseIterable, Sendable {
    case error, nearest, mean
}

extension FireTable {
    /// The table's entry for `year`: the year itself, or outside the table's years an error
    /// naming the range, the nearest year or the mean column, as `policy` says.
    public func resolve(_ year: Int, policy: FireYearPolicy) throws -> FireYear {
        guard let first = years.first, let last = years.last else { throw InputError.malformedInput(file: file, place: "", reason: "no years") }
        if years.contains(year) { return .year(year) }
        switch policy {
        case .error:
            throw InputError.invalidArgument("fire year \(year) is outside \(first)–\(last), the years of \(file) (choose --fire-year-outside nearest or mean)")
        case .nearest: return .year(year < first ? first : last)
        case .mean:
            guard let meanYears else { throw InputError.malformedInput(file: file, place: "", reason: "no mean column") }
            return .mean(meanYears)
        }
    }

    /// Tonnes of the species by region (table order) for one fire type, or all types (nil).
    public func tonnes(_ type: FireType?, _ year: FireYear) -> [Double] {
        let scale = tonnesPerUnit
        switch year {
        case .year(let y):
            let k = years.firstIndex(of: y)!
            return (type.map { values[$0]! } ?? allTypes).map { $0[k] * scale }
        case .mean:
            return (type.map { means[$0]! } ?? allTypesMeans).map { $0 * scale }
        }
    }

    /// Tonnes of the table's Global row for one type (nil: all types).
    public func globalTonnes(_ type: FireType?, _ year: FireYear) -> Double? {
        switch year {
        case .year(let y): return years.firstIndex(of: y).map { (type.map { global[$0]! } ?? globalAllTypes)[$0] * tonnesPerUnit }
        case .mean: return nil
        }
    }
}
