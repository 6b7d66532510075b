import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import HolomapExport

/// The trade items of a build: the MRIO of `config.trade` solved once (a table with its own
/// emissions account) or once per build year (a satellite made of that year's published
/// territorial CO2 on the table's structure), its trade accounts turned into gridding items.
struct BuildTrade {
    var items: [Int: [GriddingItem]] = [:]
    var notes: [TradeItems.Note] = []
    /// Per build year: the MRIO year whose structure is used, and where the emissions come from.
    var structure: [Manifest.TradeYear] = []
    var stressor = ""
    var notCountries: [String] = []
    var loadNotes: [String] = []

    init(_ spec: BuildConfig.TradeSpec, years: [Int], production: [Int: [Emission]], countries: Set<String>?, onGrid: Set<String>,
         progress: ProgressHandler) throws {
        let sectorMap = try spec.loadSectorMap()
        let known = Set(try CountryCodes.load().nameByAlpha3.keys)
        var shared: TradeAccounts? = nil
        for year in years {
            let trade: TradeAccounts
            if let shared { trade = shared } else {
                progress(.step("build: trade accounts from \(spec.path)\(spec.satellite != nil ? " with territorial CO2 of \(year)" : "")"))
                let loaded = try MRIOJob.load(format: spec.format, dir: spec.path, year: spec.year, satellite: spec.satellite, satelliteYear: year)
                let selection = try StressorSelection.choose(spec.stressor, from: loaded.system.stressors, source: spec.path)
                if let unmapped = loaded.system.sectors.first(where: { sectorMap[$0] == nil }) {
                    throw InputError.malformedInput(file: spec.sectorMap, place: "", reason: "MRIO sector '\(unmapped)' has no IPCC sector")
                }
                trade = try TradeAccounts.compute(loaded.system, stressor: selection, solver: LAPACKSolver())
                stressor = selection.label
                if loadNotes.isEmpty { loadNotes = loaded.notes }
                if spec.satellite == nil { shared = trade }
            }
            let made = try TradeItems.items(trade, tonnes: spec.unit.tonnes, sectorMap: sectorMap, year: year, production: production[year] ?? [],
                                            countries: countries, covered: onGrid, knownCountries: known)
            items[year] = made.items
            notes += made.notes
            notCountries = made.notCountries
            // A table of another year (or of no stated year) gives this year its economic structure,
            // and with its own satellite also its emissions: say so where the user looks.
            if spec.year != year {
                progress(.note("trade \(year): the MRIO's structure is of \(spec.year.map(String.init) ?? "an unstated year")"
                               + (spec.satellite == nil ? ", and so are its emissions: the trade layers repeat that year's accounts" : "")))
            }
            structure.append(Manifest.TradeYear(
                year: year, mrioYear: spec.year,
                emissions: spec.satellite != nil ? "published territorial CO2 of \(year) (\(spec.territorialSource.rawValue)) split over the table's sectors"
                                                 : "the table's own satellite account (\(spec.year.map { "year \($0)" } ?? "year not given"))"))
        }
    }
}
