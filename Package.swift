// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "holomap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "holomap", targets: ["holomap"]),
        .library(name: "HolomapCore", targets: ["HolomapCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // One system-library module per C library; pkg-config names and apt providers.
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CNetCDF", pkgConfig: "netcdf", providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLAPACK", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        // libpng reports errors by longjmp; Swift cannot call setjmp, so this shim does.
        .target(name: "CPNGShim", dependencies: ["CLibPNG"]),

        // Pure Swift: grids, polygons, coverage. Imports no C module.
        .target(name: "HolomapCore"),
        // The only module that calls C.
        .target(name: "HolomapBridge",
                dependencies: ["HolomapCore", "CGDAL", "CPROJ", "CNetCDF", "CPNGShim", "CZstd", "CLAPACK"]),
        .target(name: "HolomapExport", dependencies: ["HolomapCore", "HolomapBridge", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "holomap", dependencies: [
            "HolomapCore", "HolomapBridge", "HolomapExport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Locations of the repository, shared data, peers and the built executable, for tests.
        .target(name: "HolomapTestSupport", path: "Tests/HolomapTestSupport"),
        .testTarget(name: "HolomapCoreTests", dependencies: ["HolomapCore", "HolomapTestSupport"]),
        .testTarget(name: "HolomapBridgeTests", dependencies: ["HolomapCore", "HolomapBridge", "HolomapTestSupport"]),
        .testTarget(name: "HolomapExportTests", dependencies: ["HolomapCore", "HolomapBridge", "HolomapExport", "HolomapTestSupport"]),
        .testTarget(name: "holomapTests", dependencies: ["HolomapCore", "HolomapTestSupport"]),
    ]
)
