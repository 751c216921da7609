"""Write every service's OpenAPI document to a folder: `python -m deploy.openapi DIR`."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

from libs.events.services import SERVICES


def write_all(folder: Path) -> list[Path]:
    """One `<service>.json` per service in `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for service in SERVICES:
        app = importlib.import_module(f"services.{service.name}.app").app
        target = folder / f"{service.name}.json"
        target.write_text(json.dumps(app.openapi(), indent=2, ensure_ascii=False), encoding="utf-8")
        written.append(target)
    return written


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    for path in write_all(parser.parse_args().folder):
        print(path)


if __name__ == "__main__":
    main()
