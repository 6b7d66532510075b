import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// What the writing pass produced: the checked ledgers and the files.
struct Written {
    var totals: [[TotalRow]]
    var maxRelativeError: Double
    var outputs: [Manifest.Output]
    var countryCodes: [(Int32, String)]
    /// Per year: the production total's densest cell and extent (for the tiles; empty without them).
    var extents: [TotalExtent]
    /// Per year: Σ of each natural layer over the grid (Float64) and of its sources, by code.
    var naturalSums: [[String: (gridded: Double, source: Double?)]] = []
}

/// The writing pass of a build. Every layer of every year is made and written band by band of
/// 512 rows (one COG tile row): the gridding fills Float64 bands of all layers at once, which go
/// to the COG, the NetCDF (mass and flux) and the conservation ledger. Memory holds one band of
/// rows per layer, whatever the grid; tiles, which need whole layers, are made afterwards.
struct LayerWriter {
    let job: BuildJob
    let grid: Grid
    /// The layers, in order: production (sectors, total, production CO2: bands of the production
    /// COG), then the consumption side (bands of the consumption COG).
    let layers: [Layer]
    let coverages: [SparseCoverage]
    let cellAreas: CellAreaTable
    let folder: URL
    /// [year][layer]: the cells a consumption-side layer has no data for (NoDataMask).
    var noData: [[NoDataMask?]] = []
    /// The GWP set the CO2e layers are really in (GWPBasisReport.outputLabel); nil: the config's.
    var gwpLabel: String? = nil
    /// Cells with mass outside every country (international bunkers): written too.
    var extraCoverages: [SparseCoverage] = []
    /// Per year: the natural source fields on the grid and their source integrals (BuildNatural).
    var naturalFields: [[NaturalComponent: any RowField]] = []
    var naturalIntegrals: [[NaturalComponent: Double]] = []
    /// Whether the natural sums must equal the source integrals (a global grid).
    var naturalIsGlobal = false
    /// What the files say about the natural layers' years (GCB means, the fire year).
    var naturalMetadata: [(String, String)] = []

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Channels of the NetCDF: every layer, then the production CO2 flux when there is CO2.
    var co2Layer: Layer { Layer(.gasTotal("CO2")) }

    /// Where the gridding adds each of `quantities` (indices into the channels): every layer that
    /// includes it. The total is not filled: it is the sum of the sector layers, made when
    /// converting. Production CO2 also goes to the NetCDF's CO2 flux channel. A table made once:
    /// the fill asks for every plan item's targets at each band of rows.
    func fillTargets(channels: Int, quantities: Set<Quantity>) -> [Quantity: [Int]] {
        let co2Channel = channels > layers.count ? layers.count : nil
        var out: [Quantity: [Int]] = [:]
        for quantity in quantities {
            var targets = layers.indices.filter { layers[$0].kind != .total && layers[$0].includes(quantity) }
            if let co2Channel, quantity.isProduction, quantity.gas == "CO2" { targets.append(co2Channel) }
            out[quantity] = targets
        }
        return out
    }

    /// Layers of the production COG come first, then the consumption COG's, then the natural COG's.
    var productionBands: Int { layers.firstIndex { !$0.isProduction } ?? layers.count }
    var naturalStart: Int { layers.firstIndex { $0.isNatural } ?? layers.count }

    /// Every file says how its values are signed.
    static let signMetadata = ("holomap_sign", "emissions positive, removals negative")

    /// Natural CO2 fluxes are written expressed as carbon (NaturalComponent.fluxIsCarbon).
    func fluxFactor(_ channel: Int) -> Double {
        channel < layers.count && layers[channel].natural?.fluxIsCarbon == true ? 1 / FluxUnits.co2PerCarbon : 1
    }

    mutating func write(_ results: [GriddingResult]) throws -> Written {
        let formats = job.formats
        let years = job.config.years
        let width = grid.width
        let gwp = gwpLabel ?? job.config.gwp.set.rawValue
        let metadataBase = [("holomap_product", "production"), ("holomap_gwp", gwp), ("holomap_unit", "t CO2e per cell per year"), Self.signMetadata]
        // Without the production family there is no total: the extent and tile scale come from
        // every written layer instead.
        let totalIndex = layers.firstIndex(of: Layer(.total))
        let sectorCount = totalIndex ?? 0
        let bunkersIndex = layers.firstIndex(of: Layer(.bunkers)) ?? -1
        let quantities = Set(results.flatMap(\.quantities))
        // Every band's nodata is NaN; consumption-side layers are NaN where only countries without
        // an account lie (their own COG).
        let massInfo = layers.map { $0.massBand(gwp: gwp, holdsRemovals: $0.holdsRemovals(quantities)) }
        let hasCO2 = quantities.contains { $0.isProduction && $0.gas == "CO2" }
        var ncInfo: [BandInfo] = [], cellMethods: [String] = []
        for (layer, info) in zip(layers, massInfo) {
            let variable = CFNetCDFExporter.variableName(layer.code.replacingOccurrences(of: ".", with: "_"))
            var mass = info
            mass.name = "mass_\(variable)"
            ncInfo.append(mass); cellMethods.append(Self.massCellMethods)
            ncInfo.append(layer.fluxBand(name: "flux_\(variable)", gwp: gwp, holdsRemovals: layer.holdsRemovals(quantities)))
            cellMethods.append(Self.fluxCellMethods)
        }
        if hasCO2 {
            ncInfo.append(co2Layer.fluxBand(name: "flux_\(co2Layer.code)", gwp: gwp, holdsRemovals: co2Layer.holdsRemovals(quantities)))
            cellMethods.append(Self.fluxCellMethods)
        }
        let sortedCoverages = coverages.sorted { $0.code < $1.code }
        let countryCodes = sortedCoverages.enumerated().map { (Int32($0.offset + 1), $0.element.code) }

        let nc = try formats.contains(.netcdf) ? CFNetCDFStream(
            path: path("holomap.nc"), grid: grid, years: years, bands: ncInfo, cellMethods: cellMethods,
            categories: [("country_id", "country covering most of the cell (ISO 3166-1 alpha-3 in flag_meanings)", countryCodes.map { ($0.0, $0.1) }, 0)],
            title: "holomap \(layers.contains(where: \.isProduction) ? "production-side emissions" : "map")\(naturalStart < layers.count ? " and natural sources and sinks" : "") \(years.map(String.init).joined(separator: ", "))",
            metadata: metadataBase + [("holomap_years", years.map(String.init).joined(separator: " "))] + naturalMetadata, cellAreas: cellAreas) : nil
        // The majority-country layer is a COG of its own (UInt16 ids, 0 none and NoData; the
        // names are in its sidecar, country.csv and the manifest), beside the NetCDF variable.
        let countryCOG = try formats.contains(.cog) ? COGStreamWriter(
            path: path("country.tif"), grid: grid,
            bands: [BandInfo(name: "country_id", longName: "country covering most of the cell (0: none)", units: "1", nodata: 0)],
            metadata: [("holomap_product", "majority country")], sampleType: .uint16, resampling: .nearest) : nil

        let band = COGStreamWriter.blockSize
        // One occupancy serves the COG's tile columns and the NetCDF's chunk columns.
        precondition(band == CFNetCDFStream.chunkSide)
        let stripCells = min(band, grid.height) * width
        let channels = layers.count + (nc != nil && hasCO2 ? 1 : 0)
        // Whole Float32 rows per channel for the NetCDF (the COG takes its rows in place), the
        // flux, and the majority-country scratch, reused for every strip and year.
        let floats = nc == nil ? [] : (0..<channels).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells) }
        let flux = UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells)
        let best = UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells)
        let ids = UnsafeMutableBufferPointer<Int32>.allocate(capacity: stripCells)
        defer { floats.forEach { $0.deallocate() }; flux.deallocate(); best.deallocate(); ids.deallocate() }

        // Tile columns of each strip that any country reaches: the rest (oceans) is never filled,
        // converted or compressed when only the COG reads it.
        let tilesAcross = (width + band - 1) / band
        var occupancy = [[Bool]](repeating: [Bool](repeating: false, count: tilesAcross), count: (grid.height + band - 1) / band)
        // Natural layers reach coasts, oceans' islands and Antarctica, which no country covers:
        // with them, every tile is filled.
        if naturalStart < layers.count { occupancy = occupancy.map { $0.map { _ in true } } }
        for coverage in sortedCoverages + extraCoverages {
            for span in coverage.spans {
                for c in (Int(span.start) / band)...((Int(span.start) + Int(span.count) - 1) / band) { occupancy[Int(span.row) / band][c] = true }
            }
        }
        var allTotals: [[TotalRow]] = []
        var maxError = 0.0
        var outputs: [Manifest.Output] = []
        var extents: [TotalExtent] = []
        var naturalSums: [[String: (gridded: Double, source: Double?)]] = []
        // panoramic_net is NaN where production_co2 is: its Σ is of the cells written.
        let panoramicIndex = layers.firstIndex(of: Layer(.natural(.panoramicNet))) ?? -1
        let strips = years.count * ((grid.height + band - 1) / band)
        var stripsDone = 0
        job.progress(.fraction(label: "build: writing", done: 0, total: strips))
        // Every plan item's quantity is among `quantities`.
        let targets = fillTargets(channels: channels, quantities: quantities)
        let layersOf: (Quantity) -> [Int] = { targets[$0]! }
        let split = productionBands, naturalSplit = naturalStart
        for (t, year) in years.enumerated() {
            let result = results[t]
            let natural = NaturalFill(layers: layers, fields: t < naturalFields.count ? naturalFields[t] : [:])
            let cog = try formats.contains(.cog) && split > 0 ? COGStreamWriter(
                path: path(job.cogName(year)), grid: grid, bands: Array(massInfo[..<split]), metadata: metadataBase + [("holomap_year", "\(year)")],
                background: 0) : nil
            let consumptionCOG = try formats.contains(.cog) && split < naturalSplit ? COGStreamWriter(
                path: path(job.consumptionCOGName(year)), grid: grid, bands: Array(massInfo[split..<naturalSplit]),
                metadata: [("holomap_product", "consumption and trade"), ("holomap_unit", "t CO2 per cell per year"), ("holomap_year", "\(year)"), Self.signMetadata],
                background: 0) : nil
            let naturalCOG = try formats.contains(.cog) && naturalSplit < layers.count ? COGStreamWriter(
                path: path(job.naturalCOGName(year)), grid: grid, bands: Array(massInfo[naturalSplit...]),
                metadata: [("holomap_product", "natural sources and sinks"), ("holomap_unit", "t of the layer's gas (CO2, CH4 or N2O) per cell per year"),
                           ("holomap_year", "\(year)"), Self.signMetadata] + naturalMetadata,
                background: 0) : nil
            let masks = t < noData.count ? noData[t] : []
            var ledger = result.emptyLedger()
            var layerSums = [Double](repeating: 0, count: channels)
            var yearExtent = TotalExtent()
            var row = 0
            while row < grid.height {
                let rows = row..<min(grid.height, row + band)
                let cells = rows.count * width
                let occupied = occupancy[rows.lowerBound / band]
                // Only the occupied tile columns (also the NetCDF's chunk columns) are filled and
                // converted; the writers store the rest as zeros.
                let columns = occupied.indices.filter { occupied[$0] }.map { ($0 * band)..<min(width, ($0 + 1) * band) }
                // Each chunk of rows is converted to Float32 (into the COG's strip, and whole rows
                // for the NetCDF) by the work item that filled it, while it is still in cache.
                let cogRows = formats.contains(.cog)
                    ? ((cog?.nextRows(rows.count) ?? []) + (consumptionCOG?.nextRows(rows.count) ?? []) + (naturalCOG?.nextRows(rows.count) ?? [])).map { UnsafeBox($0) }
                    : nil
                let ncRows = nc != nil ? floats.map { UnsafeBox($0) } : nil
                let layerCount = layers.count
                let areas = cellAreas, tracksExtent = formats.contains(.tiles)
                let (part, chunkSums) = result.fillChunks(rows: rows, layerCount: channels, layersOf: layersOf, columns: columns) { chunk, buffers -> ([Double], TotalExtent) in
                    let offset = (chunk.lowerBound - rows.lowerBound) * width
                    var sums = [Double](repeating: 0, count: channels)
                    var extent = TotalExtent()
                    let d = buffers.map { $0.baseAddress! }
                    if !natural.isEmpty { natural.fill(rows: chunk, width: width, buffers: d) }
                    let total = totalIndex.map { d[$0] }
                    for r in 0..<chunk.count {
                        for range in columns {
                            let cells = (r * width + range.lowerBound)..<(r * width + range.upperBound)
                            // total = Σ sector layers, cell by cell in layer order (Float64);
                            // bunkers belong to no country and stay out of it.
                            for k in 0..<sectorCount {
                                let dk = d[k]
                                if k != bunkersIndex { for i in cells { total![i] += dk[i] } }
                                sums[k] += Self.sum(dk, cells)
                            }
                            if tracksExtent {
                                for e in total.map({ [$0] }) ?? Array(d[0..<layerCount]) {
                                    extent.add(e, cells: cells, row: chunk.lowerBound + r, columnOffset: r * width, width: width, areas: areas)
                                }
                            }
                            for k in 0..<channels {
                                let dk = d[k]
                                if k >= sectorCount, k != panoramicIndex { sums[k] += Self.sum(dk, cells) }
                                if k < masks.count, let mask = masks[k] { mask.apply(row: chunk.lowerBound + r, columns: range, to: dk, offset: r * width) }
                                if k == panoramicIndex { for i in cells where !dk[i].isNaN { sums[k] += dk[i] } }
                                if k < layerCount, let cogRows {
                                    let out = cogRows[k].pointer.baseAddress! + offset
                                    for i in cells { out[i] = Float(dk[i]) }
                                }
                                if let ncRows {
                                    let out = ncRows[k].pointer.baseAddress! + offset
                                    for i in cells { out[i] = Float(dk[i]) }
                                }
                            }
                        }
                    }
                    return (sums, extent)
                }
                ledger.add(part)
                for (sums, extent) in chunkSums {
                    for k in 0..<channels { layerSums[k] += sums[k] }
                    yearExtent.merge(extent)
                }
                try cog?.commitRows(rows.count, occupied: occupied)
                try consumptionCOG?.commitRows(rows.count, occupied: occupied)
                try naturalCOG?.commitRows(rows.count, occupied: occupied)
                if let nc {
                    let seconds = Double(Self.isLeap(year) ? 366 : 365) * 86_400
                    for k in 0..<channels {
                        if k < layers.count {
                            try nc.write(band: 2 * k, time: t, firstRow: rows.lowerBound, rowCount: rows.count,
                                         data: UnsafeBufferPointer(rebasing: floats[k][0..<cells]), occupied: occupied)
                        }
                        // kg m-2 s-1 from t per cell per year, by occupied tile columns in parallel.
                        let (mass, out, areas, f) = (UnsafeBox(floats[k]), UnsafeBox(flux), cellAreas, fluxFactor(k))
                        _ = Parallel.map(columns.count) { j in
                            for r in rows {
                                let offset = (r - rows.lowerBound) * width
                                let (m, o) = (mass.pointer.baseAddress! + offset, out.pointer.baseAddress! + offset)
                                if case .perRow(let rowAreas) = areas {
                                    let area = rowAreas[r]
                                    for c in columns[j] { o[c] = area > 0 ? Float(Double(m[c]) * 1000 / area / seconds * f) : 0 }
                                } else {
                                    for c in columns[j] {
                                        let area = areas.area(row: r, cell: r * width + c)
                                        o[c] = area > 0 ? Float(Double(m[c]) * 1000 / area / seconds * f) : 0
                                    }
                                }
                            }
                        }
                        try nc.write(band: k < layers.count ? 2 * k + 1 : 2 * layers.count, time: t, firstRow: rows.lowerBound, rowCount: rows.count,
                                     data: UnsafeBufferPointer(rebasing: flux[0..<cells]), occupied: occupied)
                    }
                }
                if t == 0, nc != nil || countryCOG != nil {
                    // Ids straight into the country COG's strip (and Int32 ids for the NetCDF).
                    let target = countryCOG?.nextRows(rows.count)[0]
                    MajorityCountry.fill(sortedCoverages, rows: rows, width: width, best: best, ids: nc != nil ? ids : nil, cog: target, columns: columns)
                    try nc?.writeCategory(0, firstRow: rows.lowerBound, rowCount: rows.count, values: UnsafeBufferPointer(rebasing: ids[0..<cells]), occupied: occupied)
                    try countryCOG?.commitRows(rows.count, occupied: occupied)
                }
                row = rows.upperBound
                stripsDone += 1
                job.progress(.fraction(label: "build: writing", done: stripsDone, total: strips))
            }
            // Conservation is checked, not assumed: a violation stops the run and the staging
            // folder is removed.
            let totals = result.totals(ledger)
            maxError = max(maxError, try Self.checkConservation(totals, layers: layers, layerSums: layerSums, year: year))
            if t < naturalIntegrals.count {
                let masked = panoramicIndex >= 0 && t < noData.count && noData[t][panoramicIndex] != nil
                naturalSums.append(try checkNatural(layerSums: layerSums, integrals: naturalIntegrals[t], panoramicMasked: masked, year: year))
            }
            allTotals.append(totals)
            extents.append(yearExtent)
            if let cog { try cog.finish(); outputs.append(Manifest.Output(path: job.cogName(year), format: "cog", content: "layers", years: [year])) }
            if let consumptionCOG {
                try consumptionCOG.finish()
                outputs.append(Manifest.Output(path: job.consumptionCOGName(year), format: "cog", content: "consumption and trade layers", years: [year]))
            }
            if let naturalCOG {
                try naturalCOG.finish()
                outputs.append(Manifest.Output(path: job.naturalCOGName(year), format: "cog", content: "natural layers", years: [year]))
            }
        }
        if let countryCOG {
            try countryCOG.finish()
            outputs.append(Manifest.Output(path: "country.tif", format: "cog", content: "majority country", years: years))
            try MajorityCountry.writeCodeTable(countryCodes, cog: path("country.tif"), csv: path("country.csv"))
            outputs += [Manifest.Output(path: "country.tif.aux.xml", format: "gdal-pam", content: "majority country codes", years: years),
                        Manifest.Output(path: "country.csv", format: "csv", content: "majority country codes", years: years)]
        }
        if let nc { try nc.close(); outputs.append(Manifest.Output(path: "holomap.nc", format: "netcdf", content: "layers and majority country", years: years)) }
        return Written(totals: allTotals, maxRelativeError: maxError, outputs: outputs, countryCodes: countryCodes, extents: extents,
                       naturalSums: naturalSums)
    }

    /// A mass is the sum over the cell and the year; a flux is the mean over both (CF 7.3).
    static let massCellMethods = "area: sum time: sum"
    static let fluxCellMethods = "area: mean time: mean"

    /// Every country × quantity must hold its input to 1e-9 (relative), and every layer the sum
    /// of the inputs it includes. Returns the largest relative error.
    static func checkConservation(_ totals: [TotalRow], layers: [Layer], layerSums: [Double], year: Int) throws -> Double {
        var maxError = 0.0
        for r in totals {
            let error = abs(r.gridded - r.input) / max(abs(r.input), .leastNormalMagnitude)
            maxError = max(maxError, r.input == 0 ? abs(r.gridded) : error)
            guard error <= 1e-9 || r.input == 0 else {
                throw InternalError("conservation violated for \(r.iso3) \(r.quantity) \(year): input \(r.input), gridded \(r.gridded)")
            }
        }
        for (k, layer) in layers.enumerated() where !layer.isNatural {
            let input = totals.filter { layer.includes($0.quantity) }.reduce(0) { $0 + $1.input }
            guard abs(layerSums[k] - input) <= 1e-9 * max(abs(input), 1) else {
                throw InternalError("layer \(layer.code) \(year) sums to \(layerSums[k]), inputs to \(input)")
            }
        }
        return maxError
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Σ p[range] with four running sums (a fixed order, so runs agree), which lets the loop
    /// vectorise instead of waiting on one addition chain.
    @inline(__always) static func sum(_ p: UnsafeMutablePointer<Double>, _ range: Range<Int>) -> Double {
        var a = 0.0, b = 0.0, c = 0.0, e = 0.0
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound { a += p[i]; b += p[i &+ 1]; c += p[i &+ 2]; e += p[i &+ 3]; i &+= 4 }
        while i < range.upperBound { a += p[i]; i &+= 1 }
        return (a + b) + (c + e)
    }
}
