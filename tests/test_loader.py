"""The article loader: three file forms, where the publication date comes from, boilerplate, titles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.dates import PartialDate
from bot.ingest.boilerplate import is_boilerplate, parse_patterns, patterns
from bot.ingest.loader import date_from_url, load_article, looks_like_headline
from bot.ingest.manifest import Manifest, ManifestEntry, ManifestError, manifest_for, read_manifest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- form 1: header


def test_header_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a_header.txt",
        "title: Ministers Meet in Vellmar\r\ndate: 2021-03-04\r\nurl: https://example.org/x\r\n"
        "source: Test Wire\r\nauthor: Desk\r\n\r\nFirst paragraph.   \r\n\r\n\r\n\r\nSecond paragraph.\r\n",
    )
    art = load_article(path)
    assert art.id == "a_header"
    assert art.title == "Ministers Meet in Vellmar"
    assert art.date == PartialDate(2021, 3, 4)
    assert art.source == "Test Wire"
    assert art.url == "https://example.org/x"
    assert art.body == "First paragraph.\n\nSecond paragraph."
    assert art.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert art.path == str(path)
    assert art.warnings == []


def test_header_date_unknown_falls_back_to_manifest_then_url(tmp_path: Path) -> None:
    path = write(tmp_path, "u.txt", "date: unknown\nurl: https://example.org/2020/05/story\n\nText here.\n")
    manifest = Manifest(articles={"u": ManifestEntry(date="2019-01")})
    assert load_article(path, manifest).date == PartialDate(2019, 1)  # `unknown`: the file does not say
    assert load_article(path).date == PartialDate(2020, 5)


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("https://x.org/news/20190305.htm", "2019-03-05"),
        ("https://x.org/a/2019-11-21-talks-in-oslo", "2019-11-21"),
        ("https://x.org/en/2014/sgt2942.doc.htm", "2014"),
        ("https://x.org/story?id=20190305", None),  # a query is no date
    ],
)
def test_more_url_date_shapes(url: str, want: str | None) -> None:
    found = date_from_url(url)
    assert (found.iso() if found else None) == want


def test_text_states_the_date_when_nothing_else_does(tmp_path: Path) -> None:
    dated_line = write(tmp_path, "a.txt", "Envoys Received\n\n25 August 2021\nThe Courier\n\n" + "Body text. " * 20)
    dateline = write(
        tmp_path, "b.txt", "Talks in Oslo\n\nOSLO, March 2, 2021 – The ministers met today. " + "More. " * 20
    )
    opening = write(
        tmp_path,
        "c.txt",
        "Minister calls counterpart\n\nMinister Dr. Tomas Verhoeven conducted a phone call on Wednesday, "
        "August 21, 2024, with his counterpart. " + "More. " * 20,
    )
    assert load_article(dated_line).date == PartialDate(2021, 8, 25)
    assert load_article(dateline).date == PartialDate(2021, 3, 2)
    assert load_article(opening).date == PartialDate(2024, 8, 21)


def test_a_date_in_page_furniture_is_not_the_publication_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.txt",
        "Home | Search | Login\nToday April 24, 2014, 7:48 pm local time.\nFlag Thursday, 25 April 2024\n\n"
        "Minister arrives\n\n" + "The minister arrived for talks. " * 10,
    )
    assert load_article(path).date is None


def test_header_date_written_out_and_with_time(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "date: 14 May 2023\n\nText.\n")
    b = write(tmp_path, "b.txt", "date: 2023-05-14T09:30:00Z\n\nText.\n")
    c = write(tmp_path, "c.txt", "date: May 2023\n\nText.\n")
    assert load_article(a).date == PartialDate(2023, 5, 14)
    assert load_article(b).date == PartialDate(2023, 5, 14)
    assert load_article(c).date == PartialDate(2023, 5)


def test_unreadable_header_date_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "d.txt", "date: sometime soon\nurl: https://example.org/2020/05/story\n\nText.\n")
    art = load_article(path)
    assert art.date == PartialDate(2020, 5)
    assert any("sometime soon" in w for w in art.warnings)


def test_date_order_file_then_manifest_then_url(tmp_path: Path) -> None:
    manifest = Manifest(
        articles={
            "both": ManifestEntry(
                date="2019-02-02", source="Manifest Wire", url="https://m.example/2001/01/x"
            ),
            "manifest_only": ManifestEntry(date="2019-02"),
            "url_only": ManifestEntry(url="https://example.org/news/2017/11/23/story-slug"),
        }
    )
    both = write(tmp_path, "both.txt", "date: 2021-06-07\nsource: File Wire\n\nText.\n")
    manifest_only = write(tmp_path, "manifest_only.txt", "url: https://example.org/2001/01/x\n\nText.\n")
    url_only = write(tmp_path, "url_only.txt", "Plain text with no header at all, ending in a period.\n")
    nothing = write(tmp_path, "nothing.txt", "Plain text with no header at all, ending in a period.\n")

    art = load_article(both, manifest)
    assert (art.date, art.source, art.url) == (
        PartialDate(2021, 6, 7),
        "File Wire",
        "https://m.example/2001/01/x",
    )
    assert load_article(manifest_only, manifest).date == PartialDate(2019, 2)
    assert load_article(url_only, manifest).date == PartialDate(2017, 11, 23)
    assert load_article(nothing, manifest).date is None  # never the day it was read


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("https://x.org/2018/01/some-slug", "2018-01"),
        ("https://x.org/2018/1/some-slug", "2018-01"),
        ("https://x.org/a/2023/07/13/slug/", "2023-07-13"),
        ("https://x.org/2023/02/31/slug", "2023-02"),
        ("https://x.org/world/1791803", None),
        ("https://x.org/2018/13/slug", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, want: str | None) -> None:
    found = date_from_url(url)
    assert (found.iso() if found else None) == want


# ---------------------------------------------------------------- form 2: crawl line


def test_crawl_line_form(tmp_path: Path) -> None:
    path = write(
        tmp_path, "c.txt", " date 2022-11-05 Images | example.gov\n\nThe envoy spoke.\n\n\n\n\nThen left.\n"
    )
    art = load_article(path)
    assert art.date == PartialDate(2022, 11, 5)
    assert art.source == "example.gov"
    assert art.title is None
    assert art.body == "The envoy spoke.\n\nThen left."


# ---------------------------------------------------------------- form 3: bare text


def test_bare_text_with_headline(tmp_path: Path) -> None:
    path = write(
        tmp_path, "b.txt", "Envoys agree on grain corridor, new talks\n\nThe envoys met on Monday.\n"
    )
    art = load_article(path)
    assert art.title == "Envoys agree on grain corridor, new talks"
    assert art.body == "The envoys met on Monday."


def test_bare_text_capitalised_headline_without_blank_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "b.txt", "Norland Foreign Minister Visits Ostria\nThe minister arrived.\nTalks followed.\n"
    )
    art = load_article(path)
    assert art.title == "Norland Foreign Minister Visits Ostria"
    assert art.body == "The minister arrived.\n\nTalks followed."  # one paragraph per line


def test_bare_text_without_headline(tmp_path: Path) -> None:
    text = "VELLMAR – The minister met the envoy on Monday, the ministry said.\nThey discussed trade.\n"
    art = load_article(write(tmp_path, "b.txt", text))
    assert art.title is None
    assert art.body.startswith("VELLMAR – The minister met")


@pytest.mark.parametrize(
    ("line", "blank", "want"),
    [
        ("Envoys agree on grain corridor", True, True),
        ("Envoys Agree On Grain Corridor", False, True),
        ("The envoys agreed on a corridor.", True, False),
        ("the envoys agreed on a corridor and then they", False, False),
        ("Talks", True, False),
        ("A " + "very " * 40 + "long line", True, False),
    ],
)
def test_headline_rule(line: str, blank: bool, want: bool) -> None:
    assert looks_like_headline(line, blank) is want


# ---------------------------------------------------------------- boilerplate


def test_boilerplate_lines_are_dropped(tmp_path: Path) -> None:
    text = (
        "title: Talks in Vellmar\n\n"
        "By Staff Report in International on 4 March 2021\n\n"
        "The minister met the envoy.\n\n"
        "3f9e1c07ab5d2\n\n"
        "Monday's meeting in Vellmar. Photo credit: Norland Foreign Ministry.\n\n"
        "They discussed trade.\n\n"
        "Share\n\nPrint\n\nRead also\n\nFollow us on Telegram\n\n\u00a0\n\n"
        "Get The Vellmar Daily stories sent directly to you! Sign up via the website.\n"
    )
    art = load_article(write(tmp_path, "bp.txt", text))
    assert art.body == "The minister met the envoy.\n\nThey discussed trade."


def test_boilerplate_patterns_keep_ordinary_sentences() -> None:
    for line in [
        "By 2045 the region aims to be free of such threats.",
        "Share of exports rose by a third.",
        "The photo exhibition opened on Monday.",
        "2045",
        "Print media attended the briefing.",
    ]:
        assert not is_boilerplate(line), line


def test_boilerplate_file_is_data_and_parses() -> None:
    assert len(patterns()) >= 10
    with pytest.raises(ValueError, match="line 2"):
        parse_patterns("# comment\n([unclosed\n")


# ---------------------------------------------------------------- the real seeds


def test_seed_files_load_with_the_manifest() -> None:
    manifest = manifest_for(SEEDS)
    assert manifest is not None
    loaded = {p.stem: load_article(p, manifest) for p in sorted(SEEDS.glob("*.txt"))}
    assert len(loaded) == 3
    crawl, manifested, bare = (loaded[k] for k in sorted(loaded))  # date line; manifest; bare text + manifest

    first_line = (SEEDS / f"{crawl.id}.txt").read_text("utf-8").split()
    assert crawl.date is not None and crawl.date.iso() == first_line[1]  # its own date line wins
    assert crawl.source == "gov.kz" and crawl.title is None
    for art in (manifested, bare):
        entry = manifest.get(art.id)
        assert entry is not None
        assert art.date == PartialDate.parse(entry.date)
        assert (art.source, art.url) == (entry.source, entry.url)
    assert bare.title is not None and not bare.title.endswith(".")
    assert not bare.body.startswith(bare.title)
    for art in loaded.values():
        assert art.warnings == []
        assert "\n\n\n" not in art.body
        for line in art.body.split("\n"):
            assert not is_boilerplate(line)
            assert line == line.strip()
        assert "Images |" not in art.body
        assert art.content_hash == hashlib.sha256((SEEDS / f"{art.id}.txt").read_bytes()).hexdigest()


def test_seed_copies_are_verbatim() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared seeds not present on this machine")
    for path in shared.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


def test_manifest_toml_dates_and_errors(tmp_path: Path) -> None:
    good = write(tmp_path, "manifest.toml", '[articles."x"]\ndate = 2020-02-03\nsource = "W"\n')
    assert read_manifest(good).articles["x"].date == "2020-02-03"
    bad = write(tmp_path, "bad.toml", "[articles\n")
    with pytest.raises(ManifestError, match=r"bad\.toml"):
        read_manifest(bad)
    wrong = write(tmp_path, "wrong.toml", '[articles."x"]\nsource = 5\n')
    with pytest.raises(ManifestError, match="source"):
        read_manifest(wrong)


def test_header_without_blank_line_before_the_body(tmp_path: Path) -> None:
    path = write(
        tmp_path, "h.txt", "title: Envoys Meet\ndate: 2021-03-04\nThe envoys met on Monday.\nThey talked.\n"
    )
    art = load_article(path)
    assert (art.title, art.date) == ("Envoys Meet", PartialDate(2021, 3, 4))
    assert art.body == "The envoys met on Monday.\n\nThey talked."


def test_body_opening_with_a_colon_is_not_a_header(tmp_path: Path) -> None:
    path = write(tmp_path, "c.txt", "VELLMAR: The envoys met on Monday.\n\nThey talked.\n")
    art = load_article(path)
    assert art.title is None
    assert art.body == "VELLMAR: The envoys met on Monday.\n\nThey talked."


def test_invisible_characters_and_nfc(tmp_path: Path) -> None:
    decomposed = "Este\u0301vez"  # e + combining acute
    text = f"date: 2021-03-04\n\n\ufeffIlse Mar\u00adwick met {decomposed}\u200b.\t \n"
    path = write(tmp_path, "n.txt", text)
    assert load_article(path).body == "Ilse Marwick met Estévez."


def test_a_desks_credit_in_brackets_is_not_the_outlets_name(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "title: Talks held\ndate: 2024-03-04\nsource: The Daily (Daily News Service)\n\n"
        "Vellmar News Service\n\nForeign Minister Tomas Verhoeven met Anders Kolberg.\n",
        encoding="utf-8",
    )
    art = load_article(f)
    assert art.source == "The Daily"
    assert "News Service" not in art.body


def test_a_numeric_or_placed_date_line_near_the_top_dates_a_bare_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Talks held in the capital\n23/02/2018 09:15\n\nThe minister met the envoy.\n", encoding="utf-8")
    assert load_article(f).date == PartialDate(2018, 2, 23)
    f.write_text("Talks held in the capital\n05/03/2019\n\nThe minister met the envoy.\n", encoding="utf-8")
    assert load_article(f).date is None  # the fifth of March or the third of May: the text does not say
    f.write_text("Talks held\n\nNairobi, April 3, 2020.\n\nThe minister met the envoy.\n", encoding="utf-8")
    assert load_article(f).date == PartialDate(2020, 4, 3)
