"""A classifier's scikit-learn estimator as a ``skops`` payload, checked against its registration.

Both directions use the types the classifier declared at :func:`~bcigui.classifiers.registry.
register` (:func:`~bcigui.classifiers.registry.trusted_payload_types`): loading trusts exactly
those, and saving refuses, before anything is written, a payload that holds any other type,
since the file could never be loaded again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bcigui.classifiers.registry import trusted_payload_types
from bcigui.errors import ConfigError, ModelFileError
from bcigui.modelfile.payloads import (
    SKOPS_PAYLOAD_NAME,
    sklearn_from_bytes,
    sklearn_to_bytes,
    untrusted_skops_types,
)


def estimator_to_payload(model: Any, estimator: Any) -> tuple[bytes, str]:
    """The ``skops`` bytes of ``model``'s fitted ``estimator`` and the payload's name.

    Parameters
    ----------
    model : BaseClassifier
        The classifier that owns the estimator (its class says which types are trusted).
    estimator : object
        The fitted scikit-learn estimator.

    Returns
    -------
    (bytes, str)
        The payload and ``"model.skops"``.

    Raises
    ------
    ConfigError
        The payload holds a type the classifier's registration does not declare (the loader
        would refuse the file); the message names the types and where to declare them.
    """
    cls = type(model)
    data = sklearn_to_bytes(estimator)
    untrusted = untrusted_skops_types(data, trusted_payload_types(cls), source="<payload>")
    if untrusted:
        raise ConfigError(
            f"{cls.display_name} ({cls.__module__}.{cls.__name__}) was not saved: its "
            f"scikit-learn payload holds {', '.join(untrusted)}, which its registration does "
            "not declare, so the model file could not be loaded again. Declare them in "
            f"{cls.__module__}: @register(payload_types=(..., {', '.join(map(repr, untrusted))}))"
        )
    return data, SKOPS_PAYLOAD_NAME


def estimator_from_payload(model: Any, payload: bytes, name: str, path: Path) -> Any:
    """The scikit-learn estimator stored in ``payload``, trusting only ``model``'s declared types.

    Raises
    ------
    ModelFileError
        The payload is not a skops archive, is damaged or names a type that is not trusted.
    """
    if name != SKOPS_PAYLOAD_NAME:
        raise ModelFileError(path, f"expected a scikit-learn (skops) payload, found {name!r}")
    return sklearn_from_bytes(payload, trusted_payload_types(type(model)), source=path)
