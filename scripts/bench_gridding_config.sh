# Sourced by the benchmarks: the gridding benchmark's inputs (OWID 2022, CO2 by sector + CH4 +
# N2O; GPW v4 2000 population; Natural Earth 1:10m, ADM0_A3) and its build config at 0.1°.
# Needs DATA (the shared data folder) set; defines NE10, OWID, GPW and write_gridding_config FILE.
NE10="/vsizip/$DATA/natural-earth/ne_10m_admin_0_countries_deu.zip/ne_10m_admin_0_countries_deu.shp"
OWID="$DATA/owid-co2/owid-co2-data.csv.gz"
GPW="$DATA/gpw-v4-population-0.5deg/gpw_v4_population_count_rev11_2000_30_min.tif"

write_gridding_config() {
  cat > "$1" <<YAML
year: 2022
grid: global-0.1
boundaries: $NE10
id_field: ADM0_A3
inventory: {path: $OWID, format: owid}
gwp: {table: $PWD/grids/default-bundle/gwp100.csv, set: AR5GWP100}
proxies: {population: $GPW}
YAML
}
