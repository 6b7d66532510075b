import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore

extension MRIOJob.Format: ConfigValue {}

/// Tonnes per unit of an MRIO's stressor (pymrio's test system and EXIOBASE count kg).
public enum StressorUnit: String, CaseIterable, Sendable, Codable, ConfigValue {
    case kg, t, kt, Mt
    public var tonnes: Double {
        switch self { case .kg: return 1e-3; case .t: return 1; case .kt: return 1e3; case .Mt: return 1e6 }
    }
}

extension BuildConfig {
    /// An MRIO for the trade layers (embodied imports, embodied exports, net trade): the table,
    /// its CO2 rows, their unit, and which IPCC sector each of its sectors' exports is spread like.
    /// A table without an emissions account (WIOD 2013) gets the build year's published
    /// territorial CO2 split over its sectors (`territorial`, `sector_shares`), so a 2021 build uses
    /// the 2009 table's structure with 2021's emissions.
    public struct TradeSpec: Sendable, Decodable {
        public var path: String
        public var format: MRIOJob.Format
        /// The table's year (needed for WIOD; recorded in the manifest).
        public var year: Int?
        /// Stressor names summed as CO2; nil: the table's CO2 (StressorSelection's default).
        public var stressor: [String]?
        public var unit: StressorUnit
        /// CSV `mrio_sector,ipcc_sector`: every sector of the table.
        public var sectorMap: String
        public var territorial: String?
        public var territorialSource: Adjustments.Source
        public var sectorShares: String?
        /// EDGAR v4.3.2 CO2 by IPCC 1996 category: takes bunker fuel out of `sector_shares`.
        public var domesticTransport: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case path, format, year, stressor, unit, sectorMap = "sector_map", territorial, territorialSource = "territorial_source", sectorShares = "sector_shares", domesticTransport = "domestic_transport"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            format = try c.decode(MRIOJob.Format.self, forKey: .format)
            year = try c.decodeIfPresent(Int.self, forKey: .year)
            stressor = try c.decodeIfPresent([String].self, forKey: .stressor)
            territorial = try c.decodeIfPresent(String.self, forKey: .territorial)
            territorialSource = try c.decodeIfPresent(Adjustments.Source.self, forKey: .territorialSource) ?? .gcb
            sectorShares = try c.decodeIfPresent(String.self, forKey: .sectorShares)
            domesticTransport = try c.decodeIfPresent(String.self, forKey: .domesticTransport)
            // The satellite made from published totals is in Mt CO2; a table's own must say its unit.
            if territorial != nil {
                if let given = try c.decodeIfPresent(StressorUnit.self, forKey: .unit), given != .Mt {
                    throw ConfigError(path: "trade.unit", problem: "the satellite made from trade.territorial is in Mt CO2; unit must be Mt or left out")
                }
                unit = .Mt
            } else {
                unit = try c.decode(StressorUnit.self, forKey: .unit)
            }
            if sectorShares != nil, territorial == nil { throw ConfigError(path: "trade.sector_shares", problem: "sector_shares needs territorial") }
            if (sectorShares == nil) != (domesticTransport == nil) {
                throw ConfigError(path: "trade.domestic_transport", problem: "sector_shares and domestic_transport go together (the residence-based shares hold bunker fuel)")
            }
            if format == .wiod, year == nil { throw ConfigError(path: "trade.year", problem: "a WIOD table needs its year") }
            sectorMap = try c.decode(String.self, forKey: .sectorMap)
        }

        /// The satellite for tables without one, made for `year` (the build's).
        var satellite: MRIOJob.Satellite? {
            territorial.map { MRIOJob.Satellite(source: territorialSource, path: $0, sectorShares: sectorShares, domesticTransport: domesticTransport) }
        }

        /// MRIO sector → IPCC sector from `sector_map`; an unknown IPCC code is an error naming the line.
        func loadSectorMap() throws -> [String: String] {
            var map: [String: String] = [:]
            var rows = CSVReader(try TextFile.read(sectorMap)).makeIterator()
            let header = try CSVHeader(reading: &rows, file: sectorMap, needs: ["mrio_sector", "ipcc_sector"])
            while let (line, f) = rows.next() {
                guard f.count == header.count else { continue }
                let ipcc = header.field("ipcc_sector", in: f)
                guard let sector = Sectors.byCode[ipcc], !sector.isMemo else {
                    throw InputError.malformedInput(file: sectorMap, place: "line \(line)", reason: "'\(ipcc)' is not an IPCC sector holomap grids")
                }
                map[header.field("mrio_sector", in: f)] = ipcc
            }
            return map
        }
    }
}
