"""What a meeting was about and where it was: short noun phrases and a place from the sentence."""

from __future__ import annotations

import re

from bot.extract.people import SentenceInfo

_TRIGGER = re.compile(
    r"\b(?:discussed|discuss|addressed|exchanged views on|focused on|talked about|considered|"
    r"touched upon|touched on|covered|regarding|concerning|spoke about|reviewed|on the issues? of|"
    r"expressed gratitude for|thanked [^,]{0,40}? for|praised|welcomed|on prospects for)\b"
)
_PASSIVE = re.compile(r"\b(?:were|was)\s+(?:also\s+)?(?:discussed|addressed|considered|reviewed)\b")
_SPLIT = re.compile(
    r",\s*(?:and\s+|as well as\s+|including\s+)?|\s+as well as\s+|\s+including\s+|\s+and\s+(?=the\s|"
    r"[a-z]+\s+(?:of|on|in)\s|(?:also\s+)?(?:discussed|addressed|noted|exchanged|considered)\b)|;\s*"
)
_CUT = re.compile(
    r",?\s+(?:reported|said|says|according to|the press service|Kazinform|the ministry)\b|[.;]\s*$|"
    r",\s+(?:which|who|where|while)\b|\s+with\s+(?:the\s+)?⟨"
)
_LEAD = re.compile(r"^(?:the|a|an|its|their|his|her|our|also|further|issues of|prospects for|matters of)\s+", re.I)
FOLLOW_UP = re.compile(
    r"^[\"“«]?(?:During|At|In the course of) the (?:meeting|talks|conversation),|"
    r"^[\"“«]?(?:The|Both)\s+(?:sides|parties|interlocutors|two|ministers|officials|diplomats|leaders)\b|"
    r"^They\b|^Discussions\b|^The (?:meeting|talks|discussion)\b|^Special attention\b|"
    r"^Particular attention\b|^Also\b.*\bdiscussed\b"
)


def _chunks(text: str) -> list[str]:
    text = _CUT.split(text, maxsplit=1)[0]
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(' ,.;:"“”«»')
        while True:
            new = _LEAD.sub("", part)
            if new == part:
                break
            part = new
        if not part or "⟨" in part or len(part) < 3:
            continue
        words = part.split()
        if len(words) > 16:
            part = " ".join(words[:16])
        if part not in out:
            out.append(part)
    return out[:5]


def topics_of(info: SentenceInfo, template: str) -> list[str]:
    """Short phrases naming what was discussed ("bilateral relations", "the situation in Afghanistan")."""
    m = _TRIGGER.search(template)
    if m:
        return _chunks(template[m.end() :])
    p = _PASSIVE.search(template)
    if p:
        head = template[: p.start()]
        comma = head.rfind(",")
        return _chunks(head[comma + 1 :] if comma >= 0 else head)
    return []


def place_of(info: SentenceInfo) -> str | None:
    """A city or country the sentence says something happened in ("in New York")."""
    toks = info.tokens
    for i, tg in enumerate(info.tags):
        if tg is None or tg.start != i or tg.kind not in ("place", "country") or i == 0:
            continue
        before = toks[i - 1].key if toks[i - 1].key != "the" or i < 2 else toks[i - 2].key
        if before in ("in", "to", "at"):
            return info.text[toks[tg.start].start : toks[tg.end - 1].end]
    return None
