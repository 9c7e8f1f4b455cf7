"""TrialSet.split: the one held-out split, stratified by class, whole recordings when several."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui.app.fitting import split_trials
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import DataError


def _trials(y: list[str], files: list[str] | None = None) -> TrialSet:
    """Random trials (3 channels x 20 samples) with labels ``y``, one source per trial."""
    rng = np.random.default_rng(0)
    files = files or [f"trial{i}.npy" for i in range(len(y))]
    counters: dict[str, int] = {}
    sources = []
    for f in files:
        sources.append(TrialSource(f, counters.get(f, 0)))
        counters[f] = counters.get(f, 0) + 1
    return TrialSet(
        trials=[rng.standard_normal((3, 20)).astype(np.float32) for _ in y],
        y=np.array(y),
        sources=tuple(sources),
    )


def test_stratified_split_keeps_class_shares_and_is_repeatable() -> None:
    trials = _trials(["NonTarget"] * 152 + ["Target"] * 30)
    train_idx, test_idx = trials.split_indices(0.2)
    assert len(test_idx) == 36 and len(train_idx) == 146  # round(182 * 0.2)
    assert sorted([*train_idx, *test_idx]) == list(range(182))
    test = trials.subset(test_idx)
    assert test.class_counts() == {"NonTarget": 30, "Target": 6}
    again = trials.split_indices(0.2)
    assert np.array_equal(again[1], test_idx)
    other_seed = trials.split_indices(0.2, seed=1)
    assert not np.array_equal(other_seed[1], test_idx)
    train, test = split_trials(trials, 0.2)
    assert [s.file for s in test.sources] == [trials.sources[i].file for i in test_idx]
    assert train.n_trials + test.n_trials == trials.n_trials


def test_several_recordings_are_held_out_whole() -> None:
    labels, files = [], []
    for run in range(5):
        labels += ["NonTarget"] * 30 + ["Target"] * 6
        files += [f"/data/run{run}_raw.fif"] * 36
    trials = _trials(labels, files)
    assert trials.recordings is not None
    train, test = trials.split(0.2)
    train_files, test_files = set(train.files()), set(test.files())
    assert not train_files & test_files  # no recording feeds both sides
    assert len(test_files) == 1 and test.n_trials == 36
    assert set(test.class_counts()) == {"NonTarget", "Target"}
    assert np.array_equal(trials.split_indices(0.2)[1], trials.split_indices(0.2)[1])


def test_npy_stacks_and_a_single_recording_are_split_by_trial() -> None:
    stacks = _trials(["a", "b"] * 10, ["s1_x.npy"] * 10 + ["s2_x.npy"] * 10)
    assert stacks.recordings is None
    _, test = stacks.split(0.2)
    assert test.n_trials == 4 and test.class_counts() == {"a": 2, "b": 2}
    one_recording = _trials(["a", "b"] * 10, ["s1_raw.fif"] * 20)
    assert one_recording.recordings is None
    assert one_recording.split(0.2)[1].n_trials == 4


@pytest.mark.parametrize(
    ("trials", "fraction", "message"),
    [
        (_trials(["a"] * 10 + ["b"]), 0.2, "class 'b' has only 1 trial"),
        (_trials(["a", "b"] * 5), 1.5, "between 0 and 1"),
        (_trials(["a", "b"] * 5), 0.01, "leaves no trials on one side"),
        (_trials(["a", "b", "c"] * 3), 0.2, "cannot hold each of the 3 classes"),
        (
            _trials(["a"] * 10 + ["b"] * 10, ["r1.edf"] * 10 + ["r2.edf"] * 10),
            0.5,
            "cannot hold out whole recordings",
        ),
    ],
)
def test_impossible_splits_say_what_to_change(trials, fraction, message) -> None:
    with pytest.raises(DataError, match=message):
        trials.split(fraction)


def test_unlabelled_trials_cannot_be_split() -> None:
    trials = TrialSet(trials=[np.zeros((2, 5), np.float32)] * 4)
    with pytest.raises(DataError, match="unlabelled"):
        trials.split(0.5)


def test_many_recordings_are_held_out_whole_too() -> None:
    labels, files = [], []
    for run in range(15):  # more recordings than are tried exhaustively
        labels += ["a"] * 8 + ["b"] * 4
        files += [f"run{run:02d}.edf"] * 12
    trials = _trials(labels, files)
    train, test = trials.split(0.2)
    assert not set(train.files()) & set(test.files())
    assert test.n_trials == 36  # 3 of the 15 recordings: round(180 * 0.2)
    assert test.class_counts() == {"a": 24, "b": 12}
