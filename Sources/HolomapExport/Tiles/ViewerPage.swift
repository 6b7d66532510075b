import Foundation

/// The viewer's index.html: the map, a panel listing the layers by group (one choice per
/// layer, the year on a slider), the country borders as an overlay, the legend of the chosen
/// layer, and the credits of every data source in the map's attribution. Labels reach the page
/// as JavaScript strings and the DOM as text, never as markup.
extension TileExporter {
    static func html(_ page: ViewerPage) -> String {
        let js = javaScriptString
        let layers = page.layers.map { layer in
            "{code: \(js(layer.code)), label: \(js(layer.label)), group: \(js(layer.group)), diverging: \(layer.diverging), "
                + "folders: [\(layer.folders.map(js).joined(separator: ", "))]}"
        }
        let opened = page.layers.firstIndex { $0.code == page.opensOn.code } ?? 0
        let sequentialUnit = "t CO₂e km⁻² yr⁻¹"
        var legends = legendHTML(id: "legend-sequential", caption: "Emissions per area (production; consumption in t CO₂)", image: "legend.png",
                                 ticks: sequentialTicks(page.scale), unit: sequentialUnit, hidden: page.layers[opened].diverging)
        if page.layers.contains(where: \.diverging) {
            legends += legendHTML(id: "legend-diverging", caption: "Signed layers per area (consumption − production, net trade): more produced or exported ← → more consumed or imported", image: "legend-signed.png",
                                  ticks: divergingTicks(page.scale), unit: "t CO₂ km⁻² yr⁻¹", hidden: !page.layers[opened].diverging)
        }
        let credits = (page.credits + [.leaflet]).map { js(htmlEscaped($0.text)) }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(htmlEscaped(page.title))</title>
        <link rel="stylesheet" href="leaflet/leaflet.css"><script src="leaflet/leaflet.js"></script>
        \(page.borders != nil ? #"<script src="borders.js"></script>"# : "")
        <style>html,body,#map{height:100%;margin:0;background:#1b1b2f}
        .box{position:absolute;z-index:1000;background:#fff;padding:6px 8px;font:12px sans-serif;border-radius:4px}
        #legend{top:84px;left:12px;width:400px}
        #legend .caption{margin:4px 0 2px}
        #legend .row{display:flex;align-items:flex-start}
        #legend .bar{position:relative;width:280px;height:30px}
        #legend img{display:block;width:280px;height:12px}
        #legend .ticks span{position:absolute;top:14px;transform:translateX(-50%);white-space:nowrap}
        #legend .unit{margin-left:8px;white-space:nowrap}
        #legend .note{margin-top:2px;color:#444}
        #panel{top:12px;right:12px;max-height:70%;overflow:auto;max-width:330px}
        #panel fieldset{border:0;margin:0;padding:2px 0}
        #panel legend{font-weight:bold;padding:4px 0 2px}
        #panel label{display:block}
        #time{display:flex;align-items:center;gap:6px;margin-top:6px}</style></head>
        <body><div id="map"></div>
        <div id="panel" class="box"><div id="title">\(htmlEscaped(page.title))</div><div id="groups"></div>
        <div id="time"\(page.years.isEmpty ? " hidden" : "")><label for="year">Year</label><input type="range" id="year" min="0" \
        max="\(max(0, page.years.count - 1))" step="1" value="\(page.years.isEmpty ? 0 : page.opensOn.year)"><output id="year-label"></output></div>
        <label\(page.borders == nil ? " hidden" : "")><input type="checkbox" id="borders" checked> Country borders</label></div>
        <div id="legend" class="box">\(legends)<div class="note">\(htmlEscaped(page.scaleNote))</div></div>
        <script>
        var years = [\(page.years.map(String.init).joined(separator: ", "))];
        var layers = [\n  \(layers.joined(separator: ",\n  "))];
        var map = L.map('map', {worldCopyJump: true}).setView([25, 10], 2);
        \(page.bounds.map { "map.fitBounds([[\($0.0), \($0.1)], [\($0.2), \($0.3)]]);" } ?? "")
        map.attributionControl.setPrefix(false);
        [\(credits.joined(separator: ", "))].forEach(function (c) { map.attributionControl.addAttribution(c); });
        var chosen = \(opened), year = \(page.years.isEmpty ? 0 : page.opensOn.year), cache = {}, shown = null;
        function tiles(folder) {
          if (!cache[folder]) cache[folder] = L.tileLayer(folder + '/{z}/{x}/{y}.png', {maxNativeZoom: \(page.maxZoom), maxZoom: \(page.maxZoom + 3), opacity: 0.9});
          return cache[folder];
        }
        function show() {
          if (shown) map.removeLayer(shown);
          shown = tiles(layers[chosen].folders[year]).addTo(map);
          shown.bringToBack();
          document.getElementById('year-label').textContent = years.length ? String(years[year]) : '';
          var diverging = document.getElementById('legend-diverging');
          document.getElementById('legend-sequential').hidden = layers[chosen].diverging;
          if (diverging) diverging.hidden = !layers[chosen].diverging;
        }
        var groups = {}, panel = document.getElementById('groups');
        layers.forEach(function (layer, i) {
          if (!groups[layer.group]) {
            var set = document.createElement('fieldset'), title = document.createElement('legend');
            title.textContent = layer.group; set.appendChild(title); panel.appendChild(set); groups[layer.group] = set;
          }
          var label = document.createElement('label'), input = document.createElement('input');
          input.type = 'radio'; input.name = 'layer'; input.value = layer.code; input.checked = i === chosen;
          input.addEventListener('change', function () { chosen = i; show(); });
          label.appendChild(input); label.appendChild(document.createTextNode(' ' + layer.label));
          groups[layer.group].appendChild(label);
        });
        document.getElementById('year').addEventListener('input', function (e) { year = Number(e.target.value); show(); });
        if (typeof holomapBorders !== 'undefined') {
          var borders = L.geoJSON(holomapBorders, {interactive: false, style: {color: '#ffffff', weight: 0.7, opacity: 0.8, fill: false}}).addTo(map);
          document.getElementById('borders').addEventListener('change', function (e) {
            if (e.target.checked) borders.addTo(map); else map.removeLayer(borders);
          });
        }
        show();
        </script></body></html>

        """
    }
}
