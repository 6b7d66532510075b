// swift-tools-version:6.0
import PackageDescription

// The pipeline, module by module: HolomapCore (grids, boundaries, coverage, inventories,
// proxies, gridding; pure Swift) → HolomapAccounts (MRIO, adjustments, consumption layers; pure
// Swift) → HolomapBridge (every C call) → HolomapExport (writers) → HolomapJobs (build,
// coverage, MRIO, adjustments, report, tiles) → holomap (the command line).
let package = Package(
    name: "holomap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "holomap", targets: ["holomap"]),
        .library(name: "HolomapCore", targets: ["HolomapCore"]),
        .library(name: "HolomapAccounts", targets: ["HolomapAccounts"]),
        .library(name: "HolomapJobs", targets: ["HolomapJobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // One system-library module per C library; pkg-config names and apt providers.
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CNetCDF", pkgConfig: "netcdf", providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // HDF5 stores the NetCDF's chunks that libdeflate compressed in parallel.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CLAPACK", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        // glibc's renameat2, which Swift's Glibc module does not declare (see its shim.h).
        .systemLibrary(name: "CLibC"),
        // libpng reports errors by longjmp; Swift cannot call setjmp, so this shim does.
        .target(name: "CPNGShim", dependencies: ["CLibPNG"]),

        // Pure Swift: grids, boundaries, coverage, inventories, proxies, gridding, layers.
        .target(name: "HolomapCore"),
        // Pure Swift: MRIO economics and readers, adjustments, consumption layers.
        .target(name: "HolomapAccounts", dependencies: ["HolomapCore"]),
        // The only module that calls C, grouped by library.
        .target(name: "HolomapBridge",
                dependencies: ["HolomapCore", "HolomapAccounts", "CGDAL", "CPROJ", "CNetCDF", "CPNGShim", "CZstd", "CHDF5", "CDeflate", "CLAPACK", "CLibC"]),
        // Writers: COG, CF NetCDF, tiles and viewer, PNG, report rendering, manifest.
        .target(name: "HolomapExport", dependencies: ["HolomapCore", "HolomapAccounts", "HolomapBridge"]),
        // Jobs: return values and throw; never print or exit.
        .target(name: "HolomapJobs", dependencies: [
            "HolomapCore", "HolomapAccounts", "HolomapBridge", "HolomapExport",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "holomap", dependencies: [
            "HolomapCore", "HolomapAccounts", "HolomapBridge", "HolomapExport", "HolomapJobs",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Locations of the repository, shared data, peers and the built executable, for tests.
        .target(name: "HolomapTestSupport", path: "Tests/HolomapTestSupport"),
        .testTarget(name: "HolomapCoreTests", dependencies: ["HolomapCore", "HolomapTestSupport"]),
        .testTarget(name: "HolomapAccountsTests", dependencies: ["HolomapCore", "HolomapAccounts", "HolomapBridge", "HolomapTestSupport"]),
        .testTarget(name: "HolomapBridgeTests", dependencies: ["HolomapCore", "HolomapBridge", "HolomapTestSupport"]),
        .testTarget(name: "HolomapExportTests", dependencies: ["HolomapCore", "HolomapBridge", "HolomapExport", "HolomapTestSupport"]),
        .testTarget(name: "HolomapJobsTests", dependencies: ["HolomapCore", "HolomapAccounts", "HolomapBridge", "HolomapExport", "HolomapJobs", "HolomapTestSupport"]),
        .testTarget(name: "holomapTests", dependencies: ["HolomapCore", "HolomapTestSupport"]),
    ]
)
