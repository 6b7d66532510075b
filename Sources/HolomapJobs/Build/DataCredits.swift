import Foundation
import HolomapAccounts
import HolomapCore
import HolomapExport

/// Who made the data a build read and under which licence, for the viewer's attribution
/// (CC BY 4.0 requires it). Sources are known by the inventory and consumption formats and by
/// the default bundle's file names (docs/DATA.md); any other file is credited by its name with
/// its licence stated as unknown, never guessed.
enum DataCredits {
    static func credits(_ config: BuildConfig) -> [TileExporter.Credit] {
        var credits = [inventory(config.inventory)]
        if let spec = config.consumption { credits.append(consumption(spec.source)) }
        credits.append(config.boundaries == "dcw"
            ? .init(source: "DCW-GMT 2.1.1 country borders (P. Wessel)", licence: "LGPL-3+")
            : file(config.boundaries, role: "boundaries", known: [("ne_", "Natural Earth admin-0 boundaries", "public domain")]))
        // Each proxy file: its role and the default bundle's file it may be, with its source.
        let proxies: [(path: String?, role: String, prefix: String, source: String, licence: String)] = [
            (config.proxies.population, "population", "population-gpw-v4", "GPW v4.11 population count (CIESIN, SEDAC)", "CC BY 4.0"),
            (config.proxies.powerPlants, "power plants", "power-plants-fossil", "WRI Global Power Plant Database v1.2.0", "CC BY 4.0"),
            (config.proxies.fuelFactors, "fuel factors", "fuel-factors", "IPCC 2006 Guidelines default CO2 factors (Vol. 2, Table 1.3)", "IPCC values, free with citation"),
            (config.proxies.powerGeneration, "power generation", "electricity-generation-by-fuel", "Ember and BP electricity generation by fuel, via Our World in Data", "CC BY 4.0"),
            (config.proxies.landCover, "land cover", "landcover-modis-igbp", "MODIS MCD12C1 v006 land cover (NASA LP DAAC; Friedl & Sulla-Menashe)", "NASA open data, cite doi:10.5067/MODIS/MCD12C1.006"),
            (config.proxies.shippingLanes, "shipping lanes", "shipping-lanes", "Global shipping lanes (Benden 2022, after the CIA)", "CC BY 4.0 (excluding Statista)"),
            (config.proxies.airports, "airports", "airports", "Natural Earth airports", "public domain"),
            (config.proxies.bunkerSplit, "bunker split", "bunker-split-edgar-v7", "EDGAR v7.0 international aviation and shipping (EC JRC)", "CC BY 4.0"),
            (config.proxies.ports, "ports", "ports", "Natural Earth ports", "public domain"),
        ]
        for p in proxies { if let path = p.path { credits.append(file(path, role: p.role, known: [(p.prefix, p.source, p.licence)])) } }
        for split in config.inventory.splits {
            credits.append(file(split.table, role: "sector split", known: [
                ("sector-split-cait", "CAIT / Climate Watch sector shares (WRI), agriculture split by EDGAR v4.3.2", "CC BY 4.0"),
                ("transport-split-edgar-v432", "EDGAR v4.3.2 transport sub-sectors (EC JRC)", "EDGAR terms: attribution to the EC JRC"),
            ]))
        }
        if let path = config.proxies.income { credits.append(file(path, role: "income", known: [])) }
        if let spec = config.natural, BuildNatural.skippedFor(spec) == nil {
            // One credit per source, in the order of the section's files.
            var seen = Set<String>()
            for f in BuildNatural.files(spec) where seen.insert(natural[f.role]!.source).inserted { credits.append(natural[f.role]!) }
        }
        credits.append(file(config.gwp.table, role: "GWP", known: [("gwp100", "GWP100 values (openclimatedata/globalwarmingpotentials)", "CC0")]))
        return credits
    }

    /// The natural section's sources by input role (docs/DATA.md, the data's PROVENANCE.md).
    static let natural: [String: TileExporter.Credit] = {
        let gcb = TileExporter.Credit(source: "Global Carbon Budget 2023 (Friedlingstein et al. 2023, ESSD 15, 5301): S_LAND and E_LUC grids, global budget", licence: "CC BY 4.0")
        let gfed = TileExporter.Credit(source: "GFED4.1s fire emissions and basis regions (van der Werf et al. 2017)", licence: "free for research with citation of van der Werf et al. 2017")
        return ["natural_land_sink": gcb, "natural_land_use_change": gcb, "natural_budget": gcb, "natural_fire_table": gfed, "natural_fire_regions": gfed,
                "natural_land_cover": TileExporter.Credit(source: "MODIS MCD12C1 v006 land cover (NASA LP DAAC; Friedl & Sulla-Menashe)", licence: "NASA open data, cite doi:10.5067/MODIS/MCD12C1.006"),
                "natural_land_fraction": TileExporter.Credit(source: "GLOBE 30\" land mask (NOAA NGDC, via global-land-mask 1.0.0, MIT)", licence: "public domain (US Government)")]
    }()

    static func inventory(_ spec: BuildConfig.InventorySpec) -> TileExporter.Credit {
        switch spec.format {
        case .edgar7: return .init(source: "EDGAR v7.0 GHG emissions (EC JRC; Crippa et al.)", licence: "CC BY 4.0")
        case .edgar: return .init(source: "EDGAR v4.3.2 (EC JRC)", licence: "EDGAR terms: attribution to the EC JRC")
        case .owid: return .init(source: "Our World in Data CO2 dataset (Global Carbon Project and others)", licence: "CC BY 4.0")
        case .crf: return .init(source: "UNFCCC national GHG inventories (CRF)", licence: "UNFCCC public data")
        case .cait: return .init(source: "CAIT / Climate Watch (WRI)", licence: "CC BY 4.0")
        case .generic: return file(spec.path, role: "inventory", known: [])
        }
    }

    static func consumption(_ source: Adjustments.Source) -> TileExporter.Credit {
        switch source {
        case .owid: return .init(source: "Our World in Data consumption-based CO2 (Global Carbon Project)", licence: "CC BY 4.0")
        case .gcb: return .init(source: "Global Carbon Budget 2022 national emissions (Friedlingstein et al. 2022)", licence: "CC BY 4.0")
        }
    }

    /// A credit for a file: the known source whose name prefix the file name has, or the file
    /// name itself.
    static func file(_ path: String, role: String, known: [(prefix: String, source: String, licence: String)]) -> TileExporter.Credit {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if let match = known.first(where: { name.hasPrefix($0.prefix) }) { return .init(source: match.source, licence: match.licence) }
        return .init(source: "\(role): \(name)", licence: "licence not known to holomap: credit the file's source")
    }
}
