/// International bunkers (memo items) spread over the bunker proxy: aviation at airports,
/// shipping along the lanes. They are booked under the codes AIR and SEA, never a country, so
/// they reach the bunkers layer and the global total but no national total.
extension GriddingEngine {
    /// One plan per mode holding every bunker quantity of that mode, summed over the reporting
    /// codes; a combined amount (M.BUNKERS) is split by `proxy.aviationShare`. What a regional grid
    /// does not hold (its share of the world's weight) and what cannot be placed is unallocated.
    static func bunkerPlans(_ items: [GriddingItem], proxy: BunkerProxy, grid: Grid) -> (plans: [CountryPlan], unallocated: [Unallocated]) {
        var amounts: [BunkerProxy.Mode: [Quantity: Double]] = [:]
        var unallocated: [Unallocated] = []
        // Summed in code order, so the totals never depend on the input's order.
        for item in items.sorted(by: { ($0.iso3, $0.quantity) < ($1.iso3, $1.quantity) }) {
            switch item.quantity.sector {
            case BunkerProxy.Mode.aviation.sector?: amounts[.aviation, default: [:]][item.quantity, default: 0] += item.value
            case BunkerProxy.Mode.shipping.sector?: amounts[.shipping, default: [:]][item.quantity, default: 0] += item.value
            default:
                guard let share = proxy.aviationShare else {
                    unallocated.append(Unallocated(iso3: item.iso3, quantity: item.quantity, value: item.value,
                                                   reason: "international bunkers without an aviation/shipping split (set proxies.bunker_split)"))
                    continue
                }
                amounts[.aviation, default: [:]][item.quantity, default: 0] += item.value * share
                amounts[.shipping, default: [:]][item.quantity, default: 0] += item.value * (1 - share)
            }
        }
        var plans: [CountryPlan] = []
        for mode in BunkerProxy.Mode.allCases {
            guard let byQuantity = amounts[mode] else { continue }
            let points = proxy.cells[mode] ?? []
            let inside = proxy.inside(mode), world = proxy.worldWeight[mode] ?? 0
            var plan = CountryPlan(coverage: proxy.coverage(mode, grid: grid), items: [], points: [.pointSources: points],
                                   firstRow: (points.first?.cell ?? grid.width) / grid.width, lastRow: (points.last?.cell ?? 0) / grid.width)
            for quantity in byQuantity.keys.sorted() {
                let value = byQuantity[quantity]!
                guard inside > 0, world > 0 else {
                    let why = world > 0 ? "outside the grid" : "no \(mode == .aviation ? "airports (proxies.airports)" : "shipping lanes (proxies.shipping_lanes)") in the config"
                    unallocated.append(Unallocated(iso3: mode.code, quantity: quantity, value: value, reason: "international \(mode.rawValue) bunkers: \(why)"))
                    continue
                }
                let held = inside >= world ? value : value * (inside / world)
                plan.items.append(PlanItem(quantity: quantity, value: held, kind: .pointSources, weightSum: inside))
                if held != value {
                    unallocated.append(Unallocated(iso3: mode.code, quantity: quantity, value: value - held,
                                                   reason: "international \(mode.rawValue) bunkers: the share of the world's \(mode == .aviation ? "airports" : "lanes") outside the grid"))
                }
            }
            if !plan.items.isEmpty { plans.append(plan) }
        }
        return (plans, unallocated)
    }
}
