/// The natural sources and sinks of the map (docs/natural.md#the-map): the GCB 2023 land sink and
/// land-use-change grids, GFED4.1s fire by type and gas, and the nets made of them. Emissions
/// positive, removals negative, like every layer.
public enum NaturalComponent: Hashable, Sendable {
    case landSink, landUseChange
    /// Gross fire CO2 of every type, and of one type.
    case fire, fireType(FireType)
    case fireCH4, fireN2O
    /// land_use_change + land_sink (CO2); fire stays out (docs/natural.md#rules).
    case naturalNet
    /// The production layer's CO2 (`production_co2`) + natural_net: a place's whole CO2 balance.
    case panoramicNet

    /// In layer order: the sources, fire by type, the other gases, then the nets.
    public static let all: [NaturalComponent] = [.landSink, .landUseChange, .fire] + FireType.allCases.map { .fireType($0) }
        + [.fireCH4, .fireN2O, .naturalNet, .panoramicNet]

    public var code: String {
        switch self {
        case .landSink: return "land_sink"
        case .landUseChange: return "land_use_change"
        case .fire: return "fire"
        case .fireType(let type): return "fire_\(type.rawValue)"
        case .fireCH4: return "fire_ch4"
        case .fireN2O: return "fire_n2o"
        case .naturalNet: return "natural_net"
        case .panoramicNet: return "panoramic_net"
        }
    }

    public var name: String {
        switch self {
        case .landSink: return "Natural land sink S_LAND × land fraction (GCB 2023 DGVM mean of 2013–2022; a removal)"
        case .landUseChange: return "Land-use-change emissions E_LUC (GCB 2023 bookkeeping mean of 2013–2022)"
        case .fire: return "Fire CO2, gross, every GFED4.1s fire type"
        case .fireType(let type): return "Fire CO2, gross: \(type.title.lowercased()) (GFED4.1s)"
        case .fireCH4: return "Fire CH4, every GFED4.1s fire type"
        case .fireN2O: return "Fire N2O, every GFED4.1s fire type"
        case .naturalNet: return "Natural net CO2: land-use change + land sink (fire apart)"
        case .panoramicNet: return "Panoramic net CO2: production-side fossil CO2 (production_co2) + natural net"
        }
    }

    /// The gas the tonnes are of.
    public var gas: String {
        switch self {
        case .fireCH4: return "CH4"
        case .fireN2O: return "N2O"
        default: return "CO2"
        }
    }

    /// Signed components: the sink, the nets (and E_LUC, which is negative where land regrows).
    public var isSigned: Bool { self == .landSink || self == .naturalNet || self == .panoramicNet || self == .landUseChange }

    /// Drawn with the diverging palette (centred on zero).
    public var isDiverging: Bool { self == .landSink || self == .naturalNet || self == .panoramicNet }

    /// Nets are listed apart from the sources in the viewer.
    public var isNet: Bool { self == .naturalNet || self == .panoramicNet }

    /// CO2 fluxes are written expressed as carbon (kg C m-2 s-1 = kg CO2 × 12/44), as CF's names
    /// for land and fire CO2 fluxes are; CH4 and N2O as the gas itself.
    public var fluxIsCarbon: Bool { gas == "CO2" }

    /// CF standard name of the flux, upward (emissions) positive as the map's sign; none where CF
    /// has only a downward name (the sink, the nets), or none for a part (one fire type).
    public var fluxStandardName: String? {
        switch self {
        case .landUseChange: return "surface_net_upward_mass_flux_of_carbon_dioxide_expressed_as_carbon_due_to_emission_from_anthropogenic_land_use_change"
        case .fire: return "surface_upward_mass_flux_of_carbon_dioxide_expressed_as_carbon_due_to_emission_from_fires"
        case .fireCH4: return "surface_upward_mass_flux_of_methane_due_to_emission_from_fires"
        case .fireN2O: return "tendency_of_atmosphere_mass_content_of_nitrous_oxide_due_to_emission"
        default: return nil
        }
    }
}
