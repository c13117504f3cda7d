"""What a meeting was about and where it was: short noun phrases and a place from the sentence."""

from __future__ import annotations

import re

from bot.extract.people import SentenceInfo

TRIGGER = re.compile(
    r"\b(?:discussed|discuss|addressed|exchanged views on|focused on|talked about|considered|"
    r"touched upon|touched on|covered|regarding|concerning|spoke about|reviewed|on the issues? of|"
    r"expressed gratitude for|thanked [^,]{0,40}? for|praised|welcomed|on prospects for|"
    r"paid (?:particular |special |great )?attention to|informed [^,]{0,40}? (?:about|of)|briefed [^,]{0,40}? on|"
    r"reported to [^,]{0,40}? on)\b"
)
# what else introduces what was discussed, for topics only (TRIGGER also bounds a meeting's place, so
# these stay out of it): further discussion verbs, attention paid, views exchanged, a message delivered
TOPIC_TRIGGER = re.compile(
    TRIGGER.pattern
    + r"|\b(?:examined|explored|deliberated (?:on|over)|mentioned|raised|dealt with|took stock of|"
    r"reaffirmed|reiterated|expressed (?:\w+ )?support for|"
    r"revolved (?:\w+ )?around|cent(?:e|r)ed (?:\w+ )?(?:on|around)|(?:was|were) (?:\w+ )?(?:devoted|dedicated) to|"
    r"congratulated [^,]{0,40}? (?:on|upon)|paid (?:\w+ )?attention to|"
    r"(?:was|were) (?:also )?paid to|exchange of views (?:also )?(?:took place |was held )?on|"
    r"(?:delivered|conveyed|handed over|passed on)(?= [^,.;]{0,40}?\bmessages?\b))"
)
# "held talks with Y on trade": the subject of talks named after them, never a day or an occasion
_TALKS_ON = re.compile(
    r"\b(?:talks|discussions?|consultations|negotiations|conversations?|meetings?|dialogue)\s+"
    r"(?:with\s+(?:[^,.;⟨]{0,40}?)?⟨\d+⟩(?:[’']s?)?\s+)?(?:on|about|over)\s+"
    r"(?!(?:the\s+|this\s+|that\s+)?(?:same|eve|next|following|previous|day|morning|afternoon|evening|night|"
    r"sidelines|margins|fringes|occasion|phone|telephone|behalf|way|first|second|last|weekend|\d|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)"
)
_PASSIVE = re.compile(
    r"\b(?:were|was)\s+(?:also\s+)?(?:discussed|addressed|considered|reviewed|examined|on the agenda)\b|"
    r"\b(?:also\s+)?(?:figured|featured)\s+(?:\w+\s+)?(?:in|on|at)\s+(?:the|his|her|their)\s+"
    r"(?:talks|discussions?|meetings?|conversations?|agenda)\b"
)
_SPLIT = re.compile(
    r",\s*(?:and\s+|as well as\s+|including\s+)?|\s+as well as\s+|\s+including\s+|\s+and\s+(?=the\s|"
    r"[a-z]+\s+(?:of|on|in)\s|(?:also\s+)?(?:discussed|addressed|noted|exchanged|considered|raised|mentioned|examined|reviewed|"
    r"expressed|reaffirmed|reiterated|welcomed|stressed|underlined|emphasi[sz]ed|called|urged|agreed)\b)|;\s*"
)
_CUT = re.compile(
    r",?\s+(?:reported|said|says|according to|the press service|Kazinform|the ministry)\b|[.;]\s*$|"
    r",[\"”]?\s+(?:the\s+)?(?:⟨\d+⟩|[\w’' ]){0,40}?\s*\b(?:said|reported|says|reports|stated|told)\b|"
    r",\s+(?:which|who|whose|where|while)\b|\s+with\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}⟨|"
    # a clause of what someone said or felt, hung on with a comma ("..., wishing him success")
    r",\s+(?:adding|saying|noting|stressing|emphasi[sz]ing|expressing|wishing|calling|urging|highlighting|"
    r"underlining|underscoring|reaffirming|reiterating|hoping|pointing|voicing)\b"
)
_LEAD = re.compile(
    r"^(?:the|a|an|its|their|his|her|our|also|further|issues of|prospects for|matters of|discussed|addressed|"
    r"considered|reviewed|examined|noted|stressed|welcomed|mentioned|raised(?: the (?:issues?|questions?) of)?|"
    r"along with|together with|expressed(?: \w+)? support for|reaffirmed|reiterated)\s+",
    re.I,
)
FOLLOW_UP = re.compile(
    r"^[\"“«]?(?:During|At|In the course of) the (?:meetings?|talks|conversations?|negotiations|discussions?)"
    r"(?:\s+held\s+[^,]{0,40})?(?:,|\s+(?:the|both)\s+(?:sides|parties)\b)|"
    r"^[\"“«]?(?:(?:According to|In the words of) [^,]{1,60},\s+|In (?:this regard|addition),\s+)?"
    r"(?:[Tt]he|[Bb]oth)\s+(?:sides|parties|interlocutors|two|ministers|officials|diplomats|leaders|"
    r"participants|delegations|heads)\b|^(?:Sides|Parties|Ministers|Interlocutors|Delegations)\b|"
    r"^They\b|^Discussions\b|^The (?:meetings?|talks|discussions?|conversations?|negotiations)\b|"
    r"^Special attention\b|"
    r"^Particular attention\b|^Also\b.*\bdiscussed\b"
)


_UNNAMED = re.compile(
    r"\b(?:attention (?:was|were) (?:also )?paid to|exchange of views (?:also )?(?:took place|was held))\b"
)


def passive_topic(template: str) -> bool:
    """Does a sentence naming no one say what was discussed ("Attention was paid to ...", "Issues of
    trade were discussed", "An exchange of views took place on ...")?"""
    return bool(_PASSIVE.search(template) or _UNNAMED.search(template))


_SLOT = re.compile(r"⟨(\d+)⟩")
_RELATIVE_PART = re.compile(r"^(?:(?:for|in|of|to|by|with|at)\s+)?(?:which|whom|who|whose)\b", re.I)


def _chunks(text: str, names: list[str] | None = None) -> list[str]:
    text = _CUT.split(text, maxsplit=1)[0]
    if names:
        # people inside a topic ("the state visit of <President Z>") are written by their short names
        text = _SLOT.sub(lambda m: names[int(m.group(1))] if int(m.group(1)) < len(names) else m.group(), text)
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(' ,.;:"“”«»')
        while True:
            new = _LEAD.sub("", part)
            if new == part:
                break
            part = new
        if not part or "⟨" in part or len(part) < 3 or _RELATIVE_PART.match(part):
            continue
        words = part.split()
        if len(words) > 20:
            part = " ".join(words[:20])
        if part not in out:
            out.append(part)
    return out[:5]


# what "The sides ..." did, in a sentence that follows a meeting: its subject is the meeting's parties
_FOLLOW_TRIGGER = re.compile(
    r"^(?:[^⟨,]{0,60}?,\s+)?(?:[Tt]he|[Bb]oth)\s+\w+\s+(?:also\s+)?(?:agreed (?:to|on)|noted)\b|"
    r"^[^;:]{0,80}?\b(?:both\s+)?(?:also\s+)?agreed (?:to|on)\b"
)


_WHO_SAID = re.compile(
    r"⟨\d+⟩,\s+who\s+(?:said|noted|stressed|confirmed|reaffirmed|assured\s+[^,]{0,30}?)\s+(?:that\s+)?"
)


_SAID_THAT = re.compile(
    r"^.{0,60}?⟨\d+⟩\s+(?:also\s+)?(?:said|says|noted|stated|added|told [^,]{0,30}?)\s+(?:that\s+)?"
)


def topics_of(info: SentenceInfo, template: str, names: list[str] | None = None, follow: bool = False) -> list[str]:
    """Short phrases naming what was discussed ("bilateral relations", "the situation in Afghanistan");
    `names` gives the short name of each ⟨n⟩ placeholder of a template; `follow` reads a sentence that
    follows a meeting ("The sides agreed to ...")."""
    m = (
        TOPIC_TRIGGER.search(template)
        or _TALKS_ON.search(template)
        or (_FOLLOW_TRIGGER.search(template) if follow else None)
    )
    if m:
        return _chunks(template[m.end() :], names)
    w = _WHO_SAID.search(template)
    if w:  # "... met with Y, who said the EU supports the bid to join the WTO": what Y told them
        return _chunks(template[w.end() :], names)[:1]
    p = _PASSIVE.search(template)
    if p:
        head = template[: p.start()]
        said = _SAID_THAT.search(head)  # "X said fisheries and ferry links figured in the talks"
        head = head[said.end() :] if said else head
        comma = head.rfind(",")
        return _chunks(head[comma + 1 :] if comma >= 0 else head, names)
    return []


_ASIDE = re.compile(r",\s+(?:who|which|whose)\b")


def place_limit(text: str) -> int:
    """Where the sentence stops saying where the meeting was: at what was discussed ("discussed the
    summit in Samarkand") or at a relative clause ("X, who is on his first visit to Central Asia")."""
    m = TRIGGER.search(text)
    r = _ASIDE.search(text)
    return min(m.start() if m else len(text), r.start() if r else len(text))


def place_of(info: SentenceInfo, limit: int | None = None) -> str | None:
    """A city or country the sentence says something happened in ("in New York"), before `limit`."""
    toks = info.tokens
    for i, tg in enumerate(info.tags):
        if tg is None or tg.start != i or tg.kind not in ("place", "country") or i == 0:
            continue
        if limit is not None and toks[i].start >= limit:
            break
        if any(m.start <= toks[i].start < m.end for m in info.mentions):
            continue  # "Ambassador to Russia X": a posting in a title, not where something happened
        before = toks[i - 1].key if toks[i - 1].key != "the" or i < 2 else toks[i - 2].key
        if before in ("in", "to", "at"):
            return info.text[toks[tg.start].start : toks[tg.end - 1].end]
    return None
