import Foundation
import HolomapBridge
import HolomapCore

/// `holomap report`: the year-over-year comparison analysts script. Published territorial and
/// consumption accounts for each year (OWID or GCB), their change against the previous year,
/// the top movers, SVG charts, and optionally the embodied-emission flows between major regions
/// from an MRIO. Markdown and HTML with the same content; CSV tables beside them.
public enum Report {
    public struct Flows: Sendable {
        public var format: MRIOJob.Format
        public var dir: String
        public var year: Int
        public var satellite: MRIOJob.Satellite?
        public init(format: MRIOJob.Format, dir: String, year: Int, satellite: MRIOJob.Satellite?) {
            self.format = format; self.dir = dir; self.year = year; self.satellite = satellite
        }
    }

    public struct Change: Sendable {
        public var iso3: String
        public var year: Int, previousYear: Int
        public var territorial: Double, consumption: Double, transfer: Double, adjustmentPoints: Double
    }

    /// Writes the report into `folder` (created; the caller stages and renames it). Returns the
    /// files written, relative to the folder.
    public static func write(years: [Int], countries: [String]?, source: Adjustments.Source, data: String, flows: Flows?,
                             chartCountries: Int = 15, folder: URL, progress: (String) -> Void) throws -> [String] {
        precondition(!years.isEmpty)
        progress("report: reading \(source.rawValue) \(years.map(String.init).joined(separator: ", "))")
        let byYear = try Adjustments.read(source, path: data, years: years, countries: countries).mapValues(\.rows)
        let latest = years.last!
        // Charts show the largest territorial emitters of the latest year (or the countries asked for).
        let shown = countries ?? Array(byYear[latest]!.sorted { $0.territorial > $1.territorial }.prefix(chartCountries).map(\.iso3))
        var changes: [Change] = []
        for (previous, year) in zip(years, years.dropFirst()) {
            let before = Dictionary(uniqueKeysWithValues: byYear[previous]!.map { ($0.iso3, $0) })
            for r in byYear[year]! {
                guard let b = before[r.iso3] else { continue }
                changes.append(Change(iso3: r.iso3, year: year, previousYear: previous, territorial: r.territorial - b.territorial,
                                      consumption: r.consumption - b.consumption, transfer: r.transfer - b.transfer,
                                      adjustmentPoints: r.adjustmentPercent - b.adjustmentPercent))
            }
        }
        let movers = Array(changes.filter { $0.year == latest }.sorted { (abs($0.transfer), $1.iso3) > (abs($1.transfer), $0.iso3) }.prefix(10))

        var files: [String] = []
        func save(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
            files.append(name)
        }
        var accounts = "iso3,year,territorial,consumption,transfer,adjustment_pct\n"
        for year in years { for r in byYear[year]! { accounts += "\(r.iso3),\(year),\(r.territorial),\(r.consumption),\(r.transfer),\(r.adjustmentPercent)\n" } }
        try save("accounts.csv", accounts)
        var change = "iso3,year,previous_year,territorial_change,consumption_change,transfer_change,adjustment_pct_points\n"
        for c in changes { change += "\(c.iso3),\(c.year),\(c.previousYear),\(c.territorial),\(c.consumption),\(c.transfer),\(c.adjustmentPoints)\n" }
        try save("changes.csv", change)
        var moversCSV = "rank,iso3,year,previous_year,transfer_change,adjustment_pct_points\n"
        for (k, m) in movers.enumerated() { moversCSV += "\(k + 1),\(m.iso3),\(m.year),\(m.previousYear),\(m.transfer),\(m.adjustmentPoints)\n" }
        try save("top-movers.csv", moversCSV)

        // Charts.
        let adjustmentSeries = years.map { year -> (String, [Double]) in
            let rows = Dictionary(uniqueKeysWithValues: byYear[year]!.map { ($0.iso3, $0.adjustmentPercent) })
            return ("\(year)", shown.map { rows[$0] ?? .nan })
        }
        try save("adjustments.svg", SVGChart.groupedBars(title: "Consumption-based against territorial CO2 (adjustment, %)", categories: shown,
                                                         series: adjustmentSeries, unit: "%"))
        let last = Dictionary(uniqueKeysWithValues: byYear[latest]!.map { ($0.iso3, $0) })
        try save("territorial-consumption.svg", SVGChart.groupedBars(
            title: "Territorial and consumption-based CO2, \(latest) (Mt CO2)", categories: shown,
            series: [("territorial", shown.map { last[$0]?.territorial ?? .nan }), ("consumption", shown.map { last[$0]?.consumption ?? .nan })], unit: "Mt"))

        var flowsTable: [(String, String, Double)] = []
        var flowNote = "No MRIO was given (`--mrio-dir`), so there is no flow table."
        if let flows {
            progress("report: MRIO \(flows.format.rawValue) \(flows.year) for the flows")
            let loaded = try MRIOJob.load(format: flows.format, dir: flows.dir, year: flows.year, satellite: flows.satellite)
            let accounts = try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver())
            let s = accounts.stressors.firstIndex { $0.name.uppercased() == "CO2" } ?? 0
            let groups = try majorRegions()
            let names = Array(Set(accounts.regions.map { groups[$0] ?? "Rest of world" })).sorted { order($0) < order($1) }
            var matrix: [String: Double] = [:]
            for (p, producer) in accounts.regions.enumerated() {
                for (r, consumer) in accounts.regions.enumerated() {
                    matrix["\(groups[producer] ?? "Rest of world")>\(groups[consumer] ?? "Rest of world")", default: 0] += accounts.transfers[s][p, r]
                }
            }
            var csv = "producer,consumer,value\n"
            for a in names { for b in names { let v = matrix["\(a)>\(b)"] ?? 0; flowsTable.append((a, b, v)); csv += "\(a),\(b),\(v)\n" } }
            try save("flows.csv", csv)
            try save("flows.svg", SVGChart.matrix(title: "CO2 embodied in trade, MRIO \(flows.format.rawValue) \(flows.year): producer (row) → consumer (column)",
                                                  labels: names, value: { matrix["\($0)>\($1)"] ?? 0 }))
            flowNote = "MRIO \(flows.format.rawValue) \(flows.year) (`\(flows.dir)`), MRIO variant: emissions in the producer region for the final demand of the consumer region, in the satellite's unit" +
                (loaded.notes.isEmpty ? "." : "; " + loaded.notes.joined(separator: "; ") + ".")
        }

        // Markdown and HTML with the same content.
        var md = "# holomap report: \(years.map(String.init).joined(separator: ", "))\n\n"
        md += "Source: \(source.rawValue) (`\(data)`), Mt CO2 per year. `transfer = consumption − territorial` (positive: net importer); `adjustment_pct = transfer / territorial × 100`. Tables: `accounts.csv`, `changes.csv`, `top-movers.csv`\(flows != nil ? ", `flows.csv`" : "").\n\n"
        md += "![Adjustments](adjustments.svg)\n\n![Territorial and consumption](territorial-consumption.svg)\n\n"
        md += "## Territorial and consumption-based CO2, \(latest)\n\n| country | territorial | consumption | transfer | adjustment % |\n|---|---:|---:|---:|---:|\n"
        for iso3 in shown { if let r = last[iso3] { md += "| \(iso3) | \(fmt(r.territorial)) | \(fmt(r.consumption)) | \(fmt(r.transfer)) | \(fmt(r.adjustmentPercent, 2)) |\n" } }
        if years.count > 1 {
            md += "\n## Top movers, \(years[years.count - 2]) → \(latest) (largest change of the net transfer)\n\n| rank | country | transfer change (Mt) | adjustment change (points) |\n|---:|---|---:|---:|\n"
            for (k, m) in movers.enumerated() { md += "| \(k + 1) | \(m.iso3) | \(fmt(m.transfer)) | \(fmt(m.adjustmentPoints, 2)) |\n" }
        }
        md += "\n## Embodied-emission flows between major regions\n\n\(flowNote)\n\n"
        if !flowsTable.isEmpty {
            md += "![Flows](flows.svg)\n\n| producer → consumer | value |\n|---|---:|\n"
            for (a, b, v) in flowsTable where a != b { md += "| \(a) → \(b) | \(fmt(v)) |\n" }
        }
        try save("report.md", md)
        try save("report.html", html(md, title: "holomap report \(years.map(String.init).joined(separator: ", "))"))
        return files
    }

    static func fmt(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

    static let majorOrder = ["CHN", "USA", "EU27", "IND", "RUS", "JPN", "Rest of world"]
    static func order(_ name: String) -> Int { majorOrder.firstIndex(of: name) ?? majorOrder.count }

    /// `boundaries/major-regions.csv`: ISO3 → major region.
    static func majorRegions() throws -> [String: String] {
        let path = try Resources.folder("boundaries").appendingPathComponent("major-regions.csv").path
        var out: [String: String] = [:]
        for (line, f) in CSVReader(try TextFile.read(path)) where line > 1 && f.count == 2 { out[f[0]] = f[1] }
        return out
    }

    /// The Markdown subset written above (headings, paragraphs, images, tables) as HTML.
    static func html(_ markdown: String, title: String) -> String {
        func inline(_ s: String) -> String {
            var t = s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            while let open = t.range(of: "`"), let close = t.range(of: "`", range: open.upperBound..<t.endIndex) {
                t.replaceSubrange(open.lowerBound..<close.upperBound, with: "<code>\(t[open.upperBound..<close.lowerBound])</code>")
            }
            return t
        }
        var body = ""
        var inTable = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
                if cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { continue }
                if !inTable { body += "<table>\n<tr>" + cells.map { "<th>\(inline($0))</th>" }.joined() + "</tr>\n"; inTable = true; continue }
                body += "<tr>" + cells.map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { body += "</table>\n"; inTable = false }
            if line.hasPrefix("## ") { body += "<h2>\(inline(String(line.dropFirst(3))))</h2>\n" }
            else if line.hasPrefix("# ") { body += "<h1>\(inline(String(line.dropFirst(2))))</h1>\n" }
            else if line.hasPrefix("!["), let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")") {
                let alt = line[line.index(line.startIndex, offsetBy: 2)..<line.firstIndex(of: "]")!]
                body += "<p><img src=\"\(line[line.index(after: open)..<close])\" alt=\"\(alt)\"></p>\n"
            } else if !line.isEmpty { body += "<p>\(inline(line))</p>\n" }
        }
        if inTable { body += "</table>\n" }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(title)</title>
        <style>body{font:14px sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}td:not(:first-child){text-align:right}img{max-width:100%}</style>
        </head><body>
        \(body)</body></html>

        """
    }
}

/// Small deterministic SVG charts (no scripts, no fonts beyond the viewer's sans-serif).
enum SVGChart {
    static let colours = ["#3b6ea8", "#e08a3c", "#5a9e5a", "#b04a6a", "#7a6ab0"]

    /// Horizontal grouped bars: one group per category, one bar per series; NaN bars are left out.
    static func groupedBars(title: String, categories: [String], series: [(String, [Double])], unit: String) -> String {
        let barHeight = 10.0, gap = 8.0, left = 60.0, right = 40.0, top = 40.0, width = 720.0
        let groupHeight = Double(series.count) * barHeight + gap
        let height = top + Double(categories.count) * groupHeight + 30
        let values = series.flatMap(\.1).filter { $0.isFinite }
        let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 1)
        let span = high - low == 0 ? 1 : high - low
        func x(_ v: Double) -> Double { left + (v - low) / span * (width - left - right) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"18\" font-size=\"14\">\(escape(title))</text>\n"
        for (k, (name, _)) in series.enumerated() {
            svg += "<rect x=\"\(f(left + Double(k) * 110))\" y=\"26\" width=\"10\" height=\"8\" fill=\"\(colours[k % colours.count])\"/><text x=\"\(f(left + Double(k) * 110 + 14))\" y=\"34\">\(escape(name))</text>\n"
        }
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top))\" x2=\"\(f(x(0)))\" y2=\"\(f(height - 30))\" stroke=\"#444\"/>\n"
        for (c, category) in categories.enumerated() {
            let y0 = top + Double(c) * groupHeight
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y0 + Double(series.count) * barHeight / 2 + 4))\" text-anchor=\"end\">\(escape(category))</text>\n"
            for (k, (_, values)) in series.enumerated() where values[c].isFinite {
                let a = x(min(0, values[c])), b = x(max(0, values[c]))
                svg += "<rect x=\"\(f(a))\" y=\"\(f(y0 + Double(k) * barHeight))\" width=\"\(f(max(0.5, b - a)))\" height=\"\(f(barHeight - 1))\" fill=\"\(colours[k % colours.count])\"><title>\(escape(category)) \(escape(series[k].0)): \(String(format: "%.2f", values[c])) \(unit)</title></rect>\n"
            }
        }
        for tick in ticks(low, high) {
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(tickLabel(tick)) \(unit)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A labelled matrix (rows → columns) shaded by value.
    static func matrix(title: String, labels: [String], value: (String, String) -> Double) -> String {
        let cell = 84.0, left = 110.0, top = 60.0
        let size = left + Double(labels.count) * cell + 20
        let high = labels.flatMap { a in labels.map { b in value(a, b) } }.max() ?? 1
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(top + Double(labels.count) * cell + 20))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"18\" font-size=\"13\">\(escape(title))</text>\n"
        for (j, b) in labels.enumerated() { svg += "<text x=\"\(f(left + (Double(j) + 0.5) * cell))\" y=\"\(f(top - 8))\" text-anchor=\"middle\">\(escape(b))</text>\n" }
        for (i, a) in labels.enumerated() {
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"end\">\(escape(a))</text>\n"
            for (j, b) in labels.enumerated() {
                let v = value(a, b), t = high > 0 ? max(0, v) / high : 0
                let shade = Int(255 - 200 * t.squareRoot())
                svg += "<rect x=\"\(f(left + Double(j) * cell))\" y=\"\(f(top + Double(i) * cell))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" fill=\"rgb(\(shade),\(shade),255)\"/>"
                svg += "<text x=\"\(f(left + (Double(j) + 0.5) * cell))\" y=\"\(f(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"middle\">\(tickLabel(v))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        guard raw > 0 else { return [0] }
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw }!
        return stride(from: (low / step).rounded(.up) * step, through: high, by: step).map { $0 }
    }

    static func tickLabel(_ v: Double) -> String { abs(v) >= 100 || v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.1f", v) }
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
}
