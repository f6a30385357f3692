#!/usr/bin/env python3
"""Reference solutions of two stiff test problems for Tests/ODETests/StiffReferenceTests.swift.

Computed independently of FlowFit with SciPy's Radau IIA (order 5, implicit)
at rtol = 1e-12, atol = 1e-14 (atol 1e-20 for Robertson's tiny y2), with the
exact Jacobian. Run:  python3 stiff_reference.py > stiff_reference.csv

Problems (Hairer & Wanner, Solving ODE II, IV.1 and IV.10):
- Robertson's chemical kinetics, y(0) = (1, 0, 0):
    y1' = -0.04 y1 + 1e4 y2 y3
    y2' =  0.04 y1 - 1e4 y2 y3 - 3e7 y2^2
    y3' =  3e7 y2^2
- Van der Pol with mu = 1000, y(0) = (2, 0):
    y1' = y2
    y2' = mu (1 - y1^2) y2 - y1
  Output times lie on the slow branches, away from the fast jumps (the first
  is near t = 807), where a tiny phase error would change y1 by O(1).

Output: CSV  problem,time,component,value  (values with 17 significant digits).
"""
import sys
import numpy as np
import scipy
from scipy.integrate import solve_ivp


def robertson(t, y):
    y1, y2, y3 = y
    return [-0.04 * y1 + 1e4 * y2 * y3, 0.04 * y1 - 1e4 * y2 * y3 - 3e7 * y2 * y2, 3e7 * y2 * y2]


def robertson_jac(t, y):
    y1, y2, y3 = y
    return [[-0.04, 1e4 * y3, 1e4 * y2],
            [0.04, -1e4 * y3 - 6e7 * y2, -1e4 * y2],
            [0.0, 6e7 * y2, 0.0]]


MU = 1000.0


def vdp(t, y):
    return [y[1], MU * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y):
    return [[0.0, 1.0], [-2 * MU * y[0] * y[1] - 1, MU * (1 - y[0] ** 2)]]


def main():
    out = sys.stdout
    out.write(f"# scipy {scipy.__version__}, numpy {np.__version__}: solve_ivp(method='Radau', rtol=1e-12, atol=1e-14)\n")
    out.write("problem,time,component,value\n")
    times = [0.4, 4.0, 40.0, 400.0, 4000.0, 40000.0, 400000.0]
    sol = solve_ivp(robertson, (0, times[-1]), [1.0, 0.0, 0.0], method="Radau", t_eval=times,
                    rtol=1e-12, atol=[1e-14, 1e-20, 1e-14], jac=robertson_jac)
    assert sol.success, sol.message
    for k, t in enumerate(times):
        for i in range(3):
            out.write(f"robertson,{t!r},{i},{sol.y[i, k]:.17g}\n")
    times = [100.0, 300.0, 500.0, 700.0, 1000.0, 1200.0, 1500.0, 2000.0, 2400.0, 3000.0]
    sol = solve_ivp(vdp, (0, times[-1]), [2.0, 0.0], method="Radau", t_eval=times,
                    rtol=1e-12, atol=1e-14, jac=vdp_jac, dense_output=True)
    assert sol.success, sol.message
    for k, t in enumerate(times):
        for i in range(2):
            out.write(f"vanderpol,{t!r},{i},{sol.y[i, k]:.17g}\n")
    # Where the jumps are (|y2| large), to keep the output times clear of them.
    grid = np.linspace(0, times[-1], 300001)
    fast = grid[np.abs(sol.sol(grid)[1]) > 1.0]
    jumps = []
    for t in fast:
        if not jumps or t - jumps[-1][1] > 1:
            jumps.append([t, t])
        else:
            jumps[-1][1] = t
    out.write("# vanderpol fast phases (|y2| > 1): " + ", ".join(f"[{a:.1f}, {b:.1f}]" for a, b in jumps) + "\n")


if __name__ == "__main__":
    main()
