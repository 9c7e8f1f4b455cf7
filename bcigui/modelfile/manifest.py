"""Validation of a ``.bcimodel`` file's ``manifest.json``: required fields, types, schema.

:func:`check_manifest` validates an already decoded manifest and :func:`decode_manifest`
parses the raw bytes first (refusing NaN and infinities). Every problem is reported as a
:class:`~bcigui.errors.ModelFileError` that names the file.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from bcigui.errors import ModelFileError
from bcigui.modelfile._zipsafe import safe_name

SCHEMA_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024**2

_REQUIRED_FIELDS: dict[str, type] = {
    "schema_version": int,
    "uuid": str,
    "created_utc": str,
    "model_type": str,
    "payload_name": str,
    "payload_sha256": str,
}
_OPTIONAL_FIELDS: dict[str, type] = {
    "payload_size": int,
    "arrays_sha256": str,
    "versions": dict,
    "label": str,
    "bcigui_version": str,
}
_HEX = frozenset("0123456789abcdef")


def check_manifest(manifest: Any, path: Path) -> dict[str, Any]:
    """Validate a decoded manifest; raise ModelFileError naming the first problem.

    Parameters
    ----------
    manifest : object
        The decoded ``manifest.json``.
    path : Path
        The model file, for messages.

    Returns
    -------
    dict
        ``manifest`` itself, once it is known to be valid.

    Raises
    ------
    bcigui.errors.ModelFileError
        Not a JSON object, a missing or mistyped field, a newer schema, a bad uuid or digest,
        or a payload name that is not a plain file name.
    """
    if not isinstance(manifest, dict):
        raise ModelFileError(path, "manifest.json is not a JSON object")

    def field_type_ok(name: str, kind: type) -> bool:
        value = manifest[name]
        if kind is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, kind)

    if "schema_version" not in manifest:
        raise ModelFileError(path, "manifest field 'schema_version' is missing")
    if not field_type_ok("schema_version", int):
        raise ModelFileError(path, "manifest field 'schema_version' has the wrong type")
    schema = manifest["schema_version"]
    if schema > SCHEMA_VERSION:
        raise ModelFileError(
            path,
            f"was written by a newer bcigui (schema {schema}, this app reads up to "
            f"{SCHEMA_VERSION}); update bcigui",
        )
    if schema < 1:
        raise ModelFileError(path, f"manifest field 'schema_version' is invalid ({schema})")
    for name, kind in _REQUIRED_FIELDS.items():
        if name not in manifest:
            raise ModelFileError(path, f"manifest field '{name}' is missing")
        if not field_type_ok(name, kind):
            raise ModelFileError(path, f"manifest field '{name}' has the wrong type")
    for name, kind in _OPTIONAL_FIELDS.items():
        if name in manifest and not field_type_ok(name, kind):
            raise ModelFileError(path, f"manifest field '{name}' has the wrong type")
    try:
        uuid.UUID(manifest["uuid"])
    except ValueError:
        raise ModelFileError(path, "manifest field 'uuid' is not a valid UUID") from None
    for name in ("payload_sha256", "arrays_sha256"):
        digest = manifest.get(name)
        if digest is not None and (len(digest) != 64 or not set(digest) <= _HEX):
            raise ModelFileError(path, f"manifest field '{name}' is not a SHA-256 digest")
    if not safe_name(manifest["payload_name"]):
        raise ModelFileError(path, "manifest field 'payload_name' is not a plain file name")
    return manifest


def decode_manifest(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse ``manifest.json`` bytes and validate them with :func:`check_manifest`.

    Parameters
    ----------
    raw : bytes
        The member's content (UTF-8 JSON; NaN and infinities are refused).
    path : Path
        The model file, for messages.

    Returns
    -------
    dict
        The valid manifest.

    Raises
    ------
    bcigui.errors.ModelFileError
        The bytes are not valid JSON, or the manifest is not valid.
    """

    def refuse_constant(token: str) -> Any:
        raise ValueError(f"{token} is not allowed")

    try:
        manifest = json.loads(raw.decode("utf-8"), parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ModelFileError(path, f"manifest.json is not valid JSON ({exc})") from None
    return check_manifest(manifest, path)
