import Foundation
import HolomapBridge
import HolomapCore

/// The natural net of each country from a `holomap natural` CSV (`iso3,year,component,value,unit`),
/// for the report's national balance: territorial + natural net = panoramic net (Mt CO2/yr).
enum NaturalBalance {
    /// natural_net by country (WORLD left out), and the CSV's year. A CSV without natural_net rows,
    /// with a unit other than Mt CO2/yr or a value that is not a number is an error naming the line.
    static func read(_ path: String) throws -> (year: Int?, naturalNet: [String: Double]) {
        var records = CSVReader(try TextFile.read(path)).makeIterator()
        let header = try CSVHeader(reading: &records, file: path, needs: ["iso3", "year", "component", "value", "unit"])
        var out: [String: Double] = [:], year: Int? = nil
        while let (line, f) = records.next() {
            if isBlankRecord(f) { continue }
            guard f.count == header.count else {
                throw InputError.malformedInput(file: path, place: "line \(line)", reason: "\(f.count) fields, the header has \(header.count)")
            }
            guard header.field("component", in: f) == "natural_net" else { continue }
            let iso3 = header.field("iso3", in: f), text = header.field("value", in: f)
            guard header.field("unit", in: f) == "Mt CO2/yr" else {
                throw InputError.malformedInput(file: path, place: "line \(line), column unit", reason: "'\(header.field("unit", in: f))' is not Mt CO2/yr")
            }
            guard let value = Double(text), value.isFinite else {
                throw InputError.malformedInput(file: path, place: "line \(line), column value", reason: "'\(text)' is not a number")
            }
            guard out[iso3] == nil else { throw InputError.malformedInput(file: path, place: "line \(line)", reason: "\(iso3) natural_net appears twice") }
            year = Int(header.field("year", in: f))
            if iso3 != "WORLD" { out[iso3] = value }
        }
        guard !out.isEmpty else { throw InputError.malformedInput(file: path, place: "", reason: "no natural_net row of a country (is it the output of holomap natural?)") }
        return (year, out)
    }
}
