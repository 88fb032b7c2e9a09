#!/usr/bin/env python3
"""Reference figures for the signal benchmark: scikit-learn LogisticRegression and XGBoost at their defaults
on the same feature table and walk-forward as `npm run bench -- signal` (default config, h = 1).

Each iteration refits from scratch on its training + validation rows (the references have no use for a
validation tail at their defaults), with a z-score scaler fitted on those rows, and predicts its test block;
out-of-sample predictions are pooled. Needs python3 with scikit-learn (and xgboost for the second model) and
a build (`npm run build`). Run from the repository root:

    python3 bench/sklearn_reference.py [kind] [seed] [phi]      # default: ar1 42 0.3

Prints one JSON line per model, like the benchmark.
"""
import json
import math
import os
import subprocess
import sys
import tempfile


def main() -> int:
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
    except ImportError as e:  # pragma: no cover
        print(f"sklearn_reference: needs numpy and scikit-learn ({e}); skipped", file=sys.stderr)
        return 0
    try:
        from xgboost import XGBClassifier
    except ImportError:
        XGBClassifier = None
    args = sys.argv[1:]
    kind = args[0] if len(args) > 0 else "ar1"
    seed = args[1] if len(args) > 1 else "42"
    phi = args[2] if len(args) > 2 else ("0.3" if kind == "ar1" else "")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "table.json")
        cmd = ["node", os.path.join(root, "dist", "bench", "signal-table.js"), out, kind, seed] + ([phi] if phi else [])
        subprocess.run(cmd, check=True, env={**os.environ, "TZ": "UTC"})
        with open(out) as fh:
            t = json.load(fh)
    x = {int(k): v for k, v in t["x"].items()}
    y = {int(k): v for k, v in t["y"].items()}
    models = {"sklearn_logistic_default": lambda: LogisticRegression(max_iter=1000)}
    if XGBClassifier is not None:
        models["xgboost_default"] = lambda: XGBClassifier(n_jobs=1, random_state=0)
    for name, make in models.items():
        hits, n, ll = 0, 0, 0.0
        for it in t["iterations"]:
            fit_rows = it["train"] + it["validation"]
            if not it["test"]:
                continue
            X = np.array([x[r] for r in fit_rows], dtype=float)
            Y = np.array([y[r] for r in fit_rows], dtype=int)
            Xt = np.array([x[r] for r in it["test"]], dtype=float)
            Yt = np.array([y[r] for r in it["test"]], dtype=int)
            sc = StandardScaler().fit(X)
            m = make().fit(sc.transform(X), Y)
            p = np.clip(m.predict_proba(sc.transform(Xt))[:, 1], 1e-15, 1 - 1e-15)
            hits += int(((p > 0.5).astype(int) == Yt).sum())
            ll += float(-(Yt * np.log(p) + (1 - Yt) * np.log(1 - p)).sum())
            n += len(Yt)
        print(json.dumps({"bench": f"signal.reference.{kind}.{name}", "series": t["series"], "accuracy": round(hits / n, 4), "logLoss": round(ll / n, 4), "nTest": n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
