"""The window's language: Qt Linguist catalogues, chosen from the locale or Preferences.

The catalogue sources are ``bcigui_<lang>.ts`` files in this folder (in the repository); the
compiled ``.qm`` files beside them are built from them (``python3 bootstrap.py i18n``, the
set-up's ``run``/``test``/``install`` and the bundle build), never committed.
:func:`install_translators` loads ours and Qt's own ``qtbase_<lang>.qm`` (standard dialogs and
buttons) before the first window is built.

The language is the user's choice in Preferences (``"system"``, ``"en"`` or ``"es"``);
``"system"`` follows :meth:`QLocale.system` (``LANG=es_ES.UTF-8`` gives Spanish).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

#: The folder of the catalogues (``bcigui_<lang>.ts`` sources, ``.qm`` built beside them).
CATALOGUE_DIR = Path(__file__).resolve().parent
#: The language the source code is written in (no catalogue needed).
SOURCE_LANGUAGE = "en"
#: Languages with a catalogue, besides the source language.
TRANSLATED_LANGUAGES = ("es",)
#: Preference values of the Language choice (``"system"``: follow the locale).
LANGUAGE_CHOICES = ("system", SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES)
#: The catalogue context of the core's :class:`~bcigui.errors.UserText` templates.
CORE_CONTEXT = "errors"


def number(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` digits in the window's locale (``0,917`` in Spanish)."""
    return QLocale().toString(float(value), "f", decimals)


def tr_core(value: object) -> str:
    """A core text or exception in the window's language.

    A :class:`~bcigui.errors.UserText` (or an exception raised with one) has its template
    translated in context ``"errors"`` and its values filled in (translated too when they are
    :class:`~bcigui.errors.UserText`); anything else is shown as its English ``str()``.
    ``str(exc)`` itself stays English for logs and the API.
    """
    # bcigui.errors imports scikit-learn: never import it here (the window must paint before
    # the core loads); a UserText can only exist once the core module is loaded
    if "bcigui.errors" not in sys.modules:
        return str(value)
    from bcigui.errors import user_text_of

    return _translated(user_text_of(value))


def _translated(text: object) -> str:
    from bcigui.errors import UserText

    if not isinstance(text, UserText) or getattr(text, "template", None) is None:
        return str(text)
    if text.parts is not None:
        return str(text.template).join(_translated(p) for p in text.parts)
    params = {k: _translated(v) if isinstance(v, UserText) else v for k, v in text.params.items()}
    template = QCoreApplication.translate(CORE_CONTEXT, str(text.template))
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English still reads
        log.warning("the translation of %r does not fit its values", text.template)
        return str(text.template).format(**params)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` of ``context`` for the catalogue; translate it later where it is shown.

    Qt's own ``QT_TRANSLATE_NOOP`` does the same but is typed as returning ``object``.
    """
    return text


def catalogue_source(language: str) -> Path:
    """The ``.ts`` source of ``language``'s catalogue."""
    return CATALOGUE_DIR / f"bcigui_{language}.ts"


def catalogue_file(language: str) -> Path:
    """The compiled ``.qm`` catalogue of ``language`` (built from its ``.ts``)."""
    return CATALOGUE_DIR / f"bcigui_{language}.qm"


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """The language to show for the Preferences ``choice``.

    Parameters
    ----------
    choice : str
        ``"system"`` (or anything unknown, such as an empty setting), ``"en"`` or ``"es"``.
    locale : QLocale, optional
        The locale ``"system"`` follows (default: :meth:`QLocale.system`).

    Returns
    -------
    str
        A language of :data:`LANGUAGE_CHOICES` other than ``"system"``.
    """
    if choice in (SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES):
        return choice
    if choice not in ("", "system"):
        log.warning("unknown language setting %r: following the system locale", choice)
    system = locale if locale is not None else QLocale.system()
    for name in system.uiLanguages() or [system.name()]:
        language = name.replace("-", "_").split("_")[0].lower()
        if language in TRANSLATED_LANGUAGES:
            return language
        if language == SOURCE_LANGUAGE:
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def qt_translations_dir() -> Path:
    """Qt's own translations folder (``qtbase_es.qm``...), in the wheel or the bundle."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


#: Translators installed by :func:`install_translators` (kept alive; removed on a switch).
_installed: list[QTranslator] = []


def install_translators(language: str, app: QCoreApplication | None = None) -> list[Path]:
    """Install the catalogues of ``language`` (ours and Qt's) into the application.

    Translators installed before by this function are removed first, so calling it again
    switches the language (windows built afterwards use the new one). The default
    :class:`QLocale` follows the language too (numbers and dates in the window).

    Parameters
    ----------
    language : str
        ``"en"`` (removes the translators) or a language of :data:`TRANSLATED_LANGUAGES`.
    app : QCoreApplication, optional
        Default: the running application.

    Returns
    -------
    list of Path
        The catalogue files loaded (empty for English or when none could be loaded).
    """
    application = app if app is not None else QCoreApplication.instance()
    if application is None:
        raise RuntimeError("install_translators needs a QApplication: create it first")
    for translator in _installed:
        application.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language if language != SOURCE_LANGUAGE else "en_GB"))
    if language == SOURCE_LANGUAGE:
        return []
    loaded = []
    for path in (catalogue_file(language), qt_translations_dir() / f"qtbase_{language}.qm"):
        translator = QTranslator(application)
        if path.is_file() and translator.load(str(path)):
            application.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
        elif path == catalogue_file(language):
            log.warning(
                "no compiled catalogue %s: the window stays English (build it with "
                "'python3 bootstrap.py i18n')",
                path,
            )
        else:
            log.info("Qt's own catalogue %s is missing: standard dialogs stay English", path)
    return loaded
