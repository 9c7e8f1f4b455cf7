"""What the application remembers between runs (QSettings), behind one small class.

Everything goes through :class:`AppSettings`, which wraps a ``QSettings`` given to it: the app
uses the platform's native settings of organisation/application ``bcigui``; tests and the
self-test pass a ``QSettings`` backed by a temporary ``.ini`` file, so no test reads or writes
the user's settings.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

log = logging.getLogger(__name__)

ORGANIZATION = "bcigui"
APPLICATION = "bcigui"
#: Memory cache of the model manager: models and MB of model files (Preferences can change them).
DEFAULT_CACHE_MODELS = 8
DEFAULT_CACHE_MB = 2048


def settings_file(path: str | Path) -> QSettings:
    """A QSettings stored in the ``.ini`` file ``path`` (for tests, the self-test, scripts)."""
    return QSettings(str(path), QSettings.Format.IniFormat)


class AppSettings:
    """Typed access to the remembered values.

    Parameters
    ----------
    settings : QSettings, optional
        Where to read and write; default: the user's native settings of ``bcigui``.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)
        #: A data folder for this session only (``--data``); wins over the remembered one.
        self.session_data_dir: Path | None = None

    # -- generic --------------------------------------------------------------------------
    def _text(self, key: str) -> str:
        value = self.qsettings.value(key, "")
        return value if isinstance(value, str) else ""

    def _set(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.qsettings.sync()

    # -- window ---------------------------------------------------------------------------
    def geometry(self, name: str) -> QByteArray | None:
        """Saved geometry or state blob ``name`` (None when never saved)."""
        value = self.qsettings.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, name: str, blob: QByteArray) -> None:
        """Remember a geometry or state blob."""
        self._set(f"window/{name}", blob)

    # -- folders --------------------------------------------------------------------------
    def last_folder(self, purpose: str) -> str:
        """The folder last used in a file dialog for ``purpose`` (home when none)."""
        folder = self._text(f"folders/{purpose}")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def set_last_folder(self, purpose: str, folder: str | Path) -> None:
        """Remember the folder of the last file picked for ``purpose``."""
        self._set(f"folders/{purpose}", str(folder))

    @property
    def store_dir(self) -> Path | None:
        """The model store folder the user chose in Preferences (None: the default)."""
        text = self._text("paths/store")
        return Path(text) if text else None

    @store_dir.setter
    def store_dir(self, value: str | Path | None) -> None:
        self._set("paths/store", "" if value is None else str(value))

    @property
    def data_dir(self) -> Path:
        """Where the app writes its own data (the demo data sets).

        The folder chosen in Preferences, or the platform's application-data folder
        (``~/.local/share/bcigui/bcigui`` on Linux).
        """
        if self.session_data_dir is not None:
            return self.session_data_dir
        text = self._text("paths/data")
        if text:
            return Path(text)
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(location) if location else Path.home() / ".bcigui"

    @data_dir.setter
    def data_dir(self, value: str | Path | None) -> None:
        self._set("paths/data", "" if value is None else str(value))

    @property
    def cache_models(self) -> int:
        """How many models the shared model manager keeps in memory (Preferences)."""
        return self._int("cache/models", DEFAULT_CACHE_MODELS, 0, 256)

    @cache_models.setter
    def cache_models(self, value: int) -> None:
        self._set("cache/models", int(value))

    @property
    def cache_mb(self) -> int:
        """The memory cache's size limit in MB of model files (Preferences)."""
        return self._int("cache/megabytes", DEFAULT_CACHE_MB, 1, 1_000_000)

    @cache_mb.setter
    def cache_mb(self, value: int) -> None:
        self._set("cache/megabytes", int(value))

    @property
    def language(self) -> str:
        """The window's language chosen in Preferences: ``"system"`` (default), ``"en"``, ``"es"``.

        Applied at the next start (:func:`bcigui.gui.i18n.resolve_language`).
        """
        return self._text("ui/language") or "system"

    @language.setter
    def language(self, value: str) -> None:
        self._set("ui/language", value)

    @property
    def dask_scheduler(self) -> str:
        """The Dask scheduler address studies run on (Preferences; '' when none)."""
        return self._text("study/scheduler")

    @dask_scheduler.setter
    def dask_scheduler(self, value: str | None) -> None:
        self._set("study/scheduler", (value or "").strip())

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        value = self.qsettings.value(key, default)
        try:
            if not isinstance(value, int | float | str):
                raise TypeError(type(value).__name__)
            number = int(value)
        except (TypeError, ValueError):
            log.warning("ignoring the unreadable setting %s=%r", key, value)
            return default
        return min(max(number, low), high)

    def custom_data_dir(self) -> str:
        """The data folder as set in Preferences ('' when the default is used)."""
        return self._text("paths/data")
