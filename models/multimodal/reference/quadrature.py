"""Shared helper for the multimodal test models' references: the integral of exp(f)
over the plane, where f is a vectorised log density that is negligible away from a
few sharp peaks. Each peak is located by Nelder-Mead, its scale taken from a
finite-difference Hessian, and exp(f) integrated by the trapezoid rule on a window of
+-W standard deviations (rotated to the Hessian's axes is not needed: axis-aligned
windows of +-W marginal sds contain the peak). Accuracy is checked by halving the
spacing and doubling the window; a coarse global grid checks that nothing outside
the windows carries mass. No code is shared with FlowFit."""
import json
import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp


def peak(f, x0):
    g = lambda p: -float(f(np.array([p[0]]), np.array([p[1]]))[0])
    r = minimize(g, x0, method="Nelder-Mead", options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000))
    c = r.x
    h = 1e-4
    H = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            e_i, e_j = np.eye(2)[i] * h, np.eye(2)[j] * h
            H[i, j] = (g(c + e_i + e_j) - g(c + e_i - e_j) - g(c - e_i + e_j) + g(c - e_i - e_j)) / (4 * h * h)
    cov = np.linalg.inv(H)
    return c, np.sqrt(np.diag(cov)), -r.fun


def window_log_integral(f, c, sd, width, n):
    xs = np.linspace(c[0] - width * sd[0], c[0] + width * sd[0], n)
    ys = np.linspace(c[1] - width * sd[1], c[1] + width * sd[1], n)
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    rows = []
    for x in xs:
        rows.append(f(np.full(n, x), ys))
    F = np.array(rows)
    wx = np.full(n, dx); wx[0] = wx[-1] = dx / 2
    wy = np.full(n, dy); wy[0] = wy[-1] = dy / 2
    return float(logsumexp(F + np.log(wx)[:, None] + np.log(wy)[None, :]))


def integrate(f, starts, bounds, regions, width=14.0, n=801):
    """Returns (log Z, per-region log Z, checks). `starts`: one guess per peak;
    `regions[i](x, y)`: a boolean mask of the region that is mode i (the regions
    partition the plane, so overlapping windows never count mass twice);
    `bounds`: ((x_lo, x_hi), (y_lo, y_hi)) of the whole support for the global check.
    The density on the regions' common boundary must be negligible (checked:
    `max_f_on_boundary`), else the trapezoid rule's masked edge would lose accuracy."""
    peaks = [peak(f, np.array(s, float)) for s in starts]
    masked = [lambda x, y, r=r: np.where(r(x, y), f(x, y), -np.inf) for r in regions]
    logs = [window_log_integral(g, c, sd, width, n) for g, (c, sd, _) in zip(masked, peaks)]
    finer = [window_log_integral(g, c, sd, width, 2 * n - 1) for g, (c, sd, _) in zip(masked, peaks)]
    wider = [window_log_integral(g, c, sd, 2 * width, 2 * n - 1) for g, (c, sd, _) in zip(masked, peaks)]
    # Global coarse check: the highest f outside every window.
    gx = np.linspace(*bounds[0], 1201); gy = np.linspace(*bounds[1], 1201)
    X, Y = np.meshgrid(gx, gy, indexing="ij")
    F = f(X.ravel(), Y.ravel()).reshape(X.shape)
    outside = np.ones_like(F, bool)
    for c, sd, _ in peaks:
        outside &= ~((np.abs(X - c[0]) <= width * sd[0]) & (np.abs(Y - c[1]) <= width * sd[1]))
    boundary = np.zeros_like(F, bool)
    for r in regions:
        m = r(X, Y)
        boundary |= m & ~np.roll(m, 1, 0) | m & ~np.roll(m, 1, 1)
    boundary[0, :] = boundary[:, 0] = False
    checks = dict(
        max_f_on_boundary=float(F[boundary].max()) if boundary.any() else None,
        peaks=[dict(center=c.tolist(), sd=s.tolist(), log_peak=lp) for c, s, lp in peaks],
        finer_minus_base=[b - a for a, b in zip(logs, finer)],
        wider_minus_base=[b - a for a, b in zip(logs, wider)],
        max_f_outside_windows=float(F[outside].max()),
        max_peak=float(max(lp for _, _, lp in peaks)),
    )
    return float(logsumexp(logs)), logs, checks


def write_data(path, observable, times, values):
    """The measurements as a PEtab measurement table (shortest round-trip numbers)."""
    with open(path, "w") as fh:
        fh.write("observableId,time,measurement\n")
        for t, v in zip(times, values):
            fh.write(f"{observable},{float(t)!r},{float(v)!r}\n")


def report(model, logz, parts, checks, labels, note, path):
    """Writes and prints the reference: log Z, and each mode's log Z, weight and centre."""
    w = np.exp(np.array(parts) - logz)
    out = dict(model=model, log_evidence=logz, modes=[
        dict(label=l, log_evidence=p, weight=float(x), center=c["center"])
        for l, p, x, c in zip(labels, parts, w, checks["peaks"])], checks=checks, note=note)
    print(json.dumps(out, indent=1))
    json.dump(out, open(path, "w"), indent=1)
