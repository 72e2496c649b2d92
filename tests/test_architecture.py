"""The house is a tree: imports run downward only, no circles, modules and functions fit in a head.

The import graph is read from the source with ast (nothing is imported), so a test run shows the
structure as it is written. The layers, bottom up, are listed below; README "The code" draws them.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "netwerk"

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# Bottom up. A module may import modules of its own layer or lower (same feature) and, of a lower
# feature, only what a feature offers others: its models, labels, history, permissions and
# services-level modules; never its forms, schemas, views or API.
BASE = 0  # config, extensions, dbtypes, ids, timeutil, errors, changelog, generation, dbhealth
MODELS = 1  # <feature>.models, and netwerk.models which gathers them
HELPERS = 2  # formatting, labels, forms, apiutil, navigation, mail, csvfiles, spreadsheets, httpcache; <feature>.labels
SERVICES = 3  # <feature>.history, permissions, services and the modules services split into
FORMS = 4  # <feature>.forms, schemas
VIEWS = 5  # <feature>.views, api, blueprint and route modules; netwerk.main
TOP = 6  # create_app (netwerk/__init__), cli, demo, datasafety

BASE_MODULES = {
    "events",
    "idempotency",
    "config",
    "extensions",
    "dbtypes",
    "ids",
    "timeutil",
    "errors",
    "changelog",
    "locks",
    "submissions",
    "searchtext",
    "versions",
    "generation",
    "dbhealth",
}
HELPER_MODULES = {
    "formatting",
    "labels",
    "forms",
    "apiutil",
    "navigation",
    "mail",
    "csvfiles",
    "paging",
    "urls",
    "bulkload",
    "spreadsheets",
    "httpcache",
}
TOP_MODULES = {"", "cli", "datasafety", "demo", "scale"}
# The features, bottom up: a feature may use the ones before it, never the ones after.
FEATURES = (
    "auth",
    "schools",
    "accounts",
    "networks",
    "meetings",
    "effort",
    "nextyear",
    "reports",
    "publications",
    "money",
    "notifications",
    "webhooks",
)
# What a feature's module is by its name (the last part of the dotted name, or its subpackage).
FEATURE_LAYER_BY_NAME = {
    "models": MODELS,
    "labels": HELPERS,
    "forms": FORMS,
    "schemas": FORMS,
    "views": VIEWS,
    "api": VIEWS,
    "blueprint": VIEWS,
    "cli": TOP,
}
VIEW_PREFIXES = ("views_", "pages_", "routes_", "api_")


def module_name(path: Path) -> str:
    """netwerk/effort/rollup.py -> "effort.rollup"; netwerk/__init__.py -> ""."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, ast.Module]:
    """Every module of the package, parsed."""
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def feature_of(name: str) -> str | None:
    """The feature a module belongs to, None for the shared base, helpers and top."""
    head = name.split(".")[0]
    return head if head in FEATURES else None


def layer_of(name: str) -> int:
    """The layer of a module by its place and name (see the constants above)."""
    parts = name.split(".") if name else [""]
    if feature_of(name) is None:
        if parts[0] in BASE_MODULES:
            return BASE
        if parts[0] == "models":
            return MODELS
        if parts[0] in HELPER_MODULES:
            return HELPERS
        if parts[0] == "main":
            return VIEWS
        if parts[0] in TOP_MODULES:
            return TOP
        raise AssertionError(f"netwerk.{name}: give it a layer in tests/test_architecture.py")
    if len(parts) == 1:
        return TOP  # a feature's __init__ should stay empty
    for part in parts[1:]:
        if part in FEATURE_LAYER_BY_NAME:
            return FEATURE_LAYER_BY_NAME[part]
        if part.startswith(VIEW_PREFIXES) or part.endswith("_views"):
            return VIEWS
    return SERVICES


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _known(target: str) -> str | None:
    """The module name of a dotted import target inside netwerk, None outside it."""
    if target != "netwerk" and not target.startswith("netwerk."):
        return None
    name = target.removeprefix("netwerk").removeprefix(".")
    return name if name in modules() else None


def _resolve(importer: str, node: ast.ImportFrom | ast.Import) -> set[str]:
    """The netwerk modules an import statement names. `from netwerk.x import y` names the module
    x.y when y is a module, else the module x."""
    if isinstance(node, ast.Import):
        found = {_known(alias.name) for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = importer.split(".") if importer else []
            is_package = (PACKAGE / importer.replace(".", "/") / "__init__.py").exists()
            package = package if is_package else package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(["netwerk", *package, *([base] if base else [])])
        found = {_known(f"{base}.{alias.name}") or _known(base) for alias in node.names}
    return {name for name in found if name is not None and name != importer}


def imports() -> dict[str, set[str]]:
    """Module -> the netwerk modules it imports at module level (TYPE_CHECKING blocks aside)."""
    graph: dict[str, set[str]] = {}
    for name, tree in modules().items():
        targets: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            for child in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
                if isinstance(child, ast.Import | ast.ImportFrom):
                    targets.update(_resolve(name, child))
        graph[name] = targets
    return graph


def imports_inside_functions() -> list[str]:
    """Import statements inside a function or class body: each one hides an arrow."""
    found = []
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                for child in ast.walk(node):
                    if isinstance(child, ast.Import | ast.ImportFrom):
                        found.append(f"netwerk.{name}:{child.lineno}")
    return found


def upward_imports() -> list[str]:
    """Imports that run up the layers, or to a higher feature, or into a lower feature's pages."""
    wrong = []
    for importer, targets in imports().items():
        for target in targets:
            reason = _why_wrong(importer, target)
            if reason:
                wrong.append(f"netwerk.{importer} -> netwerk.{target}: {reason}")
    return wrong


def _why_wrong(importer: str, target: str) -> str | None:
    here, there = layer_of(importer), layer_of(target)
    mine, theirs = feature_of(importer), feature_of(target)
    if there > here:
        return f"layer {there} above layer {here}"
    if mine is None and theirs is not None and here < TOP:
        if importer == "models" and there == MODELS:
            return None  # netwerk.models gathers every table for Flask-Migrate and the tests
        return "a shared module imports a feature (features register with it instead)"
    if mine and theirs and mine != theirs:
        if FEATURES.index(theirs) > FEATURES.index(mine):
            return f"feature {theirs} stands above {mine}"
        if there > SERVICES:
            return f"{mine} uses {theirs} other than through its models, permissions or services"
    return None


def import_circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _none(found: list[str], what: str) -> None:
    """Fail with the whole list, one per line, so the run names every place to mend."""
    if found:
        pytest.fail(f"{len(found)} {what}:\n" + "\n".join(found), pytrace=False)


def test_the_graph_is_read():
    """The reader sees the arrows it should: a broken reader would pass every test below."""
    graph = imports()
    assert "extensions" in graph[""]  # create_app uses the extensions
    assert "models" in graph[""]
    assert "errors" in graph["timeutil"]


def test_no_import_circles():
    """No group of modules imports itself round."""
    _none([" <-> ".join(circle) for circle in import_circles()], "import circles")


def test_imports_run_downward():
    """Every import points down the layers, to a lower feature only through what it offers."""
    _none(upward_imports(), "imports that run up")


def test_no_imports_inside_functions():
    """Imports stand at the top of a module, where the reader and this test see them."""
    _none(imports_inside_functions(), "imports inside a function or class")


def test_the_layer_rule_would_catch_an_upward_import():
    """A services module that imports views, a helper that imports a feature, a lower feature
    that imports a higher one: all three are named."""
    assert _why_wrong("meetings.services", "meetings.views")
    assert _why_wrong("formatting", "networks.models")
    assert _why_wrong("networks.services", "meetings.models")
    assert _why_wrong("effort.services", "networks.views")
    assert _why_wrong("reports.views", "effort.models") is None


def test_modules_fit_in_a_head():
    """No module over MAX_MODULE_LINES lines."""
    sizes = {
        module_name(path) or "__init__": len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    _none(
        [
            f"netwerk.{name} ({lines} lines)"
            for name, lines in sorted(sizes.items())
            if lines > MAX_MODULE_LINES
        ],
        f"modules over {MAX_MODULE_LINES} lines",
    )


def test_functions_fit_in_a_head():
    """No function over MAX_FUNCTION_LINES lines, from its def (decorators aside) to its end."""
    _none(
        [
            f"netwerk.{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for name, tree in modules().items()
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
        ],
        f"functions over {MAX_FUNCTION_LINES} lines",
    )
