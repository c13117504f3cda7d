"""Topics a meeting has besides what was discussed: its occasion ("the Antalya Diplomacy Forum", read
from "on the sidelines of ...", "on the occasion of ...") and its own name ("working dinner",
"credentials", "phone call"); and the test every topic must pass to be shown: a clean noun phrase, not a
clause, a place or a list of names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.extract.clause_meetings import words

_NP_END = re.compile(
    r"[,;.:!?\"“”]|\s+(?:on|in|at|to|with|where|when|which|who|and\s+(?:the\s+)?(?:sides|two))\s", re.I
)
_DATEISH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\b"
)
# a clause, not a noun phrase: it opens with a verb, or it is the rest of a list sentence
_VERBISH = re.compile(
    r"^(?:met|meet|meets|held|hold|holds|had|will|would|continued|began|begin|started|said|says|told|lastly|"
    r"spoke|speaks|talked|conversed|received|hosted|(?:meeting|meetings|talks|negotiations|conversation)$)\b"
    r"|^(?:scheduled|led|chaired|then|here|there|before|after|on\s+the\s+(?:sidelines|margins|fringes)\s+of)\b"
    r"|^on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:respectively|will\s+begin|will\s+start|shortly)\b",
    re.I,
)


def occasions(text: str) -> list[str]:
    """ "on the sidelines of the SCO foreign ministers' meeting" -> "SCO foreign ministers' meeting"."""
    w = words()
    out: list[str] = []
    for m in w.occasion.finditer(text):
        rest = text[m.end() :].lstrip()
        end = _NP_END.search(rest)
        bare = end is not None and re.fullmatch(r"(?:the\s+)?[a-z]+", rest[: end.start()].strip())
        if end is not None and bare and re.match(r"\s+(?:with|of)\s", end.group()):
            end = _NP_END.search(rest, end.end())  # "the sidelines of meetings with the Nordic states" goes on
        phrase = rest[: end.start()] if end else rest
        phrase = re.sub(r"^(?:the|a|an|his|her|their|its)\s+", "", phrase.strip(), flags=re.I)
        phrase = re.sub(r"\s+\(([A-Z]{2,})\)$", r" (\1)", phrase)
        if not phrase or len(phrase.split()) > 10 or not w.occasion_head.search(phrase):
            continue
        if _DATEISH.search(phrase) or "⟨" in phrase:
            continue
        if " " not in phrase and phrase.islower():
            continue  # "during the meeting", "at the talks": the meeting itself, not an occasion
        if phrase not in out:
            out.append(phrase)
    return out


def kind_phrases(text: str) -> list[str]:
    """The meeting's own name in the sentence: "working dinner", "trilateral meeting", "credentials"."""
    out: list[str] = []
    for m in words().kind_phrase.finditer(text):
        phrase = m.group().lower()
        if phrase not in out:
            out.append(phrase)
    return out


def tidy(topic: str) -> str:
    """ "hold a joint seminar on water" -> "joint seminar on water": what was agreed, as a noun phrase."""
    topic = re.sub(r"^(?:to\s+)?(?:hold|organi[sz]e|conduct|convene)\s+(?:(?:a|an|the)\s+)?", "", topic.strip())
    # "(agreed to) further strengthen economic ties" -> "economic ties"
    return re.sub(
        r"^(?:to\s+)?(?:further\s+)?(?:strengthen|develop|expand|deepen|boost|enhance|promote|intensify|broaden|"
        r"advance|increase|step up|bolster)\s+(?:the\s+)?(?=\w)",
        "",
        topic,
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\w` matches in a str pattern


def blank_word(text: str, part: str) -> str:
    """`re.sub(rf"\\b{re.escape(part)}\\b", " ", text)` without a pattern per name: compiling one for
    each name crowded the `re` module's cache (512 patterns), so every rule's own patterns compiled again."""
    if not part:
        return re.sub(r"\b\b", " ", text)
    out: list[str] = []
    pos = keep = 0
    n = len(part)
    while (i := text.find(part, pos)) >= 0:
        j = i + n
        before = i > 0 and _is_word(text[i - 1])
        after = j < len(text) and _is_word(text[j])
        if before != _is_word(part[0]) and after != _is_word(part[-1]):
            out += (text[keep:i], " ")
            pos = keep = j
        else:
            pos = i + 1
    if not out:
        return text
    out.append(text[keep:])
    return "".join(out)


def clean(topic: str, names: Iterable[str]) -> bool:
    """Is this a topic worth showing: a noun phrase, not a clause, a bare place phrase or a list of the
    people who met?"""
    t = topic.strip()
    if len(t) < 3 or len(t.split()) > 30:
        return False
    if re.match(r"^(?:[’'],?s\b|of\b|and\b|by\b|from\b|(?:at|in)\s+(?:the\s+|his\s+|her\s+)?[A-Z])", t):
        return False  # "’s busy day", "of the People in Beijing", "at the Palace", "in Antalya"
    if re.match(r"^(?:at|in)\s+(?:his|her|their)\s", t) or re.match(r"^on\s+(?:his|her)\s+(?:visit|phone)", t):
        return False  # "at his official residence", "on his visit to Tehran"
    if re.match(r"^that\s", t):
        return False  # "that the trip went well": a clause of what was said
    if re.match(r"^(?:on|by|over)\s+(?:the\s+)?(?:tele)?phone\b", t):
        return False  # "over the phone for half an hour": how they spoke, not what about
    if _VERBISH.search(t):
        return False
    rest = t
    for name in names:
        for part in name.split():
            if len(part) > 2:
                rest = blank_word(rest, part)
    content = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in ("and", "of", "the", "with")]
    return len(content) >= 1  # "Borrell and Jolie": only the names of the people met
