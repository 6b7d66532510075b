import CPROJ
import Foundation
import HolomapCore

/// One PROJ context. PROJ contexts are not thread-safe, so each owner that may run on its own
/// thread has its own.
final class PROJContext {
    let handle: OpaquePointer
    init() {
        // proj_context_create returns NULL only when out of memory.
        guard let ctx = proj_context_create() else { fatalError("proj_context_create: out of memory") }
        handle = ctx
        proj_log_level(ctx, PJ_LOG_NONE)  // messages come back through proj_context_errno_string
    }
    deinit { proj_context_destroy(handle) }

    func error(_ function: String) -> LibraryError {
        let code = proj_context_errno(handle)
        let message = proj_context_errno_string(handle, code).map { String(cString: $0) } ?? ""
        return LibraryError(library: "PROJ", function: function, code: code, message: message)
    }
}

/// A PROJ object (CRS or operation). Keeps its context alive.
final class PROJObject {
    let context: PROJContext
    let handle: OpaquePointer
    init(context: PROJContext, handle: OpaquePointer) { self.context = context; self.handle = handle }
    deinit { proj_destroy(handle) }

    static func create(_ definition: String, context: PROJContext) -> PROJObject? {
        // proj_create returns NULL when the definition is not understood.
        guard let pj = proj_create(context.handle, definition) else { return nil }
        return PROJObject(context: context, handle: pj)
    }

    var type: PJ_TYPE { proj_get_type(handle) }
    var isCRS: Bool { proj_is_crs(handle) != 0 }
    var name: String { proj_get_name(handle).map { String(cString: $0) } ?? "" }
    func wkt(_ type: PJ_WKT_TYPE = PJ_WKT2_2019) -> String? {
        proj_as_wkt(context.handle, handle, type, nil).map { String(cString: $0) }
    }
    func projJSON() -> String? {
        proj_as_projjson(context.handle, handle, nil).map { String(cString: $0) }
    }
}

/// Resolves a user's CRS definition through PROJ.
public enum CRSResolver {
    public static func resolve(_ definition: String) throws -> CRS {
        let trimmed = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        let context = PROJContext()
        guard !trimmed.isEmpty, let object = PROJObject.create(trimmed, context: context) else {
            let reason = context.error("proj_create").message
            throw InputError.unknownCRS(definition: String(definition.prefix(80)), reason: reason.isEmpty ? "unknown" : reason)
        }
        guard object.isCRS else {
            throw InputError.unknownCRS(definition: String(definition.prefix(80)), reason: "not a coordinate reference system")
        }
        let geographic = [PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS].contains(object.type)
        guard let wkt = object.wkt() else { throw context.error("proj_as_wkt") }
        return CRS(definition: trimmed, wkt: wkt, isGeographic: geographic, name: object.name)
    }

    /// PROJJSON of a resolved CRS (used to derive CF grid-mapping parameters).
    public static func projJSON(_ crs: CRS) throws -> String {
        let context = PROJContext()
        guard let object = PROJObject.create(crs.wkt.isEmpty ? crs.definition : crs.wkt, context: context) else {
            throw context.error("proj_create")
        }
        guard let json = object.projJSON() else { throw context.error("proj_as_projjson") }
        return json
    }
}

/// Transforms coordinates between two CRSs in GIS axis order (x = easting or longitude).
public final class CoordinateTransformer {
    private let context = PROJContext()
    private let operation: PROJObject
    public let isIdentity: Bool

    public init(from source: CRS, to target: CRS) throws {
        let src = source.wkt.isEmpty ? source.definition : source.wkt
        let dst = target.wkt.isEmpty ? target.definition : target.wkt
        guard let s = PROJObject.create(src, context: context) else { throw context.error("proj_create(source)") }
        guard let t = PROJObject.create(dst, context: context) else { throw context.error("proj_create(target)") }
        // Equivalent CRSs (OGR's WGS 84 WKT and EPSG:4326, say) need no transformation; skipping it
        // also keeps longitudes beyond ±180° as they are, for the coverage engine to wrap.
        isIdentity = src == dst
            || proj_is_equivalent_to(s.handle, t.handle, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0
        // proj_create_crs_to_crs_from_pj returns NULL when no operation links the two CRSs.
        guard let op = proj_create_crs_to_crs_from_pj(context.handle, s.handle, t.handle, nil, nil) else {
            throw context.error("proj_create_crs_to_crs_from_pj")
        }
        let raw = PROJObject(context: context, handle: op)
        // Authority axis order (lat/lon for EPSG:4326) is not what GIS data uses.
        guard let normalized = proj_normalize_for_visualization(context.handle, raw.handle) else {
            throw context.error("proj_normalize_for_visualization")
        }
        operation = PROJObject(context: context, handle: normalized)
    }

    /// Transforms in place. Points that cannot be transformed become infinity (PROJ's convention),
    /// which callers must reject.
    public func transform(x: inout [Double], y: inout [Double], inverse: Bool = false) throws {
        precondition(x.count == y.count)
        guard !x.isEmpty, !isIdentity else { return }
        let n = x.count
        let stride = MemoryLayout<Double>.stride
        // proj_trans_generic returns the number of points transformed.
        let done = x.withUnsafeMutableBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                proj_trans_generic(operation.handle, inverse ? PJ_INV : PJ_FWD,
                                   xs.baseAddress, stride, n, ys.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        guard done == n else { throw context.error("proj_trans_generic") }
    }
}

/// Geodesic computations on the WGS 84 ellipsoid, through PROJ's geodesic API (Karney).
public struct Geodesic {
    private var geod = geod_geodesic()
    public init() {
        geod_init(&geod, WGS84.semiMajorAxis, WGS84.flattening)
    }

    /// Area (m², positive) of a polygon whose vertices are joined by geodesics.
    public func polygonArea(longitudes: [Double], latitudes: [Double]) -> Double {
        var lats = latitudes, lons = longitudes
        var area = 0.0, perimeter = 0.0
        var g = geod
        geod_polygonarea(&g, &lats, &lons, Int32(lats.count), &area, &perimeter)
        return abs(area)
    }

    /// S12 of the geodesic from point 1 to point 2: the area (m²) between it and the equator.
    /// Summed around a closed loop that circles no pole, these give the loop's signed area.
    public func edgeArea(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        var g = geod
        var s12 = 0.0
        // geod_geninverse computes only the outputs whose pointers are not NULL.
        _ = geod_geninverse(&g, lat1, lon1, lat2, lon2, nil, nil, nil, nil, nil, nil, &s12)
        return s12
    }

    /// Signed area (m², counter-clockwise positive) of a polygon, for combining rings.
    public func signedPolygonArea(longitudes: [Double], latitudes: [Double]) -> Double {
        var lats = latitudes, lons = longitudes
        var area = 0.0, perimeter = 0.0
        var g = geod
        geod_polygonarea(&g, &lats, &lons, Int32(lats.count), &area, &perimeter)
        return area
    }
}
