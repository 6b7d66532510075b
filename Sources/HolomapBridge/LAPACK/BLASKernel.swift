import CLAPACK
import Foundation

/// Which compute kernel Debian's OpenBLAS (a DYNAMIC_ARCH build) chose for this CPU. It chooses
/// once, when the library loads, from the CPU model; on CPUs it does not know (virtual ones among
/// them) it falls back to a generic kernel several times slower although the CPU has AVX2 or
/// AVX-512. OPENBLAS_CORETYPE overrides the choice but must be set before the library loads, so
/// holomap sets it and starts itself again (see `restartWithFasterKernelIfNeeded`).
public enum BLASKernel {
    /// The kernel in use, as OpenBLAS names it (for example `Prescott`, `Haswell`, `SkylakeX`).
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// Kernels OpenBLAS falls back to for a CPU it does not recognise.
    static let genericKernels: Set<String> = ["Prescott", "Core2", "Katmai", "Banias", "Atom", "Northwood"]

    /// The kernel the CPU's instruction sets allow, from the `flags` line of /proc/cpuinfo.
    public static func kernel(forCPUFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        if flags.contains("avx") { return "Sandybridge" }
        return nil
    }

    /// The CPU's flags (first processor of /proc/cpuinfo); empty where there is none.
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// When OpenBLAS chose a generic kernel on a CPU with AVX or better and the user did not set
    /// OPENBLAS_CORETYPE, sets it to the kernel the CPU allows and replaces this process with a
    /// new run of the same executable and arguments (execv; returns only if that fails or
    /// nothing needs doing). The new run finds the variable set and goes on. A kernel change
    /// alters results only by floating-point rounding (about 1e-15 relative).
    public static func restartWithFasterKernelIfNeeded(arguments: [String]) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, genericKernels.contains(coreName),
              let kernel = kernel(forCPUFlags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        // HOLOMAP_BLAS_RESTARTED guards against a loop should the variable not take effect.
        guard environment["HOLOMAP_BLAS_RESTARTED"] == nil else { return }
        setenv("HOLOMAP_BLAS_RESTARTED", "1", 1)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        // execv returns only on failure: go on with the kernel already loaded.
        for pointer in argv { free(pointer) }
    }
}
