"""Body -> paragraphs -> sentences, with datelines and leftover boilerplate set aside.

Extraction works sentence by sentence; a dateline ("ASTANA, May 22. /TASS/.") or a photo caption
must never be read as a sentence about people, so they are removed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z’'\-]{1,24}(?:[ \-][A-Z][A-Z’'\-]{1,24}){0,3}"  # ASTANA, NUR-SULTAN, NEW YORK
    r"(?:,\s*(?:[A-Z][a-z]{1,20},?\s*)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)?)?"  # , May 22
    r"(?:\s*\.?\s*/?[A-Z][A-Za-z\-]{0,24}/?\.?\s*[-–—]{1,2}|\s*\.?\s*/[A-Z]{1,12}/\.?"
    r"|\s*\([A-Za-z .\-–—]{1,30}\)\s*[-–—]{1,2}|\s*[-–—]{1,2})\s+"
)
_BOILER = re.compile(
    r"^\s*(?:[0-9a-f]{10,}|.*\bPhoto credit\b.*|.*\bPhoto:.*|Get The Astana Times.*|Sign up .*|"
    r"By [A-Z][\w .\-]{1,60} (?:in [\w &\-]+ )?on \d{1,2} \w+ \d{4}.*|.*\bImages \| .*|"
    r"(?:url|title|date|source|author|tags?):\s.*|Share\b.*|Read more\b.*|Follow us\b.*)\s*$"
)
_ABBREV = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "gen",
    "col",
    "lt",
    "sen",
    "rep",
    "gov",
    "jr",
    "sr",
    "vs",
    "inc",
    "ltd",
    "co",
    "mt",
    "ft",
    "approx",
    "dept",
    "est",
    "fig",
    "vol",
    "art",
    "para",
}
_BOUNDARY = re.compile(r"[.!?…][\"”»’)]*\s+(?=[\"“«(]?[A-Z0-9\u00C0-\u024F])")


@dataclass(frozen=True)
class Sentence:
    text: str
    para: int  # paragraph number in the body
    index: int  # sentence number in the body


_ENDS_LINE = tuple(".!?:;\"”’)»…|")


def _headline_case(line: str) -> bool:
    """A headline's capitals: most longer words capitalised ("Minister Meets Envoys of Two States")."""
    long = [w for w in line.split() if len(w) > 3 and w[:1].isalpha()]
    return len(long) >= 3 and sum(w[:1].isupper() for w in long) >= 0.7 * len(long)


def _continues(prev: str, line: str, wrapped: bool = False) -> bool:
    """Is `line` the rest of a sentence that a hard wrap broke after `prev`? Text wrapped at a fixed width
    (archived pages, wire copy) breaks sentences and names anywhere: "... with Foreign Minister Anders" /
    "Kolberg and other officials." A wrapped line runs close to the width and stops mid-sentence."""
    if not prev or not line or prev.endswith(_ENDS_LINE) or _BOILER.match(line):
        return False
    if _headline_case(prev) and not wrapped:
        return False  # a headline above its story; in text wrapped at a width a line of names is no headline
    if line[:1].islower():
        return len(prev) >= 30
    return len(prev) >= 55 and (prev[-1].isalnum() or prev[-1] in ",-")


def unwrap(body: str) -> str:
    """Joins the lines of each paragraph that a hard wrap split; a line that ends a sentence stays a line."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", body):
        merged: list[str] = []
        lines = [raw.strip() for raw in block.split("\n") if raw.strip()]
        cut = [x for x in lines[:-1] if 50 <= len(x) <= 90 and not x.endswith(_ENDS_LINE)]
        wrapped = len(cut) >= 2  # two or more lines broken mid-sentence near one width
        for line in lines:
            if merged and _continues(merged[-1], line, wrapped):
                merged[-1] += " " + line
            else:
                merged.append(line)
        blocks.append("\n".join(merged))
    return "\n\n".join(blocks)


def _lines(body: str) -> list[str]:
    out = []
    for line in unwrap(body).splitlines():
        s = line.strip()
        if not s or _BOILER.match(s):
            continue
        out.append(s)
    return out


def strip_dateline(text: str) -> tuple[str, str]:
    """("ASTANA – Kazakh ...") -> ("Kazakh ...", "ASTANA –")."""
    m = _DATELINE.match(text)
    if not m:
        return text, ""
    rest = text[m.end() :]
    if not rest[:1].isupper() and rest[:1] not in '"“«':
        return text, ""
    return rest, m.group().strip()


def _abbreviated_given_name(before: str, word: str) -> bool:
    """ "Ma.", "Md.", "Mohd." right after a title head: a given name written short, not a sentence's end."""
    if not re.fullmatch(r"[A-Z][a-z]{1,3}", word):
        return False
    prev = before.rsplit(None, 2)
    from bot.extract.lexicon import load  # a late import: sentences stays usable without the lexicon loaded

    return len(prev) >= 2 and prev[-2][:1].isupper() and prev[-2].lower() in load().title_heads


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph; abbreviations, initials and "U.S." do not end a sentence."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        before = paragraph[max(start, m.start() - 40) : m.start() + 1]
        word = re.search(r"([\w.]+)[.!?…]$", before)
        if word:
            w = word.group(1)
            last = w.rsplit(".", 1)[-1] if w.count(".") and not w.endswith(".") else w
            wl = last.lower().rstrip(".")
            if wl in _ABBREV or (len(wl) == 1 and wl.isalpha()) or re.fullmatch(r"(?:\w\.)+\w?", w):
                continue
            capital_next = paragraph[m.end() : m.end() + 1].isupper()
            if capital_next and re.fullmatch(r"(?:Kh|Sh|Zh|Ch|Ts|Yu|Ya|Ye|Yo)", last.rstrip(".")):
                continue  # "Kh. Zarifi": a two-letter initial
            if capital_next and _abbreviated_given_name(paragraph[max(start, m.start() - 40) : m.start()], last):
                continue  # "Secretary Ma. Ingrid Surname": an abbreviated given name after a title
        piece = paragraph[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [piece for s in out for piece in _bounded(s)]


def _bounded(sentence: str, limit: int = 1200) -> list[str]:
    """A run-on "sentence" (a table, a list without stops) is cut into pieces the later steps
    can read in bounded time; real sentences are far shorter."""
    out = []
    while len(sentence) > limit:
        cut = max(sentence.rfind("; ", 0, limit), sentence.rfind(", ", 0, limit))
        if cut < limit // 2:
            cut = sentence.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        out.append(sentence[: cut + 1].strip())
        sentence = sentence[cut + 1 :].strip()
    if sentence:
        out.append(sentence)
    return out


_DATELINE_PARAGRAPHS = 12  # how far below a page's clutter a story's first paragraph (and dateline) may start


def sentences(body: str) -> tuple[list[Sentence], str]:
    """All sentences of a body, and the dateline if the first paragraph had one."""
    out: list[Sentence] = []
    dateline = ""
    body = body.replace("⟨", "<").replace("⟩", ">")  # the meeting templates use these brackets
    for p, line in enumerate(_lines(body)):
        if not dateline and (p < _DATELINE_PARAGRAPHS or not out):
            line, dl = strip_dateline(line)  # a pasted page may put a headline or clutter above it
            dateline = dateline or dl
        for s in split_sentences(line):
            if len(s) < 3:
                continue
            out.append(Sentence(s, p, len(out)))
    return out, dateline


_BROKEN_PARTICLE = re.compile(r"\b([Aa]l|[Ee]l)-\s+(?=[A-Z])")


# Words glued where a line break was lost: "ForeignMinister", "WomenPhumzile", "UNDevelopment". The left word
# has four letters or more, so names written in camel case ("McDonald", "MacArthur", "LeBlanc") stay whole.
_GLUED_WORDS = re.compile(r"\b([A-Z][a-z]{3,}|[A-Z]{2,})(?=[A-Z][a-z]{2,})")


# a wire service's sign-off glued to a paragraph's last sentence: "... the delegation.—ABC", "... talks. (XYZ)",
# "... next year. (end) ab.cde", "... ###"
_SIGN_OFF = re.compile(
    r"(?<=[.!?\"”])\s*(?:[—–-]{1,2}\s*[A-Z]{2,6}|\([A-Z]{2,6}\)|\((?:end|END|End)\)(?:\s+[\w.]{1,12})?|#{3})[ \t]*$",
    re.M,
)


def mend(body: str) -> str:
    """Repairs what pasting breaks in names: "Al- Zayani" (a particle's hyphen left at a line end), and
    capitalised words glued together by a lost line break ("ForeignMinister"); drops a wire's sign-off."""
    return _GLUED_WORDS.sub(r"\1 ", _BROKEN_PARTICLE.sub(r"\1-", _SIGN_OFF.sub("", body)))
