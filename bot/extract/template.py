"""A sentence with its people written as placeholders ("⟨0⟩ met with ⟨1⟩ in Oslo"), the form every meeting
rule reads: mentions, title references ("the Minister") and pronouns ("he", "she", "the latter") resolved to
the article's people, and the main clause's subject found after an introductory phrase."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.extract.lexicon import Lexicon
from bot.extract.people import Person, SentenceInfo
from bot.extract.refs import title_refs

INTRO_WORDS = re.compile(
    r"^(?:At|During|On|In|As|Following|After|Before|Upon|Within|Amid|Speaking|Addressing|"
    r"According|While|Later|Earlier|Also|Meanwhile|Besides|Additionally|Moreover|Furthermore|"
    r"However|Overall|For|Under|Through|With|By|Prior)\b"
)
PLACEHOLDER = re.compile(r"⟨(\d+)⟩")


@dataclass
class Template:
    """The sentence as placeholders, and where each placeholder's person stood in the original."""

    text: str
    slots: list[int]  # slot number -> person index
    subject: int  # person of the main clause subject, -1 if none
    offsets: list[int]  # slot number -> character offset in the original sentence
    segments: list[tuple[int, int, int]] = field(default_factory=list)  # (template pos, original pos, shift)

    def orig(self, pos: int) -> int:
        """A template position as a position in the original sentence."""
        shift = 0
        for tpos, _opos, sh in self.segments:
            if tpos <= pos:
                shift = sh
        return pos + shift


def main_start(info: SentenceInfo) -> int:
    """Where the main clause starts, after an introductory phrase ("At a meeting with X, ...")."""
    spans = [(m.start, m.end) for m in info.mentions]
    comma = info.text.find(",")
    if comma > 0 and len(info.text[:comma].split()) <= 4 and not any(s < comma for s, _ in spans):
        return comma + 1  # a short opening phrase with nobody in it: "Then,", "That afternoon,"
    if not INTRO_WORDS.match(info.text):
        return 0
    for m in re.finditer(",", info.text):
        if not any(s <= m.start() < e for s, e in spans):
            return m.end()
    return 0


_FEMININE = frozenset({"ms", "mrs", "miss", "madam", "madame", "mme", "mademoiselle", "dame", "lady"})
_MASCULINE = frozenset({"mr", "sir", "monsieur", "lord"})


def gender(honorific: str) -> str:
    """ "she" for "Ms"/"Mrs"/"Madam", "he" for "Mr"/"Sir", "" when the honorific does not say."""
    key = honorific.lower().rstrip(".").strip()
    return "she" if key in _FEMININE else "he" if key in _MASCULINE else ""


def pronoun_subject(prev_subject: int, near: dict[str, int], people: list[Person]) -> Callable[[str], int]:
    """Whom "he" or "she" stands for: the last sentence's subject, unless that person is marked as the other
    gender, or is unmarked while someone marked as this one ("Ms X", "Mr Y") was named in this sentence or the
    one before."""

    def pick(pronoun: str) -> int:
        word = pronoun.lower()
        own = gender(people[prev_subject].honorific) if prev_subject >= 0 else ""
        return near[word] if word in near and own != word else prev_subject

    return pick


def build_template(
    info: SentenceInfo,
    people: list[Person],
    lex: Lexicon,
    subject_for: Callable[[str], int],
    last_mentioned: int,
    recent: list[int],
    main: int = -1,
) -> Template:
    spans: list[tuple[int, int, int]] = [(m.start, m.end, m.person) for m in info.mentions]
    for r in title_refs(info, people, lex, recent, main):
        if not any(s < r.end and r.start < e for s, e, _ in spans):
            spans.append((r.start, r.end, r.person))
    spans.sort()
    text = info.text
    main = main_start(info)
    head = text[main:].lstrip()
    lead = main + (len(text[main:]) - len(head))
    subject = -1
    for s, _e, pid in spans:
        if lead <= s <= lead + 4:
            subject = pid
            break
    pron: list[tuple[int, int, int]] = []
    if subject < 0:
        m = re.match(r"(?:He|She)\b", head)
        if m and subject_for(m.group()) >= 0:
            subject = subject_for(m.group())
            pron.append((lead, lead + m.end(), subject))
        m = re.match(r"[Tt]he latter\b", head)
        if m:
            before = [pid for s, _e, pid in spans if s < lead]
            who = before[-1] if before else last_mentioned
            if who >= 0:
                subject = who
                pron.append((lead, lead + m.end(), who))
    for m in re.finditer(r"\b(?:he|she)\b", text):
        if m.start() > lead and (subject >= 0 or subject_for(m.group()) >= 0):
            pron.append((m.start(), m.end(), subject if subject >= 0 else subject_for(m.group())))
    allspans = sorted(spans + [p for p in pron if not any(s < p[1] and p[0] < e for s, e, _ in spans)])
    out: list[str] = []
    slots: list[int] = []
    offsets: list[int] = []
    pos = 0
    segments: list[tuple[int, int, int]] = []
    tlen = 0
    for s, e, pid in allspans:
        if s < pos:
            continue
        out.append(text[pos:s])
        tlen += s - pos
        ph = f"⟨{len(slots)}⟩"
        out.append(ph)
        tlen += len(ph)
        segments.append((tlen, e, e - tlen))
        slots.append(pid)
        offsets.append(s)
        pos = e
    out.append(text[pos:])
    return Template("".join(out), slots, subject, offsets, segments)


def group_of(t: Template, g: str) -> list[int]:
    out: list[int] = []
    for n in PLACEHOLDER.findall(g):
        pid = t.slots[int(n)]
        if pid not in out:
            out.append(pid)
    return out


def placeholder_texts(t: Template, text: str) -> list[str]:
    """What each placeholder stood for in the sentence ("Chinese President Li Wenhao"), for topics."""
    return [text[t.offsets[n] : t.segments[n][1]].strip(" ,") for n in range(len(t.slots))]
