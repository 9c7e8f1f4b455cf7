"""The one CSV layout of predictions, written by the Inference tab and ``bcigui predict``.

Layout::

    # model: svm/p300
    # uuid: 5f0c...
    # path: /home/me/models/p300/svm_20260101_120000_000000.bcimodel
    file,trial,predicted,p_NonTarget,p_Target,true
    /data/s4_raw.fif,12,Target,0.120000,0.880000,Target

The ``#`` lines name the model (``pandas.read_csv(path, comment="#")`` skips them);
probabilities have :data:`PROBABILITY_FORMAT`; the ``true`` column is there only when some
trial's label is known (empty for the others).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.prediction import Prediction

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

#: Format of every probability in the file.
PROBABILITY_FORMAT = "{:.6f}"


@dataclass(frozen=True)
class ModelIdentity:
    """What names a model in an export: ``"<type>/<label>"``, its uuid and its file.

    Attributes
    ----------
    name : str
        ``"svm/p300"`` (the type alone for a model saved without label).
    uuid : str
        The manifest's uuid ("" for a model never saved).
    path : str
        The model file, absolute ("" for a model never saved).
    """

    name: str
    uuid: str
    path: str

    @classmethod
    def of(cls, model: BaseClassifier) -> ModelIdentity:
        """The identity of a fitted or loaded ``model`` (from its ``training_info_``)."""
        info = model.training_info_
        label = info.get("label")
        path = info.get("path")
        return cls(
            name=f"{model.model_type}/{label}" if label else model.model_type,
            uuid=str(info.get("uuid") or ""),
            path=str(Path(path).resolve()) if path else "",
        )


def prediction_table(
    predictions: Sequence[Prediction], classes: Sequence[Any]
) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the layout (all cells as text), for files and terminals.

    Parameters
    ----------
    predictions : sequence of Prediction
        ``n_trials`` of them; ``proba`` of each has ``n_classes`` values.
    classes : sequence
        The ``n_classes`` class values, in probability order.

    Returns
    -------
    header : list of str
        ``file, trial, predicted, p_<class>..., true`` (``true`` only when some label is known).
    rows : list of list of str
        One per prediction.
    """
    with_truth = any(p.true is not None for p in predictions)
    header = ["file", "trial", "predicted", *[f"p_{c}" for c in classes]]
    header += ["true"] if with_truth else []
    rows = []
    for p in predictions:
        row = [p.file, str(p.trial), str(p.predicted)]
        row += [PROBABILITY_FORMAT.format(v) for v in p.proba]
        if with_truth:
            row.append("" if p.true is None else str(p.true))
        rows.append(row)
    return header, rows


def write_predictions_csv(
    path: str | Path,
    predictions: Sequence[Prediction],
    classes: Sequence[Any],
    model: ModelIdentity,
) -> Path:
    """Write ``predictions`` of ``model`` to ``path`` in the layout of the module docstring.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    header, rows = prediction_table(predictions, classes)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        for key, value in (("model", model.name), ("uuid", model.uuid), ("path", model.path)):
            handle.write(f"# {key}: {value}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
