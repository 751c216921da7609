"""`python -m services.uitkering.betaalrun --gemeente GM0014 --periode 2026-12`: the betaalrun without the API.

The run itself is `betaling/betaalrun.py`; this module is only its command line (one or more processes).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from datetime import date

from libs.events.observability import configure_logging
from libs.events.runtime import Runtime

from .app import DEFINITION
from .betaling.betaalrun import begin, betaal_deel, rond_af
from .settings import Settings


def main() -> None:
    """Run the betaalrun of one gemeente and month from the command line, in one or more processes."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--gemeente", required=True, help="CBS code, e.g. GM0014")
    parser.add_argument("--periode", required=True, help="the month, YYYY-MM")
    parser.add_argument("--chunk", type=int, default=500, help="uitkeringen per transaction")
    parser.add_argument("--processen", type=int, default=1, help="processes sharing the uitkeringen (one per core)")
    parser.add_argument("--deel", help=argparse.SUPPRESS)  # "i/n": a child process paying part i of n
    args = parser.parse_args()
    settings = Settings()
    configure_logging("uitkering-betaalrun", settings.log_level)
    periode = date.fromisoformat(f"{args.periode}-01")

    async def run() -> None:
        runtime = Runtime(DEFINITION, settings)
        try:
            if args.deel:
                i, n = (int(x) for x in args.deel.split("/"))
                nieuw = await betaal_deel(
                    runtime, runtime.systeem, args.gemeente, periode, chunk=args.chunk, deel=(i, n)
                )
                print(nieuw)
                return
            run_id = await begin(runtime, runtime.systeem, args.gemeente, periode)
            nieuw = (
                await _in_processen(args)
                if args.processen > 1
                else await betaal_deel(runtime, runtime.systeem, args.gemeente, periode, chunk=args.chunk)
            )
            uitkomst = await rond_af(runtime, runtime.systeem, run_id, nieuw)
            print(
                f"betaalrun {uitkomst.betaalrun_id}: {uitkomst.nieuw_betaald} nieuw, {uitkomst.betalingen} "
                f"betalingen, totaal {uitkomst.totaal}"
            )
        finally:
            await runtime.engine.dispose()

    asyncio.run(run())


async def _in_processen(args: argparse.Namespace) -> int:
    """Run the parts in child processes; any failure fails the run (a rerun pays what is missing)."""
    children = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "services.uitkering.betaalrun",
            "--gemeente",
            args.gemeente,
            "--periode",
            args.periode,
            "--chunk",
            str(args.chunk),
            "--deel",
            f"{i}/{args.processen}",
            stdout=subprocess.PIPE,
        )
        for i in range(args.processen)
    ]
    uitkomsten = [await child.communicate() for child in children]
    if any(child.returncode != 0 for child in children):
        raise SystemExit("een deel van de betaalrun faalde; start de betaalrun opnieuw om af te maken")
    return sum(int(stdout.decode().strip().splitlines()[-1]) for stdout, _ in uitkomsten)


if __name__ == "__main__":
    main()
