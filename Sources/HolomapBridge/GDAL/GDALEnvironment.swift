import CGDAL
import CNetCDF
import CPROJ
import CPNGShim
import Foundation

/// GDAL's process-wide state lives here and nowhere else: drivers are registered once, errors are
/// kept off stderr (they travel in thrown errors instead), and side-car files are disabled so
/// outputs are exactly the files asked for.
public final class GDALEnvironment: @unchecked Sendable {
    public static let shared = GDALEnvironment()

    private init() {
        // Config options before registering drivers; CPLSetConfigOption copies its strings.
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO")
        CPLSetConfigOption("CPL_LOG", nil)
        CPLSetErrorHandler(CPLQuietErrorHandler)
        GDALAllRegister()
    }

    /// Makes sure the environment exists; call before any GDAL use.
    @discardableResult public static func ready() -> GDALEnvironment { shared }

    public static var gdalVersion: String {
        ready()
        return String(cString: GDALVersionInfo("RELEASE_NAME"))
    }
    public static var projVersion: String { String(cString: proj_info().version) }
    public static var netCDFVersion: String {
        // nc_inq_libvers gives e.g. "4.9.0 of Jan  1 2023 $"; keep the number.
        String(cString: nc_inq_libvers()).split(separator: " ").first.map(String.init) ?? ""
    }
    public static var pngVersion: String { String(cString: holomap_png_version()) }
}
