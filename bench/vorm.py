"""The code's shape, measured: `python -m bench.vorm [ROOT]` (default: this checkout).

Lines per service, the largest files and functions, import circles (the test's own check), and the
plumbing of the recipe's sample service (code lines without blanks, comments, docstrings and imports).
Run it on another checkout (a `git worktree` of an older commit) to compare.
"""

from __future__ import annotations

import ast
import io
import json
import sys
import tokenize
from pathlib import Path

_NOT_CODE = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def _code_lines(path: Path) -> int:
    """Lines holding code: no blank lines, comments, docstrings or imports."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            skip.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                skip.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    code: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in _NOT_CODE:
            code.update(range(tok.start[0], tok.end[0] + 1))
    return len(code - skip)


def _functions(path: Path, root: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        ((node.end_lineno or node.lineno) - node.lineno + 1, f"{path.relative_to(root)}:{node.name}")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def measure(root: Path) -> dict[str, object]:
    """The figures for the checkout at `root`."""
    files = sorted(p for p in (root / "services").rglob("*.py") if "migrations" not in p.parts)
    per_service: dict[str, int] = {}
    for p in files:
        service = p.relative_to(root / "services").parts[0]
        if service.endswith(".py"):
            continue
        per_service[service] = per_service.get(service, 0) + len(p.read_text(encoding="utf-8").splitlines())
    sizes = sorted((len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(root))) for p in files)
    libs = sorted((root / "libs").rglob("*.py"))
    functions = sorted(f for p in [*files, *libs] if "migrations" not in p.parts for f in _functions(p, root))
    voorbeeld = root / "tests" / "voorbeeld"
    plumbing = {
        str(p.relative_to(voorbeeld)): _code_lines(p)
        for p in sorted(voorbeeld.rglob("*.py"))
        if p.name not in ("__init__.py", "domain.py", "schemas.py", "contracts.py")
    }
    return {
        "lines_per_service": per_service,
        "largest_files": sizes[-5:][::-1],
        "files_over_700": [f for n, f in sizes if n > 700],
        "largest_functions": functions[-5:][::-1],
        "voorbeeld_plumbing": {**plumbing, "total": sum(plumbing.values())},
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()), indent=2))
