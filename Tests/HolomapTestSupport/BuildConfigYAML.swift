import Foundation

/// Build configs of the end-to-end tests: the default bundle's inputs at 1° unless a test says
/// otherwise, so each test names only what it changes.
public enum BuildConfigYAML {
    /// grids/default-bundle, absolute.
    public static var bundle: String { TestSupport.repoRoot.appendingPathComponent("grids/default-bundle").path }
    /// The bundle's EDGAR v7.0 by sector, 2015–2021 (all-GHG CO2e, AR5).
    public static var edgar7: String { "{path: \(bundle)/edgar-v7-ghg-by-sector-2015-2021.csv, format: edgar7}" }
    public static var population: String { "\(bundle)/population-gpw-v4-2000-0.5deg.tif" }
    /// The bundle's fossil power plants and their fuel factors, as `proxies` entries.
    public static var plants: [String] { ["power_plants: \(bundle)/power-plants-fossil.csv", "fuel_factors: \(bundle)/fuel-factors.csv"] }

    /// The YAML: `year` on the 1° world grid, `boundaries`, `inventory`, the bundle's GWP table
    /// with the set `gwp`, the `population` raster and `proxies` entries, then `lines` as given
    /// (consumption, trade, formats…).
    public static func text(year: Int = 2021, boundaries: String = "dcw", inventory: String = edgar7, gwp: String = "AR5GWP100",
                            population: String = BuildConfigYAML.population, proxies: [String] = [], lines: [String] = []) -> String {
        ([
            "year: \(year)",
            "grid: global-1",
            "boundaries: \(boundaries)",
            "inventory: \(inventory)",
            "gwp: {table: \(bundle)/gwp100.csv, set: \(gwp)}",
            "proxies: {\((["population: \(population)"] + proxies).joined(separator: ", "))}",
        ] + lines).joined(separator: "\n") + "\n"
    }

    /// `yaml` written to `folder/name`; returns its path.
    public static func write(_ yaml: String, in folder: URL, name: String = "build.yaml") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
