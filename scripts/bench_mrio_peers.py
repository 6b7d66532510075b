"""The peers of the MRIO benchmark on one pymrio text folder, each in its own process:
  pymrio  DIR   pymrio.load_all + calc_all (the emissions regional accounts)
  numpy   DIR   pandas reads Z and Y, then numpy.linalg.solve((I - A), Y_reg); prints the solve time
"""
import sys
import time
import numpy as np
import pandas as pd

mode, folder = sys.argv[1], sys.argv[2]
if mode == "pymrio":
    import pymrio
    start = time.perf_counter()
    io = pymrio.load_all(folder)
    loaded = time.perf_counter()
    io.calc_all()
    done = time.perf_counter()
    print(f"pymrio: load_all {loaded - start:.2f} s, calc_all {done - loaded:.2f} s; D_cba[co2, R00] = {io.emissions.D_cba_reg.iloc[0, 0]:.9e}")
else:
    Z = pd.read_csv(f"{folder}/Z.txt", sep="\t", index_col=[0, 1], header=[0, 1]).to_numpy()
    Y = pd.read_csv(f"{folder}/Y.txt", sep="\t", index_col=[0, 1], header=[0, 1])
    y_reg = Y.T.groupby(level=0, sort=False).sum().T.to_numpy()
    Yv = Y.to_numpy()
    x = Z.sum(axis=1) + Yv.sum(axis=1)
    M = np.eye(len(x)) - Z / x
    del Z
    start = time.perf_counter()
    X = np.linalg.solve(M, y_reg)
    print(f"numpy: solve {time.perf_counter() - start:.2f} s (n = {len(x)}, {y_reg.shape[1]} right-hand sides)")
