import Foundation
import HolomapBridge
import HolomapCore

extension TileExporter {
    /// A horizontal colour bar, 255 × 24 (one column per palette entry), low densities on the left.
    public static func writeLegend(to path: String, signed: Bool = false) throws {
        var indices = [UInt8](repeating: 0, count: 255 * 24)
        for y in 0..<24 { for x in 0..<255 { indices[y * 255 + x] = UInt8(x + 1) } }
        try AtomicFile.write(to: path, overwrite: true) {
            try PNGEncoder.writePalette(path: $0, width: 255, height: 24, indices: indices, palette: signed ? divergingPalette : palette)
        }
    }

    /// Debian's libjs-leaflet, which the offline viewer copies next to the tiles.
    public static let leafletFolder = URL(fileURLWithPath: "/usr/share/javascript/leaflet")

    /// Fails unless the viewer's assets are installed: checked before a build starts.
    public static func checkViewerAssets() throws {
        let script = leafletFolder.appendingPathComponent("leaflet.js").path
        guard FileManager.default.fileExists(atPath: script) else {
            throw InputError.missingFile(path: script + " (the tile viewer needs Debian's libjs-leaflet)")
        }
    }

    /// One overlay of the viewer: its tile folder, the label shown in the layer list, whether the
    /// page opens on it, and whether it is drawn with the diverging palette (signed values).
    public struct ViewerLayer: Sendable {
        public var folder: String
        public var label: String
        public var shownFirst: Bool
        public var diverging: Bool
        public init(folder: String, label: String, shownFirst: Bool = false, diverging: Bool = false) {
            self.folder = folder; self.label = label; self.shownFirst = shownFirst; self.diverging = diverging
        }
    }

    /// Offline viewer: Debian's libjs-leaflet copied next to the tiles, one overlay per layer, and
    /// the legends it shows (`legend.png`; `legend-transfer.png` when a layer is diverging).
    /// `bounds` (south, west, north, east), when given, is where the viewer opens (national maps).
    public static func writeViewer(folder: URL, layers: [ViewerLayer], maxZoom: Int, scale: Scale, title: String,
                                   bounds: (Double, Double, Double, Double)? = nil) throws {
        try checkViewerAssets()
        let fm = FileManager.default
        let target = folder.appendingPathComponent("leaflet")
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        for file in ["leaflet.js", "leaflet.css"] {
            try fm.copyItem(at: leafletFolder.appendingPathComponent(file), to: target.appendingPathComponent(file))
        }
        if fm.fileExists(atPath: leafletFolder.appendingPathComponent("images").path) {
            try fm.copyItem(at: leafletFolder.appendingPathComponent("images"), to: target.appendingPathComponent("images"))
        }
        try writeLegend(to: folder.appendingPathComponent("legend.png").path)
        if layers.contains(where: \.diverging) { try writeLegend(to: folder.appendingPathComponent("legend-transfer.png").path, signed: true) }
        let overlays = layers.map {
            "\(javaScriptString($0.label)): L.tileLayer(\(javaScriptString("\($0.folder)/{z}/{x}/{y}.png")), {maxNativeZoom: \(maxZoom), maxZoom: \(maxZoom + 3), opacity: 0.9})"
        }
        let shown = layers.first(where: \.shownFirst) ?? layers[0]
        let html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(htmlEscaped(title))</title>
        <link rel="stylesheet" href="leaflet/leaflet.css"><script src="leaflet/leaflet.js"></script>
        <style>html,body,#map{height:100%;margin:0;background:#1b1b2f}
        #legend{position:absolute;bottom:16px;left:16px;z-index:1000;background:#fff;padding:6px 8px;font:12px sans-serif;border-radius:4px}
        #legend img{display:block;width:256px;height:12px}</style></head>
        <body><div id="map"></div>
        <div id="legend">\(htmlEscaped(title))<img src="legend.png" alt="colour scale">
        <span>10<sup>\(Int(scale.log10Min))</sup></span><span style="float:right">10<sup>\(Int(scale.log10Max))</sup> t CO₂e km⁻² yr⁻¹</span>
        \(layers.contains(where: \.diverging) ? "<br>transfer (t CO₂ km⁻² yr⁻¹, same magnitudes): net exported ← → net imported<img src=\"legend-transfer.png\" alt=\"diverging scale\">" : "")</div>
        <script>
        var overlays = {\(overlays.joined(separator: ",\n  "))};
        var map = L.map('map', {worldCopyJump: true}).setView([25, 10], 2);
        \(bounds.map { "map.fitBounds([[\($0.0), \($0.1)], [\($0.2), \($0.3)]]);" } ?? "")
        overlays[\(javaScriptString(shown.label))].addTo(map);
        L.control.layers(overlays, {}, {collapsed: false}).addTo(map);
        </script></body></html>

        """
        try AtomicFile.write(to: folder.appendingPathComponent("index.html").path, overwrite: true) {
            try html.write(toFile: $0, atomically: false, encoding: .utf8)
        }
    }

    /// Text for HTML element content and attribute values.
    public static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A JavaScript string literal that is also safe inside an HTML script element.
    public static func javaScriptString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "<", ">", "&", "'", "\u{2028}", "\u{2029}": out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
