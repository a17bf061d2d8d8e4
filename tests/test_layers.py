"""The layers as DESIGN draws them: nothing below the UI imports Textual, and the two faces
(ui/ and cli.py) talk to the service only, never to the modules beneath it."""

from __future__ import annotations

import ast
from pathlib import Path

import habari_tui

PACKAGE = Path(habari_tui.__file__).parent
# What a face may import of the package: the service, the data and config types, the error
# root, terminal-safe text, and the faces themselves.
FACE_MAY_IMPORT = (
    "habari_tui.service",
    "habari_tui.models",
    "habari_tui.config",
    "habari_tui.errors",
    "habari_tui.text",
    "habari_tui.ui",
    "habari_tui.cli",
)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as dotted names."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "habari_tui":
                modules.update(f"habari_tui.{alias.name}" for alias in node.names)
            else:
                modules.add(node.module)
    return modules


def faces() -> list[Path]:
    return [PACKAGE / "cli.py", *sorted((PACKAGE / "ui").rglob("*.py"))]


def below_the_ui() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "ui" not in p.relative_to(PACKAGE).parts]


def test_nothing_below_the_ui_imports_textual():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in ("textual", "rich")
        )
        for path in below_the_ui()
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_faces_import_only_the_service_models_and_config():
    offenders = {}
    for path in faces():
        inner = sorted(
            m
            for m in imported_modules(path)
            if m.startswith("habari_tui.")
            and not any(m == allowed or m.startswith(allowed + ".") for allowed in FACE_MAY_IMPORT)
            and m != "habari_tui.__version__"
        )
        if inner:
            offenders[str(path.relative_to(PACKAGE))] = inner
    assert offenders == {}


def test_the_layer_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from habari_tui.store import Store\n    import httpx\n")
    assert imported_modules(sample) == {"habari_tui.store", "httpx"}


def test_every_lazy_name_is_found_where_it_says():
    from habari_tui.service import lazy

    assert sorted(lazy._HOME) == sorted(lazy.__all__)
    for name in lazy.__all__:
        assert getattr(lazy, name) is getattr(__import__(lazy._HOME[name], fromlist=[name]), name)
