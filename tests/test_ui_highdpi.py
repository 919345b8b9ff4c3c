"""High-DPI: at a 200 % screen the window draws at twice the pixels, not blown-up pixels, and the
icon stays sharp. A separate process, because the scale factor is read when Qt starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import json, sys
from ui.app import apply_look, make_application
app = make_application([sys.argv[0]], "zh_CN")
apply_look(app, "light")
from core.settings import AppSettings
from ui.main_window import MainWindow
from ui.qt import QApplication
w = MainWindow(AppSettings())
w.resize(1000, 700)
w.show()
for _ in range(5):
    QApplication.processEvents()
shot = w.grab()
icon = w.welcome.icon.pixmap()
print(json.dumps({"ratio": w.devicePixelRatioF(), "logical": [w.width(), w.height()],
                  "pixels": [shot.width(), shot.height()], "shot_ratio": shot.devicePixelRatio(),
                  "icon_pixels": [icon.width(), icon.height()], "icon_ratio": icon.devicePixelRatio()}))
"""


def test_window_renders_at_the_screen_scale(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "CORPUSMITH_CONFIG_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    data = json.loads(r.stdout.strip().splitlines()[-1])
    assert data["ratio"] == 2.0
    assert data["pixels"] == [2 * data["logical"][0], 2 * data["logical"][1]]
    assert data["shot_ratio"] == 2.0
    # the welcome icon is 72 logical px: drawn from the 512 px PNG at 144 device px, not scaled up
    assert data["icon_pixels"] == [144, 144] and data["icon_ratio"] == 2.0
