import CLAPACK
import HolomapCore

/// Dense LU solves through LAPACK (`LAPACKE_dgesv`, Debian's OpenBLAS).
public struct LAPACKSolver: LinearSolver {
    public init() {}

    public func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        precondition(a.rows == a.columns && b.rows == a.rows)
        var lu = a.values
        var x = b.values
        var pivots = [Int32](repeating: 0, count: a.rows)
        // LAPACKE_dgesv returns 0 on success, -i for a bad argument i, +i when U(i,i) is exactly
        // zero (the matrix is singular).
        let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(a.rows), Int32(b.columns), &lu, Int32(a.columns), &pivots, &x, Int32(b.columns))
        if info > 0 {
            throw HolomapError.invalidArgument("the Leontief matrix (I − A) is singular: U(\(info),\(info)) is zero in its LU factorisation")
        }
        guard info == 0 else { throw LibraryError(library: "LAPACK", function: "LAPACKE_dgesv", code: info, message: "bad argument \(-info)") }
        return Matrix(rows: b.rows, columns: b.columns, values: x)
    }
}
