import CLAPACK
import HolomapCore

/// Dense LU solves through LAPACK (`LAPACKE_dgesv`, Debian's OpenBLAS).
public struct LAPACKSolver: LinearSolver {
    public init() {}

    public func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        var lu = a, x = b
        try solveInPlace(&lu, &x)
        return x
    }

    public func solveInPlace(_ a: inout Matrix, _ b: inout Matrix) throws {
        precondition(a.rows == a.columns && b.rows == a.rows)
        var pivots = [Int32](repeating: 0, count: a.rows)
        let n = Int32(a.rows), columns = Int32(b.columns)
        // LAPACKE_dgesv returns 0 on success, -i for a bad argument i, +i when U(i,i) is exactly
        // zero (the matrix is singular).
        let info = a.values.withUnsafeMutableBufferPointer { lu in
            b.values.withUnsafeMutableBufferPointer { x in
                LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, columns, lu.baseAddress, n, &pivots, x.baseAddress, max(columns, 1))
            }
        }
        if info > 0 {
            throw HolomapError.invalidArgument("the Leontief matrix (I − A) is singular: U(\(info),\(info)) is zero in its LU factorisation")
        }
        guard info == 0 else { throw LibraryError(library: "LAPACK", function: "LAPACKE_dgesv", code: info, message: "bad argument \(-info)") }
    }
}
