import ArgumentParser
import Foundation
import HolomapAccounts
import HolomapCore
import HolomapJobs

/// Options shared by every command that writes files.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Replace existing outputs.")
    var overwrite = false
    @Flag(help: "No progress on stderr.")
    var quiet = false

    var progress: ProgressView { ProgressView(quiet: quiet) }
}

/// Options shared by every command that reads boundaries onto a grid.
struct GridOptions: ParsableArguments {
    @Option(help: "Boundaries: 'dcw' (Debian gmt-dcw) or any OGR vector (GeoJSON, Shapefile, GeoPackage, /vsizip/...).")
    var boundaries = "dcw"
    @Option(help: "Id field holding ISO 3166-1 alpha-3 codes in a vector file (Natural Earth: ISO_A3).")
    var idField: String?
    @Option(help: "Grid preset name (see grids/) or a preset JSON file.")
    var grid = "global-0.1"

    func validate() throws {
        if boundaries == "dcw", idField != nil { throw ValidationError("--id-field applies to vector files, not to dcw") }
    }
}

/// A satellite account for an MRIO that has none (WIOD 2013): national totals split across sectors.
struct SatelliteOptions: ParsableArguments {
    @Option(help: "Territorial CO2 totals to split across sectors, for tables without an emissions account (GCB national CSV or OWID).")
    var territorial: String?
    @Option(help: "Which published file --territorial is: gcb or owid.")
    var territorialSource: Adjustments.Source = .gcb
    @Option(help: "CO2 by country × NACE Rev. 2 sector (WIOD environmental accounts) to split the totals; default: gross output.")
    var sectorShares: String?
    @Option(help: "Domestic aviation and navigation CO2 (EDGAR v4.3.2 national CO2 by IPCC 1996 category) to take bunker fuel out of --sector-shares; needed with it.")
    var domesticTransport: String?

    func validate() throws {
        if sectorShares != nil, territorial == nil { throw ValidationError("--sector-shares needs --territorial") }
        if sectorShares != nil, domesticTransport == nil {
            throw ValidationError("--sector-shares needs --domestic-transport (the residence-based shares hold bunker fuel in water and air transport)")
        }
        if domesticTransport != nil, sectorShares == nil { throw ValidationError("--domestic-transport needs --sector-shares") }
    }

    var satellite: MRIOJob.Satellite? {
        territorial.map { MRIOJob.Satellite(source: territorialSource, path: $0, sectorShares: sectorShares, domesticTransport: domesticTransport) }
    }
}

/// Options shared by the commands that read an MRIO.
struct MRIOOptions: ParsableArguments {
    @Option(help: "Layout: pymrio (save_all txt folder), wiod (WIOD 2013 CSV folder), csv (holomap's generic CSV folder), exiobase (EXIOBASE 3 zip).")
    var format: MRIOJob.Format = .pymrio
    @Option(help: "The MRIO folder (the zip archive for exiobase).")
    var dir: String
    @Option(help: "Year of the table (needed for wiod and with --territorial).")
    var year: Int?
    @OptionGroup var satellite: SatelliteOptions

    func validate() throws {
        if satellite.territorial != nil, year == nil { throw ValidationError("--territorial needs --year") }
    }
}

/// A comma-separated list of ISO 3166-1 alpha-3 codes, upper-cased.
struct CountryList: ExpressibleByArgument {
    var codes: [String]
    init?(argument: String) {
        codes = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard !codes.isEmpty, codes.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isLetter) }) else { return nil }
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

/// A comma-separated list of distinct years in 1750…2100, sorted.
struct YearList: ExpressibleByArgument {
    var years: [Int]
    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.map { (1750...2100).contains($0) } ?? false }) else { return nil }
        years = parts.map { $0! }
        guard Set(years).count == years.count else { return nil }
        years.sort()
    }
}

/// A comma-separated list of values of an enumeration (`--formats cog,netcdf`).
struct EnumList<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument where Value.RawValue == String {
    var values: [Value]
    init?(argument: String) {
        var values: [Value] = []
        for part in argument.split(separator: ",") {
            guard let value = Value(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }
    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
}

// Enumerated options parse and validate themselves (an unknown value is a usage error that
// lists the known ones).
extension MRIOJob.Format: ExpressibleByArgument {}
extension MRIOJob.TransferVariant: ExpressibleByArgument {}
extension Adjustments.Source: ExpressibleByArgument {}
extension AdjustmentsJob.Source: ExpressibleByArgument {}
extension InventoryFormat: ExpressibleByArgument {}
extension CoverageJob.Compression: ExpressibleByArgument {}
