import Foundation
import HolomapCore

extension FireYearPolicy: ConfigValue {}

/// What to do when the natural inputs are not there.
public enum MissingNaturalInputs: String, CaseIterable, Sendable, ConfigValue {
    /// Stop before any work, naming the first missing file.
    case error
    /// Build without the natural layers: a note on stderr and in the manifest's `natural` section
    /// (the default bundle's choice, as the reference data sit outside the repository).
    case skip
}

extension BuildConfig {
    /// The `natural:` section (docs/config.md#natural): the natural sources and sinks' files, as
    /// a folder in the layout of the reference data (`data`) with any file named apart, and the
    /// fire year to use when the build's year is outside the GFED tables'.
    public struct NaturalSpec: Sendable, Decodable {
        public var paths: NaturalPaths
        /// The folder `data:` named (nil: every file is named).
        public var data: String?
        /// The files named apart (land_sink … budget, in `files` order), as written.
        var named: [String?]
        public var fireYear: FireYearPolicy
        public var ifMissing: MissingNaturalInputs
        /// Why this build goes without the natural layers (BuildNatural.decide); nil: it has them.
        var skipReason: String? = nil

        enum CodingKeys: String, CodingKey, CaseIterable {
            case data, landSink = "land_sink", landUseChange = "land_use_change", fireTables = "fire_tables", fireRegions = "fire_regions"
            case landCover = "land_cover", landFraction = "land_fraction", budget, fireYear = "fire_year", ifMissing = "if_missing"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(CodingKeys.self)
            data = try c.decodeIfPresent(String.self, forKey: .data)
            let files: [CodingKeys] = [.landSink, .landUseChange, .fireTables, .fireRegions, .landCover, .landFraction, .budget]
            named = try files.map { try c.decodeIfPresent(String.self, forKey: $0) }
            if data == nil, let missing = zip(files, named).first(where: { $0.1 == nil }) {
                throw ConfigError(path: "natural.\(missing.0.stringValue)", problem: "missing key (give natural.data, a folder in the layout of ../shared/data, or every file)")
            }
            paths = Self.paths(data: data, named: named)
            fireYear = try c.decodeIfPresent(FireYearPolicy.self, forKey: .fireYear) ?? .error
            ifMissing = try c.decodeIfPresent(MissingNaturalInputs.self, forKey: .ifMissing) ?? .error
        }

        static func paths(data: String?, named n: [String?]) -> NaturalPaths {
            NaturalPaths.named(data: data, landSink: n[0], landUseChange: n[1], fireTables: n[2], fireRegions: n[3], landCover: n[4], landFraction: n[5], budget: n[6])
        }

        /// Relative paths made absolute against the config's folder (`resolve`), before the
        /// files of `data`'s layout are made from it.
        mutating func resolve(_ resolve: (String?) -> String?) {
            data = resolve(data)
            named = named.map(resolve)
            paths = Self.paths(data: data, named: named)
        }
    }
}
