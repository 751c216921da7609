"""The platform's modules import each other without a circle, counting imports inside functions too (only
`if TYPE_CHECKING:` imports do not run); a circle held together by a late import is still a knot."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = {
    ".".join(p.relative_to(ROOT).with_suffix("").parts[: -1 if p.name == "__init__.py" else None]): p
    for top in ("libs", "services")
    for p in (ROOT / top).rglob("*.py")
}


def _target(current: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = []
        if node.level:
            base = current.split(".")
            base = base[: len(base) - node.level + (MODULES[current].name == "__init__.py")]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix for a in node.names]
    found = []
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != current:
            found.append(name)
    return found


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    return {
        target
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only
        for target in _target(module, node)
    }


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_of_the_platform_imports_itself_round_a_circle() -> None:
    graph = {module: _imports(module) for module in MODULES}
    assert sum(len(targets) for targets in graph.values()) > 300  # the check sees the imports at all
    assert _circles(graph) == []


def test_the_check_finds_a_circle_through_a_late_import() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


# What makes a module part of an application rather than its domain: it talks to the outside itself.
_IO_PACKAGES = frozenset({"fastapi", "starlette", "sqlalchemy", "asyncpg", "aiokafka", "httpx", "uvicorn"})


def _packages(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.partition(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return found


def _service(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "services" and len(parts) > 1 else None


def _application(graph: dict[str, set[str]], packages: dict[str, set[str]]) -> set[str]:
    """Modules doing I/O: importing an I/O package or a platform module that does, or (within a service) one
    of its own application modules. Importing the platform's pure types (an Aggregate, an error) does not count."""
    io_libs = {m for m in graph if _service(m) is None and packages[m] & _IO_PACKAGES}
    found = {m for m in graph if _service(m) and (packages[m] & _IO_PACKAGES or graph[m] & io_libs)}
    grown = True
    while grown:
        grown = False
        for module in graph:
            own = {m for m in graph[module] & found if _service(m) == _service(module)}
            if module not in found and _service(module) and own:
                found.add(module)
                grown = True
    return found


def _foreign(graph: dict[str, set[str]], application: set[str]) -> list[tuple[str, str]]:
    return sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if _service(module) and _service(target) not in (None, _service(module)) and target in application
    )


def test_a_service_uses_another_services_domain_code_only() -> None:
    graph = {module: _imports(module) for module in MODULES}
    application = _application(graph, {module: _packages(module) for module in MODULES})
    assert {"services.uitkering.app", "services.intake.queries", "services.uitkering.betaling.betaalrun"} <= application
    crossing = [(m, t) for m, ts in graph.items() for t in ts if _service(m) and _service(t) not in (None, _service(m))]
    assert crossing, "handhaving folds with the owners' aggregates: the check must see those imports"
    assert _foreign(graph, application) == []


def test_the_check_finds_an_import_of_another_services_application_module() -> None:
    graph = {
        "libs.db": set(),
        "services.a.domain": set(),
        "services.a.queries": {"libs.db"},
        "services.a.service": {"services.a.queries"},
        "services.b.stand": {"services.a.domain", "services.a.service"},
    }
    packages = {"libs.db": {"sqlalchemy"}} | {m: set() for m in graph if m != "libs.db"}
    application = _application(graph, packages)
    assert application == {"services.a.queries", "services.a.service"}
    assert _foreign(graph, application) == [("services.b.stand", "services.a.service")]
