/// Country polygons keyed by ISO 3166-1 alpha-3, in the source's CRS: the first stage of the
/// pipeline (boundaries → coverage → inventories → proxies → gridding). Readers live in the
/// bridge (DCW-GMT through netCDF, any vector through OGR).
public protocol BoundarySource: AnyObject {
    /// What the user named (shown in messages).
    var name: String { get }
    var crs: CRS { get }
    /// Codes available, sorted.
    var codes: [String] { get }
    /// Notes worth a user's attention (repairs, fallbacks), one line each.
    var notes: [String] { get }
    func region(_ code: String) throws -> Region
}

extension BoundarySource {
    /// Validates requested codes: every one must exist in the source.
    public func checkCodes(_ requested: [String]) throws {
        let available = Set(codes)
        for code in requested where !available.contains(code) {
            throw InputError.unknownCountry(code: code, file: name, line: nil)
        }
    }
}
