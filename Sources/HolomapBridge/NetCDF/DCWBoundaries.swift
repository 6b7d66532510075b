import Foundation
import HolomapCore

/// DCW-GMT country polygons from Debian's gmt-dcw netCDF file.
public final class DCWBoundaries: BoundarySource {
    public let name: String
    public let crs = CRS.wgs84
    public let codes: [String]
    public private(set) var notes: [String] = []
    private let file: NetCDFFile
    /// alpha-3 → the stem of its `_lon`/`_lat` variables (the alpha-2 code, or a province's).
    private let alpha2ByAlpha3: [String: String]

    /// Territories that DCW-GMT has no country polygon for but draws as a province of another
    /// country, cut out of it (China's CN polygon leaves a hole where CNHK and CNMO lie): the same
    /// coastline, so the territory and its neighbour never cover a cell twice.
    static let territoriesDrawnAsProvinces = ["HKG": "CNHK", "MAC": "CNMO"]
    static let provinceOf = ["HKG": "CHN", "MAC": "CHN"]

    /// Country → the territories drawn as its provinces here: digitised apart, they overlap it
    /// slightly (Macao by about 1.4 km²), so a build caps the country's cells by theirs.
    public var cutOuts: [String: [String]] {
        var out: [String: [String]] = [:]
        for (code, stem) in alpha2ByAlpha3 where stem.count == 4 { out[Self.provinceOf[code]!, default: []].append(code) }
        return out.mapValues { $0.sorted() }
    }

    public init(path: String, codes table: CountryCodes) throws {
        file = try NetCDFFile(readingFrom: path)
        name = path
        var map: [String: String] = [:]
        for variable in try file.variableNames() where variable.count == 6 && variable.hasSuffix("_lon") {
            let alpha2 = String(variable.prefix(2))
            guard alpha2.allSatisfy({ $0.isUppercase }) else { continue }
            guard let alpha3 = table.alpha3ByAlpha2[alpha2] else {
                throw InputError.unknownCountry(code: alpha2, file: "\(path) (variable \(variable))", line: nil)
            }
            map[alpha3] = alpha2
        }
        for (alpha3, stem) in Self.territoriesDrawnAsProvinces where map[alpha3] == nil {
            if try file.variableID("\(stem)_lon") != nil {
                map[alpha3] = stem
                notes.append("\(path): \(alpha3) has no country polygon; DCW-GMT's province \(stem) is used")
            }
        }
        guard !map.isEmpty else {
            throw InputError.malformedInput(file: path, place: "", reason: "no XX_lon country variables: not a DCW-GMT file")
        }
        alpha2ByAlpha3 = map
        self.codes = map.keys.sorted()
    }

    public func region(_ code: String) throws -> Region {
        guard let alpha2 = alpha2ByAlpha3[code] else { throw InputError.unknownCountry(code: code, file: name, line: nil) }
        guard let lonID = try file.variableID("\(alpha2)_lon"), let latID = try file.variableID("\(alpha2)_lat") else {
            throw InputError.malformedInput(file: name, place: "country \(alpha2)", reason: "missing \(alpha2)_lon or \(alpha2)_lat")
        }
        let lonRaw = try file.readUInt16(lonID), latRaw = try file.readUInt16(latID)
        guard lonRaw.count == latRaw.count else {
            throw InputError.malformedInput(file: name, place: "country \(alpha2)", reason: "lon and lat lengths differ")
        }
        let lonScale = try file.doubleAttribute(lonID, "scale"), lonMin = try file.doubleAttribute(lonID, "min")
        let latScale = try file.doubleAttribute(latID, "scale"), latMin = try file.doubleAttribute(latID, "min")
        guard lonScale > 0, latScale > 0 else {
            throw InputError.malformedInput(file: name, place: "country \(alpha2)", reason: "non-positive scale attribute")
        }
        var rings: [Ring] = []
        var current: [Point] = []
        func flush() {
            if current.count >= 3 { rings.append(Ring(points: current, role: .evenOdd)) }
            current.removeAll(keepingCapacity: true)
        }
        for i in lonRaw.indices {
            // 65535 marks the start of a new ring.
            if lonRaw[i] == 65535 { flush(); continue }
            current.append(Point(x: Double(lonRaw[i]) / lonScale + lonMin, y: Double(latRaw[i]) / latScale + latMin))
        }
        flush()
        return Region(code: code, rings: rings)
    }
}
