import Foundation

extension FireTable {
    /// Parses a GFED4.1s regional text table (`GFED4.1s_CO2.txt`): a `# <species> emissions
    /// estimates in <unit> g <species>` header, then seven blocks (all types, then one per fire
    /// type), each a title line ending in `:` and one row per basis region plus `Global`, the
    /// years' values, `|` and the mean. A missing block or region, an unknown region, or a row of
    /// the wrong length is an error naming the file, the block and the line.
    public static func parse(_ text: String, file: String) throws -> FireTable {
        func bad(_ place: String, _ reason: String) -> InputError { .malformedInput(file: file, place: place, reason: reason) }
        var species = "", grams = 0.0, years: [Int] = [], meanYears: ClosedRange<Int>? = nil
        var blocks: [String: [String: (values: [Double], mean: Double)]] = [:]
        var blockOrder: [String] = []
        var current: String? = nil
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines), place = "line \(index + 1)"
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                // "# CO2 emissions estimates in 1E13 g CO2 for the globe, …"
                let words = line.dropFirst().split(separator: " ").map(String.init)
                if let k = words.firstIndex(of: "estimates"), k + 3 < words.count, words[k + 1] == "in", words[k + 3] == "g" {
                    guard let g = Double(words[k + 2]), g > 0 else { throw bad(place, "unit '\(words[k + 2]) g' is not a number of grams") }
                    grams = g; species = k + 4 < words.count ? words[k + 4] : words[0]
                }
                continue
            }
            if line.hasSuffix(":") { current = String(line.dropLast()).trimmingCharacters(in: .whitespaces); blockOrder.append(current!); blocks[current!] = [:]; continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if fields.first == "Region" {
                let parsed = fields.dropFirst().prefix { $0 != "|" }.map { Int($0) }
                guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { throw bad(place, "the Region header's years are not numbers") }
                let y = parsed.map { $0! }
                if years.isEmpty { years = y } else if y != years { throw bad(place, "the years differ from the first block's") }
                continue
            }
            if line.contains("Mean") || line.contains("(Beta)") {
                // "Year … (Beta) … '97-'20 Mean": the mean column's years.
                if let range = line.range(of: #"'(\d\d)-'(\d\d)"#, options: .regularExpression) {
                    let digits = line[range].split(separator: "-").map { Int($0.dropFirst())! }
                    let full = digits.map { $0 >= 50 ? 1900 + $0 : 2000 + $0 }
                    if full[0] <= full[1] { meanYears = full[0]...full[1] }
                }
                continue
            }
            guard let block = current else { throw bad(place, "a row before any block title") }
            guard !years.isEmpty else { throw bad(place, "a row before the Region header") }
            var name = fields[0]
            name = aliases[name] ?? name
            guard name == "Global" || regions.contains(name) else {
                throw bad("\(place), block '\(block)'", "unknown region '\(fields[0])' (expected \(regions.joined(separator: ", ")), Global)")
            }
            let numbers = fields.dropFirst().filter { $0 != "|" }
            guard numbers.count == years.count + 1 else {
                throw bad("\(place), block '\(block)', \(name)", "\(numbers.count) values, expected \(years.count) years and the mean")
            }
            var values: [Double] = []
            for n in numbers {
                guard let v = Double(n), v.isFinite else { throw bad("\(place), block '\(block)', \(name)", "'\(n)' is not a number") }
                values.append(v)
            }
            guard blocks[block]![name] == nil else { throw bad("\(place), block '\(block)'", "region \(name) appears twice") }
            blocks[block]![name] = (Array(values.dropLast()), values.last!)
        }
        guard grams > 0 else { throw bad("", "no '# … estimates in <unit> g <species>' header") }
        func block(_ title: String) throws -> (regional: [[Double]], means: [Double], global: [Double]) {
            guard let rows = blocks[title] else { throw bad("", "no block '\(title):' (blocks: \(blockOrder.joined(separator: "; ")))") }
            for region in regions + ["Global"] where rows[region] == nil {
                throw bad("block '\(title)'", "region \(region) is missing")
            }
            return (regions.map { rows[$0]!.values }, regions.map { rows[$0]!.mean }, rows["Global"]!.values)
        }
        let all = try block(allTypesTitle)
        var values: [FireType: [[Double]]] = [:], means: [FireType: [Double]] = [:], global: [FireType: [Double]] = [:]
        for type in FireType.allCases {
            let b = try block(type.title)
            values[type] = b.regional; means[type] = b.means; global[type] = b.global
        }
        return FireTable(file: file, species: species, gramsPerUnit: grams, years: years, meanYears: meanYears, values: values,
                         allTypes: all.regional, global: global, globalAllTypes: all.global, means: means, allTypesMeans: all.means)
    }
}
