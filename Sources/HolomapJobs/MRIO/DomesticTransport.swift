import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore

/// Domestic aviation and navigation CO2 by country from EDGAR v4.3.2's national CO2 by IPCC
/// 1996 category (`ISO_A3`, `IPCC`, one column per year, Gg = kt): 1A3a and 1A3d, the
/// territorial part of air and water transport that `ResidenceCorrection` holds the
/// residence-based accounts to. Empty cells are zero (EDGAR leaves a category blank when it
/// has none); the global bunker rows (AIR, SEA) are not countries and are left out.
enum DomesticTransport {
    static func read(_ path: String, year: Int) throws -> [String: ResidenceCorrection.Domestic] {
        var rows = CSVReader(try TextFile.read(path)).makeIterator()
        let header = try CSVHeader(reading: &rows, file: path, needs: ["ISO_A3", "IPCC", String(year)])
        var out: [String: ResidenceCorrection.Domestic] = [:]
        while let (line, f) = rows.next() {
            guard f.count == header.count else { continue }
            let iso3 = header.field("ISO_A3", in: f), code = header.field("IPCC", in: f)
            guard iso3 != "AIR", iso3 != "SEA" else { continue }
            var d = out[iso3] ?? ResidenceCorrection.Domestic(navigation: 0, aviation: 0)
            defer { out[iso3] = d }
            guard code == "1A3a" || code == "1A3d" else { continue }
            let text = header.field(String(year), in: f)
            guard let value = text.isEmpty ? 0 : Double(text), value.isFinite, value >= 0 else {
                throw InputError.malformedInput(file: path, place: "line \(line)", reason: "not a non-negative number: '\(text)'")
            }
            if code == "1A3a" { d.aviation += value } else { d.navigation += value }
        }
        guard !out.isEmpty else { throw InputError.malformedInput(file: path, place: "", reason: "no countries") }
        return out
    }
}
