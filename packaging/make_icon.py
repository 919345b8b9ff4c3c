"""Draw the app icon once and write it in the formats the platforms want (PNG, ICO, ICNS).

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py

Needs a CJK font (fonts-noto-cjk): the glyph is drawn, not shipped as a font. The results are
committed under resources/icons/, so building the app never needs this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.06
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(rect, size * 0.2, size * 0.2)
    grad = QLinearGradient(rect.topLeft(), rect.bottomRight())
    grad.setColorAt(0.0, QColor("#1f8a70"))  # jade: calm, reads well on light and dark docks
    grad.setColorAt(1.0, QColor("#0b4f6c"))
    p.fillPath(path, grad)
    # a thin lighter band at the bottom: a page edge, the "corpus"
    band = QRectF(rect.left() + size * 0.16, rect.bottom() - size * 0.13, rect.width() - size * 0.32, size * 0.03)
    p.fillRect(band, QColor(255, 255, 255, 150))
    font = QFont("Noto Sans CJK SC")
    font.setWeight(QFont.Weight.Black)
    font.setPixelSize(int(size * 0.56))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(rect.left(), rect.top() - size * 0.07, rect.width(), rect.height()),
               Qt.AlignmentFlag.AlignCenter, "语")
    p.end()
    return img


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(512)
    big.save(str(OUT / "corpusmith.png"))
    draw(256).save(str(OUT / "corpusmith.ico"))
    big.save(str(OUT / "corpusmith.icns"))
    for f in sorted(OUT.iterdir()):
        print(f"{f.name}: {f.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
