"""Paradigm presets: named, versioned epoch settings (and a recommended pipeline) per experiment.

A :class:`~bcigui.data.presets.model.ParadigmPreset` fills in what every user otherwise types
again for the same paradigm: event map and classes, epoch window, baseline, recording-level
filters (band-pass, notch), channel picks, rejection, reader hints and the recommended
classifier. The built-in presets are versioned JSON files in this package
(``bcigui/data/presets/*.json``, shipped in the wheel and the bundle); users keep their own as
one JSON file per preset in a folder they choose (:mod:`bcigui.data.presets.library`).

This package is in the data layer: it names the recommended classifier but does not import
the classifiers; :mod:`bcigui.app.presets` checks that name against the registry.
"""

from bcigui.data.presets.library import (
    builtin_presets,
    export_preset,
    find_preset,
    import_preset,
    list_presets,
    read_preset,
    save_user_preset,
    user_presets,
)
from bcigui.data.presets.model import ParadigmPreset, PresetCondition, PresetPipeline, ReaderHints

__all__ = [
    "ParadigmPreset",
    "PresetCondition",
    "PresetPipeline",
    "ReaderHints",
    "builtin_presets",
    "export_preset",
    "find_preset",
    "import_preset",
    "list_presets",
    "read_preset",
    "save_user_preset",
    "user_presets",
]
