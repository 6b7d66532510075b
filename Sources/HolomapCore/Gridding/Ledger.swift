/// One row of the conservation ledger: what a country's quantity was, and what the grid got
/// (t CO2e for production, t CO2 for the consumption side).
public struct TotalRow: Sendable, Equatable {
    public var iso3: String
    public var quantity: Quantity
    public var input: Double
    public var gridded: Double
}

/// A proxy that gave no weight inside a country, and what was used instead.
public struct Fallback: Sendable, Equatable {
    public var iso3: String
    public var quantity: Quantity
    public var from: ProxyKind
    /// nil: the chain ended (never happens: land area ends every chain).
    public var to: ProxyKind?
    public var reason: String
}

/// An input that was not spread over the grid, and why (bunkers, no boundary).
public struct Unallocated: Sendable, Equatable {
    public var iso3: String
    public var quantity: Quantity
    public var value: Double
    public var reason: String
}

/// One amount to spread: a country's quantity.
public struct GriddingItem: Sendable, Equatable {
    public var iso3: String
    public var quantity: Quantity
    /// t CO2e (production) or t CO2 (consumption side).
    public var value: Double
    public init(iso3: String, quantity: Quantity, value: Double) { self.iso3 = iso3; self.quantity = quantity; self.value = value }
}

/// Amounts added to the grid per country and plan item, from one band of rows. Adding the parts
/// of every band, in band order, gives the ledger.
public struct LedgerPart: Sendable {
    var entries: [(plan: Int, item: Int, amount: Double)] = []
}

/// Σ of the amounts each plan item put into the grid: the conservation ledger.
public struct Ledger: Sendable {
    var amounts: [[Double]]
    public mutating func add(_ part: LedgerPart) {
        for e in part.entries { amounts[e.plan][e.item] += e.amount }
    }
}
