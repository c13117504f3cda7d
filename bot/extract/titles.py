"""Reads the title around a name ("Kazakh Foreign Minister X", "X, Executive Director of ...")
and whom it serves (a state, or an organisation such as the United Nations).

A title is a run of title words, portfolio words, countries, organisations and connectors that
holds at least one head noun ("minister", "ambassador", "secretary-general").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.extract.lexicon import Lexicon
from bot.extract.tagger import Tag
from bot.extract.tokens import Token

CONNECTORS = {
    "the",
    "of",
    "and",
    "in",
    "to",
    "for",
    "on",
    "at",
    "its",
    "his",
    "her",
    "their",
    "a",
    "an",
    "-",
    "–",
    "—",
    "&",
    ",",
    "'s",
    "country",
    "with",
    "by",
    "from",
}
_BORROWED_RANK = {"counterpart", "counterparts", "colleague", "colleagues", "peer", "peers"}
_AREA = {"region", "city", "oblast", "district", "province", "county", "regional"}
# "Representative to the UN": a posting, not the state served ("a colleague from Norway" is from it)
_NOT_AFTER = {"to", "in", "at", "with", "by", "into"}


@dataclass
class Role:
    title: str
    start: int  # token range of the title
    end: int
    country: str | None = None  # state served, if the title says
    org: str | None = None  # organisation served, if the title says
    places: list[str] = field(default_factory=list)
    is_un: bool = False  # a UN-only head ("Under-Secretary-General") with no other affiliation
    heads: list[str] = field(default_factory=list)
    plural: bool = False  # "the foreign ministers of Spain X, Latvia Y": a role shared by a list
    shared: bool = False  # this person's title was read from such a list

    def singular(self) -> str:
        """The title with its plural head made singular ("foreign ministers" -> "foreign minister")."""
        words = self.title.split()
        return " ".join(w[:-1] if w.lower().rstrip(",") in self.heads and w.endswith("s") else w for w in words)


def _head_at(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """Length of a title head starting at token i (0 if none)."""
    for phrase in lex.title_head_phrases.get(tokens[i].key, ()):
        n = len(phrase)
        if i + n <= len(tokens) and tuple(t.key for t in tokens[i : i + n]) == phrase:
            return n
    return 1 if tokens[i].key in lex.title_heads else 0


def _allowed(tokens: list[Token], tags: list[Tag | None], i: int, lex: Lexicon, sent_start: bool) -> bool:
    t = tokens[i]
    if tags[i] is not None:
        return True
    if t.kind == "poss":
        return True
    if t.key in lex.title_heads or t.key in lex.title_words or t.key in lex.domains:
        return True
    if t.text in ("(", ")", "-", "–", "—"):
        return True
    if t.key == "from" and i > 0 and tokens[i - 1].key in _BORROWED_RANK:
        return True  # "his colleague from Norway"
    if t.is_upper and t.kind in ("word", "abbr"):
        return True  # acronyms of bodies: (UNOCT), CTED
    if t.kind == "word" and t.text[:1].isupper() and t.key in lex.strong:
        return not sent_start or t.key in lex.domains
    if t.kind == "word" and t.text[:1].isupper() and i + 1 < len(tokens) and tokens[i + 1].key in _AREA:
        return True  # "akim of the Abai region", "Turkistan city mayor"
    if t.kind == "word" and t.text[:1].isupper() and i + 1 < len(tokens) and tokens[i + 1].key in lex.org_nouns:
        return not sent_start  # "head of the Samruk holding": a body named inside the title
    if t.kind == "word" and t.key in lex.org_nouns and i > 0 and tokens[i - 1].text[:1].isupper():
        return True
    return (
        t.kind == "word"
        and "-" in t.key
        and all(p in lex.strong or p in lex.title_words or p in lex.common for p in t.key.split("-") if p)
    )


def _after_dateline(tokens: list[Token], tags: list[Tag | None], s: int, e: int) -> int:
    """ "Dar es Salaam — President X": a place and a dash that open the text are a dateline, not the title's."""
    k = s
    while k < e:
        tg = tags[k]
        if tg is None or tg.kind not in ("place", "country"):
            break
        k = tg.end
    return k + 1 if s < k < e and tokens[k].text in ("—", "–", "-") else s


def _finish(tokens: list[Token], tags: list[Tag | None], s: int, e: int, text: str, lex: Lexicon) -> Role | None:
    # trim connectors at both ends
    while s < e and (tokens[s].key in CONNECTORS or tokens[s].text in (")", ",")) and tags[s] is None:
        s += 1
    while (
        e > s
        and (tokens[e - 1].key in CONNECTORS or tokens[e - 1].text in ("(", ",", "-", "–"))
        and tags[e - 1] is None
    ):
        e -= 1
    if s >= e:
        return None
    s = _after_dateline(tokens, tags, s, e)
    heads: list[str] = []
    i = s
    while i < e:
        n = _head_at(tokens, i, lex) if tags[i] is None else 0
        if n:
            heads.append(" ".join(t.key for t in tokens[i : i + n]))
            i += n
        else:
            i += 1
    if not heads:
        return None
    # balance a dangling parenthesis
    if tokens[e - 1].text == "(":
        e -= 1
    opened = sum(1 for t in tokens[s:e] if t.text == "(") - sum(1 for t in tokens[s:e] if t.text == ")")
    if opened > 0 and e < len(tokens) and tokens[e].text == ")":
        e += 1
    role = Role(text[tokens[s].start : tokens[e - 1].end], s, e, heads=heads)
    role.plural = all(h.endswith("s") and h[:-1] in lex.title_heads for h in heads)
    folded = " ".join(t.key for t in tokens[s:e])
    un_title = any(h in lex.un_heads for h in heads) or any(u in folded for u in lex.un_heads)
    seen: set[int] = set()
    for i in range(s, e):
        tag = tags[i]
        if tag is None or id(tag) in seen:
            continue
        seen.add(id(tag))
        prev = i - 1
        while prev >= s and tokens[prev].key == "the":
            prev -= 1
        posting = prev >= s and tokens[prev].key in _NOT_AFTER
        if un_title and prev >= s and tokens[prev].key == "for":
            posting = True  # "Special Representative of the Secretary-General for Afghanistan": a remit
        if tag.kind in ("country", "demonym") or (tag.kind == "place" and tag.value):
            if tag.kind == "place":
                role.places.append(text[tokens[tag.start].start : tokens[tag.end - 1].end])
            if not posting and role.country is None:
                role.country = tag.value
        elif tag.kind == "org" and tag.parent and not posting and role.org is None:
            role.org = tag.parent
    if role.org is None and role.country is None:
        for phrase, org in lex.org_titles.items():
            if f" {phrase} " in f" {folded} ":
                role.org = org  # "European Commissioner for Trade": the title names its body
                break
    role.is_un = un_title
    return role


def _org_name_word(tokens: list[Token], tags: list[Tag | None], i: int, e: int, lex: Lexicon) -> bool:
    """ "Chairman of the Board of [Orbita] Telecom", "State Secretary of the German [Federal] Foreign
    Office", "Member of the [Bundestag] and Chairman of ...": an unknown word naming a body in a title."""
    t = tokens[i]
    if t.kind != "word" or not t.text[:1].isupper() or i == 0 or i + 1 >= e:
        return False
    prev = tags[i - 1]
    if not (
        tokens[i - 1].key in ("of", "the", "at", "and", "for", "on") or (prev is not None and prev.kind == "demonym")
    ):
        return False
    nxt = tokens[i + 1]
    if nxt.text[:1].isupper() and nxt.key in lex.strong:
        return True
    # "of the Bundestag and Chairman": the body closes before "and" + another title
    return (
        tokens[i - 1].key in ("of", "the")
        and nxt.key == "and"
        and i + 2 < e
        and (tokens[i + 2].key in lex.title_heads or tokens[i + 2].key in lex.title_words)
    )


def _body_with_acronym(tokens: list[Token], i: int, e: int) -> bool:
    """ "Director of the Regional Anti-terrorist Structure (RATS) [Name]", "Head of the Agency for Maritime
    Affairs (AMA) [Name]": capitalised words (joined by small words) followed by their acronym in brackets
    name a body, inside a title, after "of" or "the"."""

    def body_word(t: Token) -> bool:
        return _cap_word(t) or t.key in _BODY_JOINS

    if not body_word(tokens[i]):
        return False
    k = i
    while k > 0 and k > i - 8 and body_word(tokens[k - 1]) and tokens[k - 1].key not in ("of", "the"):
        k -= 1
    if k == 0 or tokens[k - 1].key not in ("of", "the") or not tokens[k].is_cap:
        return False
    j = i
    while j < e and j < i + 8 and body_word(tokens[j]):
        j += 1
    return j + 2 < e and tokens[j].text == "(" and tokens[j + 1].is_upper and tokens[j + 2].text == ")"


def _body_closing_title(tokens: list[Token], tags: list[Tag | None], i: int, e: int) -> bool:
    """ "the Speaker of the Upper House of the Vellmar Sejm, [Name]", "Chairman of the Vellmar Khural of
    Ruritania [Name]": one to three capitalised words after "of the" that close the title (or are followed by
    "of" and the state that does) name a body the lexicon does not know."""

    if not _cap_word(tokens[i]):
        return False
    k = i
    while k > 0 and i - k < 3 and _cap_word(tokens[k - 1]):
        k -= 1
    j = i
    while j < e and _cap_word(tokens[j]) and tags[j] is None:
        j += 1
    end = j
    state = tags[j + 1] if j + 1 < e and tokens[j].key == "of" else None
    if state is not None and state.kind in ("country", "demonym") and state.start == j + 1:
        end = state.end  # "... of the Vellmar Khural of Ruritania [Name]"
    return end == e and j - k <= 3 and k >= 2 and tokens[k - 1].key == "the" and tokens[k - 2].key == "of"


def _cap_word(t: Token) -> bool:
    """A capitalised word that is no acronym: a word of a body's name ("Regional", "Khural")."""
    return t.is_cap and t.kind == "word" and not t.is_upper


_BODY_JOINS = frozenset({"for", "of", "and", "on", "the", "&"})


def _title_comma(tokens: list[Token], tags: list[Tag | None], i: int, e: int, lex: Lexicon) -> bool:
    """A comma between two titles of one person: a title (head or affiliation) ends before it and
    a title head starts right after it, with more title after that head before the name."""
    if tokens[i].text != "," or i == 0 or i + 2 >= e:
        return False
    after = _head_at(tokens, i + 1, lex) if tags[i + 1] is None else 0
    if not after:
        return False
    prev = tags[i - 1]
    if prev is not None and prev.start > 0 and tokens[prev.start - 1].key in _PLACE_PREPOSITIONS:
        return False  # "In Armenia, Secretary General X": the state is where, not whose
    return (prev is not None and prev.kind in ("org", "country")) or (
        tags[i - 1] is None and _head_at(tokens, i - 1, lex) > 0
    )


_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "into", "across", "throughout"})

MAX_TITLE_TOKENS = 40  # the longest title read in any test set is 18 tokens


def role_before(tokens: list[Token], tags: list[Tag | None], name_start: int, text: str, lex: Lexicon) -> Role | None:
    """The title written right before a name: "Kazakh Deputy Foreign Minister [Name]"."""
    i = name_start - 1
    if i >= 0 and tokens[i].text == ",":
        i -= 1  # "The UN Under-Secretary-General for Political Affairs, Jean-Luc Marchand"
    e = i + 1
    i = _state_list_start(tokens, tags, i)
    lo = max(0, e - MAX_TITLE_TOKENS)  # "Deputy " x 20,000: each name must not walk the whole chain back
    while i >= lo:
        if _title_comma(tokens, tags, i, e, lex):
            i -= 1  # "the Chairperson of the OSCE, Minister for Foreign Affairs of Ruritania [Name]"
            continue
        if (
            not _allowed(tokens, tags, i, lex, sent_start=(i == 0))
            and not _org_name_word(tokens, tags, i, e, lex)
            and not _body_with_acronym(tokens, i, e)
            and not _body_closing_title(tokens, tags, i, e)
        ):
            break
        if tokens[i].key == "and" and tags[i] is None and i + 1 == e and tokens[e].key in lex.honorifics:
            break  # "The Deputy Secretary-General and Ms. X discussed": the title is the other person's
        if tokens[i].key == "and" and tags[i] is None and i + 1 < e:
            k = i + 1
            while k < e - 1 and tokens[k].key == "the":
                k += 1
            nxt = tokens[k]
            joins_titles = i > 0 and _head_at(tokens, i - 1, lex) > 0 and tags[i - 1] is None
            tk = tags[k]
            adjective = (  # "Minister for Foreign and European Affairs": a demonym inside a portfolio
                tk is not None
                and tk.kind in ("demonym", "place", "country")
                and tk.end < e
                and (tokens[tk.end].key in lex.domains or tokens[tk.end].key in lex.title_heads)
            )
            if (
                (tk is not None and not adjective and not (joins_titles and tk.kind in ("org", "demonym")))
                or nxt.key in CONNECTORS
                or not (
                    nxt.key in lex.title_heads
                    or nxt.key in lex.title_words
                    or nxt.key in lex.domains
                    or _org_name_word(tokens, tags, k, e, lex)  # "Industry and Advanced Technology"
                )
            ):
                break
        i -= 1
    return _finish(tokens, tags, i + 1, e, text, lex)


def _state_list_start(tokens: list[Token], tags: list[Tag | None], i: int) -> int:
    """ "the foreign ministers of A, B and C[, names]": a list of two or more states after "of" belongs
    to the (plural) title before it; returns the position of that "of", or i unchanged."""
    j, states = i, 0
    lo = max(0, i - MAX_TITLE_TOKENS)  # a list of states runs no further back than a title may
    while j >= lo:
        tag = tags[j]
        if tag is not None and tag.kind in ("country", "demonym"):
            states += 1
            j = tag.start - 1
        elif tokens[j].key in (",", "and", "the"):
            j -= 1
        else:
            break
    return j if states >= 2 and j >= 0 and tokens[j].key == "of" else i


def role_after(tokens: list[Token], tags: list[Tag | None], name_end: int, text: str, lex: Lexicon) -> Role | None:
    """The title in apposition after a name: "[Name], Executive Director of the CTED,"."""
    i = name_end
    if i >= len(tokens) or tokens[i].text != ",":
        return None
    i += 1
    if i < len(tokens) and tokens[i].key in ("and", "or"):
        return None  # "[Name], and the Foreign Minister, [Name2]": the next item of a list
    s = i
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        if not _allowed(tokens, tags, i, lex, sent_start=False) or t.text == ",":
            break
        i += 1
    if i < len(tokens) and tokens[i].text not in (",", ".", ";", ")") and tokens[i].key not in lex.verbs:
        return None
    return _finish(tokens, tags, s, i, text, lex)
