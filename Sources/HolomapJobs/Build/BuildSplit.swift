import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

extension BuildJob {
    /// Splits `inventory.split_sector` by the shares of `inventory.split` (`SectorSplit`).
    static func splitSector(_ emissions: [Emission], config: BuildConfig) throws -> ([Emission], Manifest.SectorSplitRecord?) {
        guard let path = config.inventory.split else { return (emissions, nil) }
        let table = try SplitTable.parse(try TextFile.read(path), file: path)
        let sector = config.inventory.splitSector
        let outcome = SectorSplit.split(emissions, sector: sector, table: table)
        var counts: [[Int]: Int] = [:]
        for s in outcome.split { counts[[s.year, s.shareYear], default: 0] += 1 }
        let shareYears = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { Manifest.ShareYear(year: $0[0], shareYear: $0[1], items: counts[$0]!) }
        let unsplit = outcome.unsplit.sorted { ($0.iso3, $0.year, $0.gas) < ($1.iso3, $1.year, $1.gas) }
            .map { Manifest.UnsplitItem(iso3: $0.iso3, year: $0.year, gas: $0.gas, tCo2e: $0.tonnesCO2e) }
        let method = "each country's \(sector) item × its share of \(table.sectors.joined(separator: ", ")) in the split table, from the latest table year ≤ the inventory year with a non-zero row; countries without one keep \(sector)"
        return (outcome.emissions, Manifest.SectorSplitRecord(path: config.relative(path), sector: sector, into: table.sectors, method: method,
                                                              shareYears: shareYears, unsplit: unsplit))
    }
}
