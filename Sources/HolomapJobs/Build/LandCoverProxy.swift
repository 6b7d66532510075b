import Foundation
import HolomapBridge
import HolomapCore

/// The land-cover proxies of a build (cropland, grassland, urban): the area of their MODIS IGBP
/// classes (`ProxyKind.igbpClasses`) in each cell, conservatively remapped from `proxies.land_cover`.
/// Only on lat/lon grids; elsewhere they are not available and their sectors fall down their chain.
enum LandCoverProxy {
    static func fields(config: BuildConfig, grid: Grid) throws -> [ProxyKind: any RowField] {
        guard let path = config.proxies.landCover, grid.crs.isGeographic else { return [:] }
        let (classes, source) = try ProxyLoader.classes(path)
        var out: [ProxyKind: any RowField] = [:]
        for kind in ProxyKind.allCases {
            if let wanted = kind.igbpClasses { out[kind] = ClassArea.field(classes, source: source, picking: wanted, onto: grid) }
        }
        return out
    }
}
