import Foundation

/// ISO 3166-1 alpha-2 ↔ alpha-3 codes from `boundaries/iso3166-1.csv`.
public struct CountryCodes: Sendable {
    public private(set) var alpha3ByAlpha2: [String: String] = [:]
    public private(set) var nameByAlpha3: [String: String] = [:]
    /// ISO names, common and official names, and the aliases inventories use → alpha-3.
    public private(set) var alpha3ByName: [String: String] = [:]

    public init(csv text: String, source: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index > 0 && !line.isEmpty {
            let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, fields[0].count == 2, fields[1].count == 3 else {
                throw InputError.malformedInput(file: source, place: "line \(index + 1)", reason: "expected alpha2,alpha3,numeric,name")
            }
            alpha3ByAlpha2[fields[0]] = fields[1]
            nameByAlpha3[fields[1]] = fields[3].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    public static func load() throws -> CountryCodes {
        let table = try Resources.text("boundaries", "iso3166-1.csv")
        var codes = try CountryCodes(csv: table.text, source: table.path)
        for (line, fields) in CSVReader(try Resources.text("boundaries", "country-names.csv").text) where line > 1 && fields.count == 2 {
            codes.alpha3ByName[fields[0]] = fields[1]
        }
        return codes
    }
}

/// Former ISO 3166 codes that inventories still use, and the current countries whose boundaries
/// they cover (`boundaries/former-codes.csv`, from ISO 3166-3 in Debian's iso-codes).
public struct FormerCodes: Sendable {
    public private(set) var successors: [String: [String]] = [:]
    public private(set) var names: [String: String] = [:]

    public init(csv text: String, source: String) throws {
        for (line, fields) in CSVReader(text) where line > 1 && !isBlankRecord(fields) {
            guard fields.count >= 3, fields[0].count == 3 else {
                throw InputError.malformedInput(file: source, place: "line \(line)", reason: "expected alpha3,name,successors")
            }
            successors[fields[0]] = fields[2].split(separator: " ").map(String.init)
            names[fields[0]] = fields[1]
        }
    }

    public static func load() throws -> FormerCodes {
        let table = try Resources.text("boundaries", "former-codes.csv")
        return try FormerCodes(csv: table.text, source: table.path)
    }
}
