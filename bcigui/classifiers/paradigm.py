"""Does a training set look like an ERP (time-locked) paradigm? Evidence for paradigm warnings.

A pipeline built for one paradigm learns little on the other: CSP + LDA keeps only the
variance of spatially filtered signals, so the time-locked class differences of a P300 (an
ERP whose class averages differ) are invisible to it. :func:`erp_evidence` measures how much
of a training set's class information is time-locked; a pipeline warns (with
:class:`ParadigmWarning`) when the data look like the paradigm it does not fit.
"""

from __future__ import annotations

import numpy as np

from bcigui.data.trialset import TrialSet

#: Share of (channel, time bin) cells with a significant class difference in their average
#: above which a training set is called ERP-like. Measured: 0.13-0.19 on P300 sets (the demo,
#: the unfiltered Muse export), 0.000-0.017 on PhysioNet motor imagery (filtered or not).
ERP_EVIDENCE_THRESHOLD = 0.05
#: Significance level of each cell's F test.
_ALPHA = 0.001
#: Time bins the trials are averaged into before testing (enough for a P300, few tests).
_N_BINS = 16


class ParadigmWarning(UserWarning):
    """The training data look like a paradigm the chosen pipeline is not made for."""


def erp_evidence(trials: TrialSet, y_idx: np.ndarray) -> float:
    """Share of (channel, time bin) cells whose class averages differ significantly.

    Each trial is centred per channel and averaged into about 16 time bins; a one-way ANOVA
    across classes is run per cell at p < 0.001. Without time-locked class differences about
    0.1 % of the cells pass by chance; ERP data (P300) give 10-20 %.

    Parameters
    ----------
    trials : TrialSet
        Equal-length trials ``(n_channels, n_times)``.
    y_idx : ndarray of int, shape (n_trials,)
        Class index of every trial.

    Returns
    -------
    float
        In [0, 1]; 0 when the test cannot be run (fewer trials than classes + 1).
    """
    from scipy.stats import f as f_distribution

    classes, counts = np.unique(y_idx, return_counts=True)
    n, k = len(y_idx), len(classes)
    if k < 2 or n <= k or len(set(trials.lengths.tolist())) != 1:
        return 0.0
    X = trials.X.astype(np.float64)
    X -= X.mean(axis=2, keepdims=True)
    size = max(X.shape[2] // _N_BINS, 1)
    n_bins = X.shape[2] // size
    X = X[:, :, : n_bins * size].reshape(n, X.shape[1], n_bins, size).mean(axis=3)
    grand = X.mean(axis=0)
    means = [X[y_idx == c].mean(axis=0) for c in classes]
    between = sum(m * (mean - grand) ** 2 for m, mean in zip(counts, means, strict=True))
    within = sum(
        ((X[y_idx == c] - mean) ** 2).sum(axis=0) for c, mean in zip(classes, means, strict=True)
    )
    f_values = (between / (k - 1)) / np.maximum(within / (n - k), 1e-300)
    critical = f_distribution.ppf(1.0 - _ALPHA, k - 1, n - k)
    return float(np.mean(f_values > critical))
