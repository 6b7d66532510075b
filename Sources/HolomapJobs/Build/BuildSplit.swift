import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

extension BuildJob {
    /// Splits each aggregated sector of `inventory.split` by the shares of its table (`SectorSplit`),
    /// in the config's order; a split must not feed a sector that a later one splits again.
    static func splitSectors(_ emissions: [Emission], config: BuildConfig) throws -> ([Emission], [Manifest.SectorSplitRecord]) {
        var emissions = emissions, records: [Manifest.SectorSplitRecord] = []
        let splits = config.inventory.splits
        for split in splits {
            let table = try SplitTable.parse(try TextFile.read(split.table), file: split.table)
            if let other = splits.first(where: { table.sectors.contains($0.sector) }) {
                throw InputError.malformedInput(file: split.table, place: "line 1",
                                                reason: "it splits \(split.sector) into \(other.sector), which the config splits again")
            }
            let outcome = SectorSplit.split(emissions, sector: split.sector, table: table)
            emissions = outcome.emissions
            records.append(record(outcome, sector: split.sector, table: table, path: config.relative(split.table)))
        }
        return (emissions, records)
    }

    static func record(_ outcome: SectorSplit.Outcome, sector: String, table: SplitTable, path: String) -> Manifest.SectorSplitRecord {
        var counts: [[Int]: Int] = [:]
        for s in outcome.split { counts[[s.year, s.shareYear], default: 0] += 1 }
        let shareYears = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { Manifest.ShareYear(year: $0[0], shareYear: $0[1], items: counts[$0]!) }
        let unsplit = outcome.unsplit.sorted { ($0.iso3, $0.year, $0.gas) < ($1.iso3, $1.year, $1.gas) }
            .map { Manifest.UnsplitItem(iso3: $0.iso3, year: $0.year, gas: $0.gas, tCo2e: $0.tonnesCO2e) }
        let method = "each country's \(sector) item × its share of \(table.sectors.joined(separator: ", ")) in the split table, from the latest table year ≤ the inventory year with a non-zero row; countries without one keep \(sector)"
        return Manifest.SectorSplitRecord(path: path, sector: sector, into: table.sectors, method: method, shareYears: shareYears, unsplit: unsplit)
    }
}
