import Foundation

/// Finds holomap's data folders (`grids/`, `boundaries/`): `$HOLOMAP_HOME` first, then the
/// folders above the running executable (a build inside the repository), then the working
/// directory and its parents.
public enum Resources {
    public static func root() -> URL? {
        let fm = FileManager.default
        func isRoot(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("grids/global-1.json").path)
                && fm.fileExists(atPath: url.appendingPathComponent("boundaries/iso3166-1.csv").path)
        }
        if let home = ProcessInfo.processInfo.environment["HOLOMAP_HOME"] {
            let url = URL(fileURLWithPath: home)
            if isRoot(url) { return url }
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        if let exe = Bundle.main.executableURL { starts.insert(exe.resolvingSymlinksInPath().deletingLastPathComponent(), at: 0) }
        for start in starts {
            var url = start
            for _ in 0..<8 {
                if isRoot(url) { return url }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }

    public static func folder(_ name: String) throws -> URL {
        guard let root = root() else {
            throw HolomapError.invalidArgument("cannot find holomap's data folders (grids/, boundaries/); set HOLOMAP_HOME to the repository")
        }
        return root.appendingPathComponent(name)
    }
}

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
                throw HolomapError.malformedInput(file: source, place: "line \(index + 1)", reason: "expected alpha2,alpha3,numeric,name")
            }
            alpha3ByAlpha2[fields[0]] = fields[1]
            nameByAlpha3[fields[1]] = fields[3].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    public static func load() throws -> CountryCodes {
        let url = try Resources.folder("boundaries").appendingPathComponent("iso3166-1.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw HolomapError.missingFile(path: url.path) }
        var codes = try CountryCodes(csv: text, source: url.path)
        let namesURL = url.deletingLastPathComponent().appendingPathComponent("country-names.csv")
        guard let names = try? String(contentsOf: namesURL, encoding: .utf8) else { throw HolomapError.missingFile(path: namesURL.path) }
        for (line, fields) in CSVReader(names) where line > 1 && fields.count == 2 { codes.alpha3ByName[fields[0]] = fields[1] }
        return codes
    }
}
