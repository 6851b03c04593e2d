"""What the notebooks share: their configuration, and the factory's command line.

Everything comes from the environment, so nothing machine-specific is saved in a notebook:

- ``FACTORY_WAREHOUSE``: the warehouse to read (default: ``lakehouse/`` beside this folder,
  where ``./factory run`` puts it);
- ``FACTORY_TOKEN``: a consumer's token (``factory users add NAME --role consumer``); it is
  handed to the ``factory`` process through its environment and never printed;
- ``FACTORY_BIN``: the ``factory`` launcher (default: ``../factory`` from this folder);
- ``FACTORY_CONF``, ``FACTORY_PROFILE``: passed through to the launcher unchanged.

Notebooks read released products only: ``factory pull PRODUCT@latest`` and commands that
read the newest release (``factory trace``). A failure stops the notebook with one message
(``SystemExit``), not a traceback of this module.
"""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent


def _bin():
    return os.environ.get("FACTORY_BIN") or str(REPO / "factory")


def _env():
    env = dict(os.environ)
    env.setdefault("FACTORY_WAREHOUSE", str(REPO / "lakehouse"))
    return env


def settings():
    """The configuration in effect, as a dict fit to print (the token only as set or not)."""
    env = _env()
    return {
        "warehouse": env["FACTORY_WAREHOUSE"],
        "factory": _bin(),
        "token": "set" if env.get("FACTORY_TOKEN") else "NOT SET",
    }


class Failed(Exception):
    """A factory command that exited with an error; ``message`` is its first clear line."""

    def __init__(self, command, code, message):
        super().__init__(message)
        self.command = command
        self.code = code
        self.message = message


def _first_message(stderr):
    # The factory writes progress lines ("[ 1.2s] ...") and then its error, one clear message
    # first; keep that message and the lines that continue it.
    lines = [l for l in stderr.splitlines() if l.strip() and not l.lstrip().startswith("[")]
    return "\n".join(lines[:4]) if lines else stderr.strip()[-500:]


def run(*args):
    """Runs ``factory ARGS...`` and returns its stdout; raises ``Failed`` on a non-zero exit."""
    binary = _bin()
    if not Path(binary).exists() and shutil.which(binary) is None:
        raise SystemExit(
            f"the factory launcher {binary} does not exist; set FACTORY_BIN to its path")
    p = subprocess.run(
        [binary, *args], cwd=REPO, env=_env(), capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise Failed(args, p.returncode, _first_message(p.stderr))
    return p.stdout


def factory(*args):
    """Like ``run``, but a failure stops the notebook with the factory's own message."""
    try:
        return run(*args)
    except Failed as e:
        raise SystemExit(f"factory {' '.join(args[:2])} failed (exit {e.code}): {e.message}") \
            from None


def _candidates(product):
    """Open candidates of PRODUCT, newest first (``factory release list``)."""
    try:
        rows = list(csv.DictReader(run("release", "list", product, "--format", "csv").splitlines()))
    except Failed:
        return []
    return [r.get("candidate") for r in rows if r.get("status") == "candidate" and r.get("candidate")]


def _no_release(product):
    open_candidates = _candidates(product)
    if open_candidates:
        how = (
            f"an operator approves its candidate with\n\n"
            f"    FACTORY_TOKEN=<an operator's token> factory release approve {product} "
            f"{open_candidates[0]}\n\n"
            f"(review it first: factory release show {product} {open_candidates[0]})")
    else:
        how = (
            f"build a candidate with 'factory run --product {product}', then an operator approves "
            f"it with\n\n    FACTORY_TOKEN=<an operator's token> factory release approve "
            f"{product} <the candidate the run printed>")
    return SystemExit(
        f"{product} has no release yet in {_env()['FACTORY_WAREHOUSE']}: {how}\n"
        f"and run this notebook again.")


@dataclass
class Release:
    """A pulled release: where it lies, and its manifest."""

    product: str
    path: Path
    manifest: dict
    format: str

    @property
    def version(self):
        return self.manifest["version"]

    def table(self, name):
        """One table of the release as a pandas DataFrame."""
        folder = self.path / name
        parts = sorted(folder.glob(f"part-*.{self.format}"))
        if not parts:
            raise SystemExit(f"{self.product} {self.version} has no table {name} "
                             f"(tables: {', '.join(t['name'] for t in self.manifest['tables'])})")
        if self.format == "jsonl":
            return pd.concat([pd.read_json(p, lines=True, dtype=False) for p in parts],
                             ignore_index=True)
        return pd.concat([pd.read_csv(p) for p in parts], ignore_index=True)

    def verify_checksums(self):
        """Checks every file against SHA256SUMS (what ``sha256sum -c SHA256SUMS`` does)."""
        checked = 0
        for line in (self.path / "SHA256SUMS").read_text().splitlines():
            digest, name = line.split(maxsplit=1)
            name = name.lstrip("*")
            h = hashlib.sha256()
            with open(self.path / name, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            if h.hexdigest() != digest:
                raise SystemExit(f"{name} does not match SHA256SUMS: the pull in {self.path} is "
                                 f"damaged; pull it again")
            checked += 1
        return checked


def pull_latest(product, fmt="jsonl", split=None):
    """Pulls ``PRODUCT@latest`` into a new temporary folder, as the consumer of FACTORY_TOKEN."""
    if not os.environ.get("FACTORY_TOKEN"):
        raise SystemExit(
            "FACTORY_TOKEN is not set: export a consumer's token before starting Jupyter "
            "(an admin creates one with 'factory users add NAME --role consumer')")
    out = Path(tempfile.mkdtemp(prefix=f"{product}-"))
    args = ["pull", f"{product}@latest", "--format", fmt, "--out", str(out / "release")]
    if split:
        args += ["--split", split]
    try:
        run(*args)
    except Failed as e:
        text = e.message.lower()
        if "no release" in text or "no released version" in text:
            raise _no_release(product) from None
        if "token" in text or "not allowed" in text or "may not" in text:
            raise SystemExit(
                f"FACTORY_TOKEN was refused: {e.message}\n(set it to a consumer's token of this "
                f"warehouse, {_env()['FACTORY_WAREHOUSE']})") from None
        raise SystemExit(f"factory pull {product}@latest failed (exit {e.code}): {e.message}") \
            from None
    path = out / "release"
    return Release(product, path, json.loads((path / "manifest.json").read_text()), fmt)
