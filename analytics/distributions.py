"""Distributions: percentiles, log-binned histograms and a power-law fit."""

from __future__ import annotations

import itertools
import warnings

import numpy as np

# The fit's xmin search is quadratic in the distinct values; above this many values it
# runs on a seeded uniform sample of them (the exponent's error is far below its own
# standard error at that size).
FIT_SAMPLE = 50_000
FIT_MINIMUM = 50  # fewer positive values than this: no fit


def describe(values: np.ndarray, fit: bool = True, seed: int = 7) -> dict:
    values = np.asarray(values, dtype=np.int64)
    if len(values) == 0:
        return {
            "count": 0,
            "min": None,
            "max": None,
            "mean": None,
            "p50": None,
            "p90": None,
            "p99": None,
            "histogram": [],
            "powerLaw": None,
        }
    p50, p90, p99 = np.percentile(values, [50, 90, 99])
    return {
        "count": len(values),
        "min": int(values.min()),
        "max": int(values.max()),
        "mean": float(values.mean()),
        "p50": float(p50),
        "p90": float(p90),
        "p99": float(p99),
        "histogram": log_histogram(values),
        "powerLaw": power_law(values, seed) if fit else None,
    }


def log_histogram(values: np.ndarray) -> list[dict]:
    """Bins [0,0], [1,1], [2,3], [4,7], ... : each twice as wide as the one before."""
    values = np.asarray(values, dtype=np.int64)
    if len(values) == 0:
        return []
    top = int(values.max())
    edges = [0, 1] + [2**k for k in range(1, max(top, 1).bit_length() + 1)]
    bins = []
    for lower, upper in itertools.pairwise(edges):
        count = int(((values >= lower) & (values < upper)).sum())
        bins.append({"lower": lower, "upper": upper - 1, "count": count})
    return [b for b in bins if b["lower"] <= top]


def power_law(values: np.ndarray, seed: int = 7) -> dict | None:
    """Clauset-Shalizi-Newman fit (the `powerlaw` package): exponent, xmin, and the
    likelihood ratio against a log-normal (positive R with p < 0.1: the power law wins)."""
    import powerlaw

    data = values[values > 0]
    if len(data) < FIT_MINIMUM or len(np.unique(data)) < 3:
        return None
    sampled = len(data) > FIT_SAMPLE
    if sampled:
        data = np.random.default_rng(seed).choice(data, FIT_SAMPLE, replace=False)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = powerlaw.Fit(data, discrete=True, verbose=False)
        ratio, p = fit.distribution_compare("power_law", "lognormal", normalized_ratio=True)
    return {
        "alpha": float(fit.power_law.alpha),
        "sigma": float(fit.power_law.standard_err),
        "xmin": int(fit.power_law.xmin),
        "loglikelihoodRatio": float(ratio),
        "pValue": float(p),
        "beatsLogNormal": bool(ratio > 0 and p < 0.1),
        "sampled": sampled,
    }
