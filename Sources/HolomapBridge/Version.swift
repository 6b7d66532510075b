public enum HolomapVersion {
    public static let string = "0.1.0"

    /// holomap's version and the C libraries it runs with.
    public static var full: String {
        """
        holomap \(string)
        GDAL \(GDALEnvironment.gdalVersion)
        PROJ \(GDALEnvironment.projVersion)
        netCDF \(GDALEnvironment.netCDFVersion)
        HDF5 \(HDF5File.version)
        libdeflate \(DeflateCompressor.version)
        libpng \(GDALEnvironment.pngVersion)
        zstd \(ZstdCompressor.version)
        OpenBLAS kernel \(BLASKernel.coreName)
        """
    }
}
