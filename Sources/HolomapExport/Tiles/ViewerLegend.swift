import Foundation

/// The legends of the viewer: the colour bar with a number at every decade of the scale and
/// the unit at its end, placed where `paletteIndex` / `signedPaletteIndex` put those densities.
extension TileExporter {
    /// A tick: its place along the bar (0 left … 1 right) and its label (HTML).
    struct Tick: Equatable {
        var at: Double
        var label: String
    }

    /// Whole decades of the sequential scale: column x of the 255-column bar shows palette
    /// index x + 1, that is t = x / 254 of the way up the log scale.
    static func sequentialTicks(_ scale: Scale) -> [Tick] {
        decades(scale).map { k in
            let t = (Double(k) - scale.log10Min) / (scale.log10Max - scale.log10Min)
            return Tick(at: (254 * t + 0.5) / 255, label: decadeLabel(k))
        }
    }

    /// The diverging scale: net exported (negative) from its strongest at the left to zero in
    /// the middle, net imported (positive) to the right; every other decade on each side.
    static func divergingTicks(_ scale: Scale) -> [Tick] {
        let span = scale.log10Max - scale.log10Min
        let shown = decades(scale).reversed().enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        var ticks = shown.map { k in Tick(at: (126.5 - 126 * (Double(k) - scale.log10Min) / span) / 255, label: "−" + decadeLabel(k)) }
        ticks.append(Tick(at: 0.5, label: "0"))
        ticks += shown.reversed().map { k in Tick(at: (127.5 + 127 * (Double(k) - scale.log10Min) / span) / 255, label: decadeLabel(k)) }
        return ticks.sorted { $0.at < $1.at }
    }

    static func decades(_ scale: Scale) -> [Int] {
        let low = Int(scale.log10Min.rounded(.up)), high = Int(scale.log10Max.rounded(.down))
        return low <= high ? Array(low...high) : []
    }

    /// 10^k written out for 0.01 … 1000, as a power of ten otherwise.
    static func decadeLabel(_ k: Int) -> String {
        switch k {
        case -2: return "0.01"
        case -1: return "0.1"
        case 0...3: return "1" + String(repeating: "0", count: k)
        default: return "10<sup>\(k)</sup>"
        }
    }

    /// One legend block: caption, the bar with its ticks, and the unit at the bar's end.
    static func legendHTML(id: String, caption: String, image: String, ticks: [Tick], unit: String, hidden: Bool) -> String {
        let spans = ticks.map { #"<span style="left:\#(String(format: "%.2f", 100 * $0.at))%">\#($0.label)</span>"# }.joined()
        return """
        <div class="scale" id="\(id)"\(hidden ? " hidden" : "")><div class="caption">\(htmlEscaped(caption))</div>\
        <div class="row"><div class="bar"><img src="\(image)" alt="colour scale"><div class="ticks">\(spans)</div></div>\
        <div class="unit">\(unit)</div></div></div>
        """
    }
}
