"""Reading one article file: its header facts, a clean body, and a clear reason when it cannot be read.

Three forms load: a `key: value` header ended by a blank line; a crawler's first line such as
` date 2023-05-14 Images | gov.kz`; and bare text whose first line may be a headline. The publication
date comes from the file itself, then the folder's manifest, then a `/YYYY/MM/` segment of the URL;
never from the day the file was read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.ingest import pubdate
from bot.ingest.boilerplate import drop_boilerplate
from bot.ingest.manifest import Manifest
from bot.ingest.types import ArticleError

MAX_BYTES = 10 * 1024 * 1024  # a bigger "article" is a mistake (a dump, a log), not news
UNKNOWN = "unknown"

_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]{0,30})\s*:\s*(.*)$")
_HEADER_KEYS = {"title", "date", "url", "source", "link", "published", "author", "lang", "language", "id"}
_CRAWL_LINE = re.compile(r"^date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b\s*(.*)$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width marks, BOM
_WORD = re.compile(r"[^\W\d_]+")
_DATE_FORMATS = (
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%B %Y",
    "%b %Y",
)


# ---------------------------------------------------------------- bytes to text


def _decode(raw: bytes, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1251 or latin-1 with a warning."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"broken UTF-16 text ({exc.reason})") from exc
        warnings.append("decoded as UTF-16")
        return text
    if b"\x00" in raw:
        raise ArticleError("binary file (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        cyrillic = raw.decode("cp1251")
    except UnicodeDecodeError:
        cyrillic = None
    if cyrillic is not None and _reads_as_cyrillic(cyrillic) and not _wordless(cyrillic):
        warnings.append("not UTF-8: decoded as cp1251")
        return cyrillic
    latin = raw.decode("latin-1")
    if _wordless(latin):
        raise ArticleError("not text: not UTF-8, and no words in cp1251 or latin-1 (random bytes?)")
    warnings.append("not UTF-8: decoded as latin-1")
    return latin


def _wordless(text: str) -> bool:
    """Bytes that only a one-byte code page turns into characters, with (almost) no spaces between them:
    any language those code pages write separates its words, so this is not text."""
    sample = text[:8192]
    if len(sample) < 64:
        return False
    spaces = sum(c.isspace() for c in sample)
    return spaces < len(sample) * 0.03


def _reads_as_cyrillic(text: str) -> bool:
    """cp1251 decodes nearly any bytes; believe it only when its words are wholly Cyrillic, not Latin
    words with stray Cyrillic letters (what latin-1 accents look like through cp1251)."""
    pure = mixed = 0
    for word in _WORD.findall(text):
        cyr = sum("\u0400" <= c <= "\u04ff" for c in word)
        if cyr == 0:
            continue
        if cyr == len(word):
            pure += 1
        else:
            mixed += 1
    return pure > mixed


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > len(sample) * 0.05


def normalise_lines(text: str) -> list[str]:
    """NFC, LF line ends, no control characters, no trailing or leading spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    return [line.strip() for line in text.split("\n")]


def paragraphs(lines: list[str]) -> str:
    """Paragraphs separated by exactly one blank line. A text with no blank lines at all has one
    paragraph per line (the way some crawls write it)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) == 1:
        blocks = [[line] for line in blocks[0]]
    return "\n\n".join("\n".join(b) for b in blocks)


# ---------------------------------------------------------------- header facts


def parse_date_text(text: str) -> PartialDate | None:
    """A header's date: ISO (with or without a time), or a few common written forms."""
    text = text.strip()
    found = PartialDate.parse(text) or PartialDate.parse(text[:10])
    if found:
        return found
    for fmt in _DATE_FORMATS:
        try:
            when = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%d" in fmt:
            return PartialDate(when.year, when.month, when.day)
        return PartialDate(when.year, when.month)
    return None


def date_from_url(url: str | None) -> PartialDate | None:
    """A date in a URL's path (see bot.ingest.pubdate.from_url)."""
    return pubdate.from_url(url)


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[str]] | None:
    """Form 1: `key: value` lines from the top, one of them a known key, ended by a blank line (or,
    leniently, by the first line that is not `key: value`)."""
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        return None
    header: dict[str, str] = {}
    i = start
    while i < len(lines) and lines[i]:
        m = _HEADER_LINE.match(lines[i])
        if not m:
            break
        header.setdefault(m.group(1).lower(), m.group(2).strip())
        i += 1
    if not header.keys() & _HEADER_KEYS:
        return None
    return header, lines[i:]


def _split_crawl_line(lines: list[str]) -> tuple[str, str | None, list[str]] | None:
    """Form 2: ` date 2023-05-14 Images | gov.kz` -> ('2023-05-14', 'gov.kz', rest)."""
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        return None
    m = _CRAWL_LINE.match(lines[start])
    if not m:
        return None
    rest = m.group(2).strip()
    source = None
    if "|" in rest:
        source = rest.rsplit("|", 1)[1].strip() or None
    return m.group(1), source, lines[start + 1 :]


def looks_like_headline(line: str, next_blank: bool) -> bool:
    """A first line that is a title: short, no closing period, and either set apart by a blank line
    or mostly capitalised words."""
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line[-1] in ".,;:" or line.endswith("...") or line.startswith(("-", "•", "*", '"', "«", "“")):
        return False
    lettered = [w for w in words if w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in lettered)
    return next_blank or (bool(lettered) and capitalised >= 0.6 * len(lettered))


def _title_from_body(lines: list[str]) -> tuple[str | None, list[str]]:
    """Form 3: take the first line as the title when it reads as a headline and text follows it."""
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        return None, lines
    first = lines[start]
    after = lines[start + 1 :]
    if not any(after):
        return None, lines
    next_blank = bool(after) and not after[0]
    if looks_like_headline(first, next_blank):
        return first, after
    return None, lines


# ---------------------------------------------------------------- the article


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise ArticleError("not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"too large: {size:,} bytes (limit {MAX_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:  # grew while we looked
        raise ArticleError(f"too large: {len(raw):,} bytes (limit {MAX_BYTES:,})")
    if not raw.strip():
        raise ArticleError("empty file")
    return raw


_SERVICE_CREDIT = re.compile(r"\s*\([^()]*\b(?:news|press|wire)\s+(?:service|agency)\)\s*$", re.I)


def _outlet(source: str) -> str:
    """ "The Daily (Daily News Service)" -> "The Daily": a desk's credit in brackets is not the outlet's name."""
    return _SERVICE_CREDIT.sub("", source).strip()


def load_article(path: Path, manifest: Manifest | None = None) -> LoadedArticle:
    """Read one article file; ArticleError's message says in one line why a file cannot be used."""
    path = Path(path)
    if not any(c.isalnum() for c in path.stem):
        raise ArticleError(f"the file name gives no article id (“{path.stem}”): name it like 012_title.txt")
    raw = _read_bytes(path)
    warnings: list[str] = []
    text = _decode(raw, warnings)
    if _looks_binary(text):
        raise ArticleError("binary file (control characters), not text")
    lines = normalise_lines(text)

    header: dict[str, str] = {}
    title: str | None = None
    file_date: str | None = None
    source: str | None = None
    split = _split_header(lines)
    if split is not None:
        header, body_lines = split
        title = header.get("title") or None
        file_date = header.get("date") or header.get("published") or None
        source = _outlet(header.get("source") or "") or None
    else:
        crawl = _split_crawl_line(lines)
        if crawl is not None:
            file_date, source, body_lines = crawl
        else:
            title, body_lines = _title_from_body(lines)
    url = header.get("url") or header.get("link") or None

    article_id = path.stem
    entry = manifest.get(article_id) if manifest else None
    if entry is not None:
        title = title or entry.title
        source = source or entry.source
        url = url or entry.url

    date = _publication_date(file_date, entry.date if entry else None, url, warnings) or pubdate.from_text(
        body_lines, title
    )

    body = paragraphs(drop_boilerplate(body_lines))
    if not body:
        raise ArticleError("no article text (only a header or page furniture)")
    return LoadedArticle(
        id=article_id,
        body=body,
        title=title,
        date=date,
        source=source,
        url=url,
        path=str(path),
        content_hash=hashlib.sha256(raw).hexdigest(),
        warnings=warnings,
    )


def _publication_date(
    file_date: str | None, manifest_date: str | None, url: str | None, warnings: list[str]
) -> PartialDate | None:
    """The file's own date, then the manifest's, then the URL's (`unknown` says the file does not know:
    the search goes on); the caller then asks the text itself."""
    for origin, value in (("file", file_date), ("manifest", manifest_date)):
        if value is None or not value.strip() or value.strip().lower() == UNKNOWN:
            continue
        found = parse_date_text(value)
        if found:
            return found
        warnings.append(f"unreadable {origin} date {value.strip()[:40]!r}")
    return date_from_url(url)
