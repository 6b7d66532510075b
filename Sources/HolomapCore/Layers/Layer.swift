/// One layer of the map: what it holds (which quantities it sums), its unit, the CF standard
/// name of its flux when one exists, and how it is drawn. Bands, NetCDF variables and tile
/// folders are named by `code`.
public struct Layer: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Production-side emissions of one IPCC sector, all gases.
        case sector(String)
        /// International aviation and shipping (memo items): at airports and along shipping lanes;
        /// in the global total, in no national one.
        case bunkers
        /// Production-side emissions of every sector.
        case total
        /// Production-side emissions of one gas over every sector (the NetCDF's CO2 flux).
        case gasTotal(String)
        /// Production-side fossil and process CO2 (every sector but land use, IPCC 3): the production
        /// layer the consumption side is compared with, on the same gas basis.
        case productionCO2
        /// Consumption-based CO2, where the consumers live.
        case consumption
        /// Consumption − published territorial CO2, the territorial part spread like the country's
        /// fossil CO2 production: a comparison of two national totals, not a map of trade.
        case consumptionMinusProduction
        /// CO2 embodied in a country's imports (MRIO D_imp), where its consumers live.
        case embodiedImports
        /// CO2 embodied in a country's exports (MRIO D_exp), where it is emitted, by sector.
        case embodiedExports
        /// Embodied imports − embodied exports (per country: MRIO consumption − territorial).
        case netTrade
        /// Natural sources and sinks and the nets made of them (NaturalLayer.swift): their own
        /// family, never part of the production total.
        case natural(NaturalComponent)
    }

    /// What the tonnes are: CO2 equivalents with the run's GWP set, or one gas itself (CH4 and
    /// N2O: the fire layers of those gases).
    public enum Basis: String, Hashable, Sendable, Codable { case co2e = "CO2e", co2 = "CO2", ch4 = "CH4", n2o = "N2O" }

    /// Colour scale: sequential (log density) or diverging (signed layers).
    public enum Palette: String, Hashable, Sendable, Codable { case sequential, diverging }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// Band description, NetCDF variable stem and tile folder: the IPCC code for sectors.
    public var code: String {
        switch kind {
        case .sector(let code): return code
        case .total: return "total"
        case .bunkers: return "bunkers"
        case .gasTotal(let gas): return "total_\(gas.lowercased())"
        case .productionCO2: return "production_co2"
        case .consumption: return "consumption"
        case .consumptionMinusProduction: return "consumption_minus_production"
        case .embodiedImports: return "embodied_imports"
        case .embodiedExports: return "embodied_exports"
        case .netTrade: return "net_trade"
        case .natural(let component): return component.code
        }
    }

    /// A human name (shown beside the code in the viewer and in metadata).
    public var name: String {
        switch kind {
        case .sector(let code): return Sectors.byCode[code]?.name ?? code
        case .total: return "All sectors (international bunkers apart)"
        case .bunkers: return "International bunkers: aviation at airports, shipping along lanes"
        case .gasTotal(let gas): return "All sectors, \(gas)"
        case .productionCO2: return "Production-side fossil CO2, all sectors but land use (the published territorial CO2 where the inventory has no CO2 of its own: then NaN for countries without a consumption account)"
        case .consumption: return "Consumption-based CO2, where the consumers live"
        case .consumptionMinusProduction: return "Consumption-based CO2 minus territorial CO2 spread like fossil CO2 production (not trade)"
        case .embodiedImports: return "CO2 embodied in imports, where the consumers live"
        case .embodiedExports: return "CO2 embodied in exports, where it is emitted"
        case .netTrade: return "Net CO2 embodied in trade (imports − exports)"
        case .natural(let component): return component.name
        }
    }

    public var basis: Basis {
        switch kind {
        case .sector, .total, .bunkers: return .co2e
        case .natural(let component): return Basis(rawValue: component.gas)!
        default: return .co2
        }
    }

    /// Signed layers take the diverging palette.
    public var palette: Palette {
        if case .natural(let component) = kind { return component.isDiverging ? .diverging : .sequential }
        return kind == .consumptionMinusProduction || kind == .netTrade ? .diverging : .sequential
    }

    /// Amounts are per cell per year in tonnes; fluxes in kg m-2 s-1.
    public static let massUnit = "t"
    public static let fluxUnit = "kg m-2 s-1"

    /// Cells the map has no value for (a country without an account): NaN in the gridded
    /// buffers, the COG bands and the NetCDF variables alike (GDAL_NODATA and _FillValue).
    public static let nodata = Double.nan

    /// Where the viewer lists the layer; new kinds must say where they belong.
    public enum Group: String, CaseIterable, Hashable, Sendable {
        case totals = "Totals"
        case productionBySector = "Production by sector"
        case land = "Land and natural fluxes (net: removals negative)"
        case consumptionAndTrade = "Consumption and trade (CO2)"
        case natural = "Natural sources and sinks (GCB 2023, GFED4.1s; removals negative)"
        case net = "Net balances (CO2; removals negative)"
        case bunkers = "International bunkers"
    }

    public var group: Group {
        switch kind {
        case .total, .gasTotal, .productionCO2: return .totals
        case .sector(let code): return code == "3.B" ? .land : .productionBySector
        case .bunkers: return .bunkers
        case .consumption, .consumptionMinusProduction, .embodiedImports, .embodiedExports, .netTrade: return .consumptionAndTrade
        case .natural(let component): return component.isNet ? .net : .natural
        }
    }

    /// CF standard names of emission fluxes by gas (kg of the gas m-2 s-1).
    static let emissionStandardNames = [
        "CO2": "tendency_of_atmosphere_mass_content_of_carbon_dioxide_due_to_emission",
        "CH4": "tendency_of_atmosphere_mass_content_of_methane_due_to_emission",
        "N2O": "tendency_of_atmosphere_mass_content_of_nitrous_oxide_due_to_emission",
    ]

    /// CF standard name of the layer's flux, where CF has one: only a production layer of one
    /// gas (not CO2e, not consumption or trade, which are not emissions at that place), and only
    /// when it holds no removals (a net flux is not "due to emission"; CF's net CO2 fluxes are
    /// all expressed as carbon).
    public func fluxStandardName(holdsRemovals: Bool) -> String? {
        if case .natural(let component) = kind { return component.fluxStandardName }
        guard case .gasTotal(let gas) = kind, !holdsRemovals else { return nil }
        return Self.emissionStandardNames[gas]
    }

    /// Whether the layer sums a sector that reports removals (land, 3.B, or AFOLU as a whole),
    /// given the quantities of the build: such a layer is named a net flux, never an emission.
    /// (Livestock and the other 3.x sources only emit, though the validator lets them be signed.)
    public func holdsRemovals(_ quantities: some Sequence<Quantity>) -> Bool {
        quantities.contains { q in
            guard includes(q), let sector = q.sector else { return false }
            return sector == "3" || sector == "3.B" || sector.hasPrefix("3.B.")
        }
    }

    /// True for layers that sum production-side (territorial) emissions.
    public var isProduction: Bool {
        switch kind {
        case .sector, .total, .gasTotal, .productionCO2, .bunkers: return true
        default: return false
        }
    }

    /// Layers made from a consumption account (published or MRIO): NoData where only countries
    /// without such an account lie.
    public var isConsumptionSide: Bool { !isProduction && !isNatural }

    /// Layers of natural sources and sinks (and the nets made of them): not made of inventory
    /// quantities, so `includes` is false for every quantity.
    public var isNatural: Bool { if case .natural = kind { return true } else { return false } }

    /// The natural component of a natural layer.
    public var natural: NaturalComponent? { if case .natural(let component) = kind { return component } else { return nil } }

    /// Layers made from an MRIO's trade accounts.
    public var isTrade: Bool { kind == .embodiedImports || kind == .embodiedExports || kind == .netTrade }

    /// Whether an amount of `quantity` belongs to this layer.
    public func includes(_ quantity: Quantity) -> Bool {
        switch (kind, quantity) {
        case (.sector(let code), .production(let sector, _)): return sector == code
        // The countries' own production: bunkers have their own layer and belong to no country,
        // so summing `total` by country.tif never counts them.
        case (.total, .production(let sector, _)): return Sectors.byCode[sector]?.isMemo != true
        case (.bunkers, .production(let sector, _)): return Sectors.byCode[sector]?.isMemo == true
        case (.gasTotal(let gas), .production(_, let g)): return g == gas
        case (.productionCO2, .publishedTerritorial): return true
        case (.productionCO2, let q): return q.isFossilCO2
        case (.consumption, .consumption): return true
        case (.consumptionMinusProduction, .consumption), (.consumptionMinusProduction, .territorial): return true
        case (.embodiedImports, .embodiedImports), (.embodiedExports, .embodiedExports(_, false)): return true
        case (.netTrade, .embodiedImports), (.netTrade, .embodiedExports(_, true)): return true
        default: return false
        }
    }

    /// The mass band of this layer (t per cell per year), described for the GWP set `gwp`.
    public func massBand(gwp: String, holdsRemovals: Bool = false) -> BandInfo {
        let what = holdsRemovals ? "net emissions (removals negative)" : "emissions"
        switch kind {
        case .sector, .total, .bunkers: return BandInfo(name: code, longName: "\(name): \(what), t CO2e (\(gwp)) per cell per year", units: Self.massUnit, nodata: Self.nodata)
        case .gasTotal(let gas): return BandInfo(name: code, longName: "All sectors: \(gas) \(what), t \(gas) per cell per year", units: Self.massUnit, nodata: Self.nodata)
        case .consumptionMinusProduction, .netTrade:
            return BandInfo(name: code, longName: "\(name), t CO2 per cell per year; positive: more consumed than produced", units: Self.massUnit, nodata: Self.nodata)
        case .natural(let component):
            return BandInfo(name: code, longName: "\(name), t \(component.gas) per cell per year; emissions positive, removals negative", units: Self.massUnit, nodata: Self.nodata)
        default: return BandInfo(name: code, longName: "\(name), t CO2 per cell per year", units: Self.massUnit, nodata: Self.nodata)
        }
    }

    /// The flux band of this layer (kg m-2 s-1): CO2e for the all-gas layers, CO2 for the others.
    public func fluxBand(name variable: String, gwp: String, holdsRemovals: Bool = false) -> BandInfo {
        let what = holdsRemovals ? "net flux (emissions minus removals)" : "emission flux"
        let standard = fluxStandardName(holdsRemovals: holdsRemovals)
        switch kind {
        case .gasTotal(let gas): return BandInfo(name: variable, longName: "All sectors: \(gas) \(what)", units: Self.fluxUnit, standardName: standard, nodata: Self.nodata)
        case .sector, .total, .bunkers: return BandInfo(name: variable, longName: "\(name): \(what), CO2e (\(gwp))", units: Self.fluxUnit, standardName: standard, nodata: Self.nodata)
        case .consumptionMinusProduction, .netTrade:
            return BandInfo(name: variable, longName: "\(name): CO2 flux; positive: more consumed than produced", units: Self.fluxUnit, nodata: Self.nodata)
        case .natural(let component):
            let gas = component.fluxIsCarbon ? "CO2 flux expressed as carbon (kg C m-2 s-1)" : "\(component.gas) flux (kg \(component.gas) m-2 s-1)"
            return BandInfo(name: variable, longName: "\(name): \(gas), upward positive (emissions positive, removals negative)",
                            units: Self.fluxUnit, standardName: standard, nodata: Self.nodata)
        default: return BandInfo(name: variable, longName: "\(name): CO2 flux", units: Self.fluxUnit, nodata: Self.nodata)
        }
    }
}
