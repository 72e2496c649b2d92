"""Every public service that writes is covered by a change-log test.

Each feature's tests/<feature>/test_change_log.py lists the services it calls in WRITING_SERVICES
and asserts their log lines. This test reads the services from the source (ast) and fails on a
public function of a services-level module that writes (adds, deletes, flushes or executes an
INSERT/UPDATE/DELETE, itself or through a private helper of its module) and is in no such list,
and on a listed name that does not exist (a stale list).
"""

import ast
from pathlib import Path

from tests.test_architecture import PACKAGE, SERVICES, feature_of, layer_of, modules

TESTS = Path(__file__).resolve().parent
WRITE_METHODS = {"add", "add_all", "delete", "flush", "bulk_save_objects", "merge"}
WRITE_STATEMENTS = {"insert", "update", "delete"}


def listed_services() -> set[str]:
    """Every name in a WRITING_SERVICES list of the change-log tests."""
    names: set[str] = set()
    for path in TESTS.rglob("test_change_log.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "WRITING_SERVICES" for t in node.targets
            ):
                names.update(ast.literal_eval(node.value))
    return names


def _writes_directly(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = ast.unparse(node.func.value)
        if owner.endswith("session") and node.func.attr in WRITE_METHODS:
            return True
        if owner.endswith("session") and node.func.attr == "execute" and node.args:
            statement = node.args[0]
            while isinstance(statement, ast.Call) and isinstance(statement.func, ast.Attribute):
                statement = statement.func.value  # insert(x).values(...).on_conflict...
            if isinstance(statement, ast.Call) and ast.unparse(statement.func) in WRITE_STATEMENTS:
                return True
    return False


def _called_names(function: ast.FunctionDef) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def writing_services() -> set[str]:
    """Dotted names of the public functions of services-level modules that write."""
    found = set()
    for name, tree in modules().items():
        if feature_of(name) is None or layer_of(name) != SERVICES:
            continue
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        writes = {f for f, node in functions.items() if _writes_directly(node)}
        changed = True
        while changed:  # through private helpers of the same module
            changed = False
            for f, node in functions.items():
                if f not in writes and _called_names(node) & writes:
                    writes.add(f)
                    changed = True
        found.update(f"netwerk.{name}.{f}" for f in writes if not f.startswith("_"))
    return found


def test_the_reader_finds_writers():
    """The heuristic sees a known writer and passes over a known reader."""
    found = writing_services()
    assert "netwerk.accounts.services.create_user" in found
    assert "netwerk.accounts.services.search_users" not in found


def test_every_writing_service_has_a_change_log_test():
    """No public service writes without a test of its change-log line."""
    missing = sorted(writing_services() - listed_services())
    assert missing == []


def test_every_listed_service_exists():
    """A WRITING_SERVICES entry names a function that is there."""
    defined = {
        f"netwerk.{name}.{node.name}"
        for name, tree in modules().items()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    assert sorted(listed_services() - defined) == []
    assert PACKAGE.is_dir()
