"""A plain ``pip install .`` ships every file the package reads at run time: the fonts of the
PDF timetables (with their licences), the message catalogue, the web templates, the samples."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

import matcher

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(matcher.__file__).resolve().parent


def test_package_data_lists_every_runtime_file() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["matcher"]
    needed = [*(PACKAGE / "export" / "fonts").iterdir(),
              *(PACKAGE / "i18n" / "locale").rglob("*.po"),
              *(PACKAGE / "web" / "templates").iterdir()]
    fonts = {p.name for p in needed if p.suffix == ".ttf"}
    assert {"DejaVuSans.ttf", "AbyssinicaSIL-Regular.ttf"} <= fonts
    assert {"LICENSE-DejaVu.txt", "LICENSE-AbyssinicaSIL.txt"} <= {p.name for p in needed}
    for path in needed:
        relative = PurePosixPath(path.relative_to(PACKAGE).as_posix())
        assert any(relative.match(g) for g in globs), f"{relative} is not package data"
