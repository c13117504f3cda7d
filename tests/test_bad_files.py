"""Broken input: each bad file gets one clear reason, the good ones still go in, `ok` only fails when
nothing at all could be read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.dates import PartialDate
from bot.extract.types import Extraction, PersonRecord
from bot.ingest.loader import MAX_BYTES, load_article
from bot.ingest.pipeline import ingest_paths
from bot.ingest.types import ArticleError
from bot.store.db import Store

CYRILLIC = "Министр иностранных дел встретился с послом в понедельник.\n"
ACCENTED = "The café on the plaza hosted a réunion of envoys from Señor Núñez's office.\n"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "db" / "store.sqlite3")
    yield s
    await s.close()


def one_person(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
    """A stand-in extractor: names one invented person so every ingested file leaves a trace."""
    return Extraction(people=[PersonRecord(name="Ilse Marwick")])


async def count(store: Store, table: str) -> int:
    async with store.conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


def test_empty_files(tmp_path: Path) -> None:
    for name, data in [("empty.txt", b""), ("blank.txt", b"  \n\r\n\t\n")]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ArticleError, match=r"^empty file$"):
            load_article(path)


def test_header_only_file(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text("title: Nothing Follows\ndate: 2020-01-01\n\n5a4c803ad4af2\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="no article text"):
        load_article(path)


def test_binary_files(tmp_path: Path) -> None:
    nul = tmp_path / "image.txt"
    nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ArticleError, match="binary"):
        load_article(nul)
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50)
    with pytest.raises(ArticleError, match="binary"):
        load_article(controls)


def test_cp1251_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(CYRILLIC.encode("cp1251"))
    art = load_article(path)
    assert art.body == CYRILLIC.strip()
    assert art.warnings == ["not UTF-8: decoded as cp1251"]


def test_latin1_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes(ACCENTED.encode("latin-1"))
    art = load_article(path)
    assert art.body == ACCENTED.strip()
    assert art.warnings == ["not UTF-8: decoded as latin-1"]


def test_utf8_with_bom_and_utf16_are_text(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufefftitle: Envoys Meet\n\nThey met.\n".encode())
    assert load_article(bom).title == "Envoys Meet"
    wide = tmp_path / "wide.txt"
    wide.write_bytes("They met in Vellmar.\n".encode("utf-16"))
    art = load_article(wide)
    assert art.body == "They met in Vellmar."
    assert art.warnings == ["decoded as UTF-16"]


def test_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"The envoys met again and talked about trade for a long time.\n"
    path.write_bytes(line * (MAX_BYTES // len(line) + 1))
    with pytest.raises(ArticleError, match=r"too large: .* bytes \(limit 10,485,760\)"):
        load_article(path)


async def test_folder_of_thousands_with_a_few_bad_files(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    sub = folder / "2021"
    sub.mkdir(parents=True)
    for i in range(2000):
        where = folder if i % 2 else sub
        (where / f"art_{i:04d}.txt").write_text(f"date: 2021-03-04\n\nThe envoys met, part {i}.\n", "utf-8")
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02 not text",
        "huge.txt": b"x" * (MAX_BYTES + 1),
        "only_header.txt": b"title: Nothing Here\n\n",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / ".hidden.txt").write_text("date: 2021-03-04\n\nNot to be read.\n", "utf-8")
    (folder / "notes.md").write_text("not an article\n", "utf-8")
    (folder / "cp.txt").write_bytes(CYRILLIC.encode("cp1251"))

    report = await ingest_paths(store, [folder], extractor=one_person)

    assert report.ok
    assert len(report.added) == 2001
    assert {Path(r.path).name for r in report.rejected} == set(bad)
    reasons = {Path(r.path).name: r.reason for r in report.rejected}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "no article text" in reasons["only_header.txt"]
    assert all("\n" not in r.reason for r in report.rejected)
    assert [w for w in report.warnings if "cp1251" in w] == [
        f"{folder / 'cp.txt'}: not UTF-8: decoded as cp1251"
    ]
    assert await count(store, "articles") == 2001
    assert await count(store, "people") == 1
    assert await count(store, "mentions") == 2001
    lines = report.lines()
    assert any(line.startswith("rejected") and "empty.txt: empty file" in line for line in lines)
    assert lines[-1] == "2001 added, 0 updated, 0 unchanged, 4 rejected"


async def test_nothing_readable_is_not_ok(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x00")
    report = await ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "missing.txt"])
    assert not report.ok
    assert [Path(r.path).name for r in report.rejected] == ["a.txt", "b.txt", "missing.txt"]
    assert report.rejected[2].reason == "no such file or folder"

    empty = tmp_path / "empty_folder"
    empty.mkdir()
    report = await ingest_paths(store, [empty])
    assert not report.ok
    assert report.rejected[0].reason == "folder holds no .txt article files"
    assert await count(store, "articles") == 0


async def test_extraction_error_rejects_only_that_file(store: Store, tmp_path: Path) -> None:
    for name in ["a", "b", "c"]:
        (tmp_path / f"{name}.txt").write_text(f"date: 2021-01-01\n\nText of {name}.\n", "utf-8")

    def picky(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        if "of b" in body:
            raise ValueError("cannot parse\nthis at all")
        return one_person(body, date, title)

    report = await ingest_paths(store, [tmp_path], extractor=picky)
    assert report.ok
    assert report.added == ["a", "c"]
    assert [(Path(r.path).name, r.reason) for r in report.rejected] == [
        ("b.txt", "extraction failed: ValueError: cannot parse this at all")
    ]
    assert await count(store, "articles") == 2


async def test_same_id_twice_and_manifest_per_folder(store: Store, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "story.txt").write_text("The envoys met.\n", "utf-8")
    (two / "story.txt").write_text("The envoys met again.\n", "utf-8")
    (one / "manifest.toml").write_text('[articles."story"]\ndate = "2019-04"\nsource = "One Wire"\n', "utf-8")
    (two / "manifest.toml").write_text("this is [not toml\n", "utf-8")

    report = await ingest_paths(store, [one, two], extractor=one_person)
    assert report.added == ["story"]
    assert [r.reason for r in report.rejected] == [f"same article id as {one / 'story.txt'}"]
    async with store.conn.execute("SELECT date, source FROM articles WHERE id = 'story'") as cur:
        assert tuple(await cur.fetchone() or ()) == ("2019-04", "One Wire")

    report = await ingest_paths(store, [two], extractor=one_person)  # the other folder's broken manifest
    assert report.updated == []  # one id, two files: refused with a line, never one replacing the other
    assert [r.reason for r in report.rejected] == [
        f"article id story is already stored from {one / 'story.txt'}: rename one file to keep both"
    ]
    assert (
        len(report.warnings) == 1 and "manifest" in report.warnings[0] and "(ignored)" in report.warnings[0]
    )


async def test_unexpected_loader_failure_rejects_only_that_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.ingest import loader, pipeline

    for name in ["a", "b"]:
        (tmp_path / f"{name}.txt").write_text(f"Text of {name}.\n", "utf-8")
    real = loader.load_article

    def flaky(path: Path, manifest: object = None) -> object:
        if path.name == "a.txt":
            raise MemoryError("out of memory")
        return real(path, None)

    monkeypatch.setattr(pipeline, "load_article", flaky)
    report = await ingest_paths(store, [tmp_path], extractor=one_person)
    assert report.added == ["b"]
    assert [r.reason for r in report.rejected] == ["could not be read: MemoryError: out of memory"]
