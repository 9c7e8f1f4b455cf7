"""Render ``resources/icons/bcigui.svg`` into the icon files the installers use.

Writes, next to the SVG: ``bcigui-<N>.png`` for N in 16, 24, 32, 48, 64, 128, 256, 512 (Linux
desktop entry, hicolor theme), ``bcigui.ico`` (Windows executable icon) and ``bcigui.icns``
(macOS app bundle). Run it after changing the SVG and commit the results::

    .venv/bin/python packaging/make_icons.py

Qt's SVG renderer draws the PNGs; Pillow (installed with MNE's dependencies) packs the ICO and
ICNS containers.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("bcigui.make_icons")

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_pngs(svg: Path, folder: Path) -> dict[int, Path]:
    """Render ``svg`` to square PNGs, one per size in :data:`SIZES`; return them by size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG Qt can render")
    out: dict[int, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = folder / f"{svg.stem}-{size}.png"
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"{path}: could not write the PNG")
        out[size] = path
    del app
    return out


def pack_containers(pngs: dict[int, Path], folder: Path, stem: str) -> list[Path]:
    """Write ``<stem>.ico`` and ``<stem>.icns`` from the largest PNG (Pillow resamples)."""
    from PIL import Image

    largest = Image.open(pngs[max(pngs)]).convert("RGBA")
    ico = folder / f"{stem}.ico"
    largest.save(ico, sizes=[(s, s) for s in SIZES if s <= 256])
    icns = folder / f"{stem}.icns"
    largest.save(icns)
    return [ico, icns]


def main() -> int:
    """Render every icon file next to the SVG."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    svg = ICONS / "bcigui.svg"
    pngs = render_pngs(svg, ICONS)
    written = [*pngs.values(), *pack_containers(pngs, ICONS, svg.stem)]
    for path in written:
        log.info("wrote %s (%d bytes)", path.relative_to(ICONS.parents[1]), path.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
