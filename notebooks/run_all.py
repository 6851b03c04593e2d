"""Executes the notebooks headless against your warehouse, the way CI does.

Usage: notebooks/run-all [--out DIR] [--timeout SECONDS] [NOTEBOOK.ipynb ...]

Reads FACTORY_WAREHOUSE, FACTORY_TOKEN (a consumer's token) and FACTORY_BIN (default: the
repository's ./factory) from the environment, like the notebooks themselves. Runs every
notebook in this folder (or the ones named), each in a fresh kernel with this folder as its
working directory, and prints each one's time. The committed notebooks are never written to:
with --out DIR the executed copies, outputs included, go to DIR. Exit code 0 when every cell of
every notebook ran, 1 when a cell failed (its message is printed), 2 on bad usage.

Needs nbclient, ipykernel, pandas and matplotlib (Debian: python3-nbclient python3-ipykernel
python3-pandas python3-matplotlib, for /usr/bin/python3).
"""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    # A headless machine's MPLBACKEND=Agg would keep the kernel from showing figures inline, and
    # the executed notebooks would hold none; the kernel picks its inline backend without it.
    os.environ.pop("MPLBACKEND", None)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="write the executed notebooks here")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args()
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as e:
        print(f"run-all: {e}; install python3-nbclient python3-ipykernel python3-pandas "
              f"python3-matplotlib (or pip install nbclient ipykernel pandas matplotlib)",
              file=sys.stderr)
        return 2
    notebooks = args.notebooks or sorted(HERE.glob("*.ipynb"))
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing or not notebooks:
        print(f"run-all: no such notebook: {', '.join(missing) or HERE}", file=sys.stderr)
        return 2
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(HERE)}})
        started = time.monotonic()
        try:
            client.execute()
            outcome = "ok"
        except CellExecutionError as e:
            failed += 1
            outcome = "FAILED"
            error = next((o for c in nb.cells if c.get("cell_type") == "code"
                          for o in c.get("outputs", []) if o.get("output_type") == "error"), None)
            message = f"{error['ename']}: {error['evalue']}" if error else str(e).splitlines()[0]
            print(f"{path.name}: a cell failed:\n{message}", file=sys.stderr)
        print(f"{path.name}: {outcome} in {time.monotonic() - started:.1f} s", flush=True)
        if args.out:
            nbformat.write(nb, args.out / path.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
