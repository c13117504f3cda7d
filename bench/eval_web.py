"""Extraction from web pages against extraction from the same articles as files.

Serves ../shared/eval/real/articles as cluttered pages on the local news site (tests/newssite.py), reads
them with `python -m bot read URL...` into a fresh store, and also ingests the `.txt` files with
`python -m bot ingest` into another; both exports are scored with ../shared/eval/score.py against the
gold (web articles get their file's id back through their URL, so the gold's ids match). Prints one JSON
object: {"txt": {...}, "html": {...}, "delta": {...}}.

    python bench/eval_web.py [--articles DIR] [--gold FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from newssite import NewsSite, articles_from_folder  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def _cli(db: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), BOT_FETCH_HOST_DELAY_SECONDS="0")
    proc = subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0,):
        raise SystemExit(f"bot {args[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def _score(gold: Path, export: dict[str, Any], work: Path, name: str) -> dict[str, Any]:
    path = work / f"{name}.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold), str(path), "--json"],
                          capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def remap(export: dict[str, Any], by_url: dict[str, str]) -> dict[str, Any]:
    """Give each web article the id of the file it was built from (found by its URL)."""
    ids = {a["id"]: by_url.get(a.get("url") or "", a["id"]) for a in export["articles"]}
    text = json.dumps(export)
    for old, new in ids.items():
        text = text.replace(f'"{old}"', json.dumps(new))
    out: dict[str, Any] = json.loads(text)
    return out


async def measure(articles: Path, gold: Path) -> dict[str, Any]:
    site_articles = articles_from_folder(articles)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _cli(work / "txt.sqlite3", "ingest", str(articles))
        txt = json.loads(_cli(work / "txt.sqlite3", "export"))
        async with NewsSite(site_articles) as site:
            urls = [site.url(a.path) for a in site_articles]
            by_url = {site.url(a.path): a.stem for a in site_articles}
            out = await asyncio.to_thread(_cli, work / "web.sqlite3", "read", *urls)
        read_ok = sum(1 for line in out.splitlines() if line.startswith("added "))
        web = remap(json.loads(_cli(work / "web.sqlite3", "export")), by_url)
        scores = {"txt": _score(gold, txt, work, "txt"), "html": _score(gold, web, work, "web")}
    keys = [k for k, v in scores["txt"].items() if isinstance(v, int | float)]
    delta = {k: round(float(scores["html"].get(k, 0)) - float(scores["txt"][k]), 4) for k in keys}
    return {"pages": len(site_articles), "pages_read": read_ok, **scores, "delta": delta}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=EVAL / "real" / "articles")
    ap.add_argument("--gold", type=Path, default=EVAL / "real" / "real.gold.json")
    args = ap.parse_args(argv)
    result = asyncio.run(measure(args.articles, args.gold))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
