"""How the generated settings form shows a field, declared on the field itself.

The GUI builds a classifier's form from its pydantic fields (types, bounds, descriptions). What
the types cannot say (grouping, a friendlier label, what ``None`` is called) a field declares
with :func:`form_hint`, stored under the ``"form"`` key of its ``json_schema_extra``::

    epochs: int = Field(50, ge=1, description="Passes over the training data.",
                        json_schema_extra=form_hint(group="training", order=10))

so that a new classifier gets a good form without any change to the GUI. The vocabulary (every
key optional):

``group``
    ``"main"`` (the default: the classifier's own settings, in declaration order),
    ``"training"`` (the "Training" box after them in a classifier form, sorted by ``order``) or
    ``"advanced"`` (in the main section, hidden until "Show advanced settings" is ticked).
``label``
    The field's label (default: its name with spaces for underscores, capitalised).
``order``
    Sort key within the group; fields without one follow, in declaration order.
``none_text``
    What the editor calls ``None`` for an optional number or choice (default ``"auto"`` for
    numbers, ``"none"`` for choices), e.g. ``"random"`` for a seed, ``"off"`` for a patience.
``off_text``
    Placeholder of an optional text field left empty (default ``"off"``).
``choices``
    Values offered in a combo box, after ``None``, for a field whose type does not list them
    (``class_weight: Any``); a value outside them is shown as it is.
``bounds``
    Limits for the editor where the field leaves a number unbounded (``{"ge": 0, "le": 9}``).
``template``
    Values pre-filled when an optional block is switched on (``{"activation": {"kind":
    "softmax"}}``).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, cast

from pydantic.json_schema import JsonDict

FORM_KEY = "form"
GROUPS = ("main", "training", "advanced")

Group = Literal["main", "training", "advanced"]


class FormHint(TypedDict, total=False):
    """The hints of one field (see the module docstring for each key)."""

    group: Group
    label: str
    order: int
    none_text: str
    off_text: str
    choices: list[str]
    bounds: dict[str, float]
    template: dict[str, Any]


def form_hint(
    *,
    group: Group | None = None,
    label: str | None = None,
    order: int | None = None,
    none_text: str | None = None,
    off_text: str | None = None,
    choices: list[str] | None = None,
    bounds: dict[str, float] | None = None,
    template: dict[str, Any] | None = None,
) -> JsonDict:
    """The ``json_schema_extra`` of a field with these form hints (unset ones are left out).

    Raises
    ------
    ValueError
        For a ``group`` other than ``"main"``, ``"training"`` or ``"advanced"``, or ``bounds``
        keys other than ``ge``, ``gt``, ``le``, ``lt``.
    """
    if group is not None and group not in GROUPS:
        raise ValueError(f"form_hint(group={group!r}): use one of {', '.join(GROUPS)}")
    if bounds is not None and not set(bounds) <= {"ge", "gt", "le", "lt"}:
        raise ValueError(f"form_hint(bounds={bounds!r}): use the keys ge, gt, le and lt")
    given: dict[str, Any] = {
        "group": group,
        "label": label,
        "order": order,
        "none_text": none_text,
        "off_text": off_text,
        "choices": choices,
        "bounds": bounds,
        "template": template,
    }
    return {FORM_KEY: cast(JsonDict, {k: v for k, v in given.items() if v is not None})}


def hint_of(field: Any) -> FormHint:
    """The form hints of a pydantic ``FieldInfo`` (empty when it declares none)."""
    extra = getattr(field, "json_schema_extra", None)
    if not isinstance(extra, dict):
        return {}
    return cast(FormHint, extra.get(FORM_KEY) or {})
