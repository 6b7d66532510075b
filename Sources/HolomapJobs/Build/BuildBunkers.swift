import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// International bunkers of a build: the lanes and airports placed on the grid once, and each
/// year's split of a combined (M.BUNKERS) amount between aircraft and ships.
struct BuildBunkers {
    let proxy: BunkerProxy
    /// Aviation's share of a combined amount by year (`proxies.bunker_split`).
    let splitTable: [Int: Double]
    let grid: Grid

    /// nil when the config names neither lanes nor airports. `airports`: the airports already read
    /// and in the grid's CRS (`BuildSites`).
    static func load(_ config: BuildConfig, grid: Grid, airports: (x: [Double], y: [Double], weight: [Double])?) throws -> BuildBunkers? {
        let spec = config.proxies
        guard spec.shippingLanes != nil || spec.airports != nil else { return nil }
        var proxy = BunkerProxy()
        func place(_ mode: BunkerProxy.Mode, _ points: (lon: [Double], lat: [Double], weight: [Double])) throws {
            var (x, y) = (points.lon, points.lat)
            if !grid.crs.isGeographic { try CoordinateTransformer(from: .wgs84, to: grid.crs).transform(x: &x, y: &y) }
            proxy.add(mode, x: x, y: y, weights: points.weight, grid: grid)
        }
        if let path = spec.shippingLanes {
            // Points at most a quarter of a cell apart (a 0.1° grid: 0.025°), so every cell a lane
            // crosses gets its length; no finer than 0.005° (about 500 m).
            let cellDegrees = grid.crs.isGeographic ? abs(grid.transform.pixelWidth) : abs(grid.transform.pixelWidth) / 111_320
            try place(.shipping, BunkerTables.lanePoints(try TextFile.read(path), file: path, step: max(0.005, cellDegrees / 4)))
        }
        if let airports { proxy.add(.aviation, x: airports.x, y: airports.y, weights: airports.weight, grid: grid) }
        let split = try spec.bunkerSplit.map { try BunkerTables.split(try TextFile.read($0), file: $0) } ?? [:]
        return BuildBunkers(proxy: proxy, splitTable: split, grid: grid)
    }

    /// The proxy of one year: a combined amount is split like the inventory's own aviation and
    /// shipping rows of that year when it has both, else like the split table's year.
    func proxy(year: Int, emissions: [Emission], splitPath: String?) -> BunkerProxy {
        var p = proxy
        let air = emissions.filter { $0.sector == BunkerProxy.Mode.aviation.sector }.reduce(0) { $0 + $1.tonnesCO2e }
        let sea = emissions.filter { $0.sector == BunkerProxy.Mode.shipping.sector }.reduce(0) { $0 + $1.tonnesCO2e }
        if air > 0, sea > 0 {
            p.aviationShare = air / (air + sea); p.shareSource = "the inventory's own aviation and shipping rows of \(year)"
        } else if let share = splitTable[year] {
            p.aviationShare = share; p.shareSource = "\(splitPath ?? "bunker_split"), \(year)"
        }
        return p
    }

    /// Cells holding bunker weight, for the writer's tile occupancy.
    var coverages: [SparseCoverage] { BunkerProxy.Mode.allCases.map { proxy.coverage($0, grid: grid) }.filter { !$0.isEmpty } }

    /// The manifest's record: per year the inventory's bunker rows and what the layer holds.
    static func record(_ config: BuildConfig, years: [Int], totals: [[TotalRow]], results: [GriddingResult], proxies: [BunkerProxy]) -> Manifest.BunkersRecord {
        let memo: (String) -> Bool = { Sectors.byCode[$0]?.isMemo == true }
        return Manifest.BunkersRecord(
            shippingLanes: config.proxies.shippingLanes.map(config.relative), airports: config.proxies.airports.map(config.relative),
            bunkerSplit: config.proxies.bunkerSplit.map(config.relative),
            laneClassWeights: BunkerProxy.laneClassWeights,
            airportWeights: BunkerProxy.airportWeighting,
            years: years.indices.map { t in
                let rows = totals[t].filter { $0.quantity.sector.map(memo) == true }
                let left = results[t].unallocated.filter { $0.quantity.sector.map(memo) == true }
                func sum(_ rows: [TotalRow], _ code: String, _ key: KeyPath<TotalRow, Double>) -> Double {
                    rows.filter { $0.iso3 == code }.reduce(0) { $0 + $1[keyPath: key] }
                }
                let gridded = rows.reduce(0) { $0 + $1.gridded }, held = rows.reduce(0) { $0 + $1.input }
                let unallocated = left.reduce(0) { $0 + $1.value }
                return Manifest.BunkerYear(
                    year: years[t], input: held + unallocated, gridded: gridded, unallocated: unallocated,
                    aviationGridded: sum(rows, BunkerProxy.Mode.aviation.code, \.gridded), shippingGridded: sum(rows, BunkerProxy.Mode.shipping.code, \.gridded),
                    aviationShareOfCombined: proxies[t].aviationShare, shareSource: proxies[t].aviationShare == nil ? nil : proxies[t].shareSource)
            })
    }
}
