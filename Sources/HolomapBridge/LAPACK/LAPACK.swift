import CLAPACK
import HolomapAccounts
import HolomapCore

/// Dense LU solves through LAPACK (`dgetrf` and `dgetrs` via LAPACKE, Debian's OpenBLAS).
public struct LAPACKSolver: LinearSolver {
    public init() {}

    public func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        var lu = a, x = b
        try solveInPlace(&lu, &x)
        return x
    }

    public func solveInPlace(_ a: inout Matrix, _ b: inout Matrix) throws {
        precondition(a.rows == a.columns && b.rows == a.rows)
        let n = a.rows, m = b.columns
        guard n > 0 else { return }
        var pivots = [Int32](repeating: 0, count: n)
        // The row-major buffer of A is Aᵀ to column-major LAPACK: factor it in place (no
        // transposed copy, as LAPACKE's row-major path would make), then solve with the
        // transpose: (Aᵀ)ᵀ X = B. B goes column-major through a small copy (n × regions).
        // LAPACKE_dgetrf returns 0 on success, -i for a bad argument i, +i when U(i,i) is exactly
        // zero (the matrix is singular).
        let factored = a.values.withUnsafeMutableBufferPointer { LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), $0.baseAddress, Int32(n), &pivots) }
        if factored > 0 {
            throw InputError.invalidArgument("the Leontief matrix (I − A) is singular: U(\(factored),\(factored)) is zero in its LU factorisation")
        }
        guard factored == 0 else { throw LibraryError(library: "LAPACK", function: "LAPACKE_dgetrf", code: factored, message: "bad argument \(-factored)") }
        guard m > 0 else { return }
        var columns = [Double](repeating: 0, count: n * m)
        for r in 0..<n { for c in 0..<m { columns[c * n + r] = b.values[r * m + c] } }
        // LAPACKE_dgetrs returns 0 on success, -i for a bad argument i.
        let solved = a.values.withUnsafeBufferPointer { lu in
            LAPACKE_dgetrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "T")), Int32(n), Int32(m), lu.baseAddress, Int32(n), pivots, &columns, Int32(n))
        }
        guard solved == 0 else { throw LibraryError(library: "LAPACK", function: "LAPACKE_dgetrs", code: solved, message: "bad argument \(-solved)") }
        for r in 0..<n { for c in 0..<m { b.values[r * m + c] = columns[c * n + r] } }
    }
}
