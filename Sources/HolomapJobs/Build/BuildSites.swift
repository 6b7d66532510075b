import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The airports and ports of a build as point proxies of domestic aviation and navigation: read
/// once, each put into the country that covers it (`SitePlacement`).
struct BuildSites {
    var weights: [ProxyKind: [String: [(cell: Int, weight: Double)]]] = [:]
    var records: [Manifest.SiteRecord] = []
    /// The airports in the grid's CRS with their weights: the bunkers' aviation points too.
    var airports: (x: [Double], y: [Double], weight: [Double])? = nil

    init(config: BuildConfig, grid: Grid, coverages: [String: SparseCoverage]) throws {
        let tables: [(ProxyKind, String?, String)] = [
            (.airports, config.proxies.airports, BunkerProxy.airportWeighting),
            (.ports, config.proxies.ports, "each port 1 (Natural Earth gives no size or throughput)"),
        ]
        for (kind, path, weighting) in tables {
            guard let path else { continue }
            let text = try TextFile.read(path)
            let points = kind == .airports ? try SiteTables.airports(text, file: path) : try SiteTables.ports(text, file: path)
            var (x, y) = (points.lon, points.lat)
            if !grid.crs.isGeographic { try CoordinateTransformer(from: .wgs84, to: grid.crs).transform(x: &x, y: &y) }
            if kind == .airports { airports = (x, y, points.weight) }
            let placed = SitePlacement.place(names: points.names, countries: points.countries, x: x, y: y, weights: points.weight,
                                             grid: grid, coverages: coverages)
            weights[kind] = placed.weights
            records.append(Manifest.SiteRecord(
                proxy: kind.rawValue, path: config.relative(path), weighting: weighting,
                points: points.weight.filter { $0 > 0 }.count, placed: placed.placed, moved: placed.moved, notInBuild: placed.notInBuild,
                unplaced: placed.unplaced, reassigned: placed.reassigned))
        }
    }
}
