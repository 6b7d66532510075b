import Foundation
import HolomapAccounts

/// The content of `holomap report`, computed by the report job, and its rendering: CSV tables,
/// SVG charts, Markdown and HTML with the same content.
public struct ReportDocument: Sendable {
    public struct Change: Sendable {
        public var iso3: String
        public var year: Int, previousYear: Int
        public var territorial: Double, consumption: Double, transfer: Double, adjustmentPoints: Double
        public init(iso3: String, year: Int, previousYear: Int, territorial: Double, consumption: Double, transfer: Double, adjustmentPoints: Double) {
            self.iso3 = iso3; self.year = year; self.previousYear = previousYear
            self.territorial = territorial; self.consumption = consumption; self.transfer = transfer; self.adjustmentPoints = adjustmentPoints
        }
    }

    /// Embodied-emission flows between major regions (producer → consumer).
    public struct Flows: Sendable {
        public var regions: [String]
        public var values: [String: Double]   // "producer>consumer"
        /// "MRIO wiod 2009"
        public var label: String
        public var note: String
        public init(regions: [String], values: [String: Double], label: String, note: String) {
            self.regions = regions; self.values = values; self.label = label; self.note = note
        }
        public func value(_ producer: String, _ consumer: String) -> Double { values["\(producer)>\(consumer)"] ?? 0 }
    }

    public var years: [Int]
    /// "owid (`path`)"
    public var source: String
    public var rows: [Int: [Adjustments.Row]]
    /// Countries shown in the charts and the table, in order.
    public var shown: [String]
    public var changes: [Change]
    public var movers: [Change]
    public var flows: Flows?
    /// The natural side of each country's balance, when a natural CSV was given.
    public var balance: Balance?

    /// Natural net per country (Mt CO2/yr: land-use change + land sink, removals negative).
    public struct Balance: Sendable {
        public var naturalNet: [String: Double]
        public var source: String
        public init(naturalNet: [String: Double], source: String) { self.naturalNet = naturalNet; self.source = source }
    }

    public init(years: [Int], source: String, rows: [Int: [Adjustments.Row]], shown: [String], changes: [Change], movers: [Change], flows: Flows?) {
        self.years = years; self.source = source; self.rows = rows; self.shown = shown
        self.changes = changes; self.movers = movers; self.flows = flows
    }

    /// Every file of the report: (name, content).
    public func files() -> [(String, String)] {
        let latest = years.last!
        var out: [(String, String)] = []
        out.append(("accounts.csv", Adjustments.csv(years.flatMap { rows[$0]! })))
        var change = "iso3,year,previous_year,territorial_change,consumption_change,transfer_change,adjustment_pct_points\n"
        for c in changes { change += "\(c.iso3),\(c.year),\(c.previousYear),\(c.territorial),\(c.consumption),\(c.transfer),\(c.adjustmentPoints)\n" }
        out.append(("changes.csv", change))
        var moversCSV = "rank,iso3,year,previous_year,transfer_change,adjustment_pct_points\n"
        for (k, m) in movers.enumerated() { moversCSV += "\(k + 1),\(m.iso3),\(m.year),\(m.previousYear),\(m.transfer),\(m.adjustmentPoints)\n" }
        out.append(("top-movers.csv", moversCSV))

        let adjustmentSeries = years.map { year -> (String, [Double]) in
            let byCountry = Dictionary(uniqueKeysWithValues: rows[year]!.map { ($0.iso3, $0.adjustmentPercent) })
            return ("\(year)", shown.map { byCountry[$0] ?? .nan })
        }
        out.append(("adjustments.svg", SVGChart.groupedBars(title: "Consumption-based against territorial CO2 (adjustment, %)", categories: shown,
                                                            series: adjustmentSeries, unit: "%")))
        let last = Dictionary(uniqueKeysWithValues: rows[latest]!.map { ($0.iso3, $0) })
        out.append(("territorial-consumption.svg", SVGChart.groupedBars(
            title: "Territorial and consumption-based CO2, \(latest) (Mt CO2)", categories: shown,
            series: [("territorial", shown.map { last[$0]?.territorial ?? .nan }), ("consumption", shown.map { last[$0]?.consumption ?? .nan })], unit: "Mt")))
        if let flows {
            var csv = "producer,consumer,value\n"
            for a in flows.regions { for b in flows.regions { csv += "\(a),\(b),\(flows.value(a, b))\n" } }
            out.append(("flows.csv", csv))
            out.append(("flows.svg", SVGChart.matrix(title: "CO2 embodied in trade, \(flows.label): producer (row) → consumer (column)",
                                                     labels: flows.regions, value: flows.value)))
        }

        var md = "# holomap report: \(years.map(String.init).joined(separator: ", "))\n\n"
        md += "Source: \(source), Mt CO2 per year. `transfer = consumption − territorial` (positive: net importer); `adjustment_pct = transfer / territorial × 100`. Tables: `accounts.csv`, `changes.csv`, `top-movers.csv`\(flows != nil ? ", `flows.csv`" : "").\n\n"
        md += "![Adjustments](adjustments.svg)\n\n![Territorial and consumption](territorial-consumption.svg)\n\n"
        md += "## Territorial and consumption-based CO2, \(latest)\n\n| country | territorial | consumption | transfer | adjustment % |\n|---|---:|---:|---:|---:|\n"
        for iso3 in shown { if let r = last[iso3] { md += "| \(iso3) | \(fmt(r.territorial)) | \(fmt(r.consumption)) | \(fmt(r.transfer)) | \(fmt(r.adjustmentPercent, 2)) |\n" } }
        if years.count > 1 {
            md += "\n## Top movers, \(years[years.count - 2]) → \(latest) (largest change of the net transfer)\n\n| rank | country | transfer change (Mt) | adjustment change (points) |\n|---:|---|---:|---:|\n"
            for (k, m) in movers.enumerated() { md += "| \(k + 1) | \(m.iso3) | \(fmt(m.transfer)) | \(fmt(m.adjustmentPoints, 2)) |\n" }
        }
        md += "\n## Embodied-emission flows between major regions\n\n\(flows?.note ?? "No MRIO was given (`--mrio-dir`), so there is no flow table.")\n\n"
        if let flows {
            md += "![Flows](flows.svg)\n\n| producer → consumer | value |\n|---|---:|\n"
            for a in flows.regions { for b in flows.regions where a != b { md += "| \(a) → \(b) | \(fmt(flows.value(a, b))) |\n" } }
        }
        if let balance { md += balanceSection(balance, rows: rows[latest]!, year: latest, files: &out) }
        out.append(("report.md", md))
        out.append(("report.html", ReportHTML.html(md, title: "holomap report \(years.map(String.init).joined(separator: ", "))")))
        return out
    }

    func fmt(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

    /// The national balance of the latest year: territorial and consumption from the published
    /// accounts, natural net from the natural CSV, panoramic net = territorial + natural net.
    func balanceSection(_ balance: Balance, rows: [Adjustments.Row], year: Int, files: inout [(String, String)]) -> String {
        let byCountry = Dictionary(uniqueKeysWithValues: rows.map { ($0.iso3, $0) })
        var csv = "iso3,year,territorial,consumption,natural_net,panoramic_net\n"
        for r in rows.sorted(by: { $0.iso3 < $1.iso3 }) {
            let net = balance.naturalNet[r.iso3]
            csv += "\(r.iso3),\(year),\(r.territorial),\(r.consumption),\(net.map { "\($0)" } ?? ""),\(net.map { "\(r.territorial + $0)" } ?? "")\n"
        }
        files.append(("balance.csv", csv))
        var md = "\n## National balance, \(year)\n\nTerritorial and consumption-based fossil CO2 from \(source); natural net = land-use change + natural land sink "
        md += "(GCB 2023 grids, 2013–2022 means; removals negative) from \(balance.source); panoramic net = territorial + natural net, the whole CO2 balance of the land and its fossil fuels. Fire CO2 is not in it (docs/natural.md). Mt CO2 per year; table: `balance.csv`.\n\n"
        md += "| country | territorial | consumption | natural net | panoramic net |\n|---|---:|---:|---:|---:|\n"
        for iso3 in shown {
            guard let r = byCountry[iso3] else { continue }
            let net = balance.naturalNet[iso3]
            md += "| \(iso3) | \(fmt(r.territorial)) | \(fmt(r.consumption)) | \(net.map { fmt($0) } ?? "–") | \(net.map { fmt(r.territorial + $0) } ?? "–") |\n"
        }
        return md
    }
}
