import Foundation
import HolomapCore

/// Opens `dcw` or an OGR vector file.
public enum BoundaryLoader {
    public static let dcwPath = "/usr/share/gmt-dcw/dcw-gmt.nc"

    public static func open(_ spec: String, idField: String?) throws -> BoundarySource {
        if spec == "dcw" { return try DCWBoundaries(path: dcwPath, codes: CountryCodes.load()) }
        if spec.hasSuffix(".nc") { return try DCWBoundaries(path: spec, codes: CountryCodes.load()) }
        return try OGRBoundaries(path: spec, idField: idField ?? "ISO_A3")
    }
}
