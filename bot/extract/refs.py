"""Who "the UN Secretary-General", "He" or "the latter" is: references resolved to named people.

Meetings are often written with a title instead of a name ("a meeting of the UN secretary general
with X"); a title names a person of the article when exactly one of them holds that title.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.extract.lexicon import Lexicon
from bot.extract.people import Person, SentenceInfo
from bot.extract.titles import CONNECTORS, Role, role_before

_CORE_EXTRA = {
    "deputy",
    "first",
    "assistant",
    "under",
    "vice",
    "foreign",
    "prime",
    "executive",
    "special",
    "permanent",
    "high",
    "general",
    "crown",
    "chief",
    "acting",
}


def core(title: str, lex: Lexicon) -> frozenset[str]:
    """The rank words of a title: {"deputy", "foreign", "minister"}; portfolio words normalised."""
    words = [w for w in title.lower().replace("-", " ").replace("’", "'").split()]
    out = {w.rstrip(",") for w in words if w.rstrip(",") in lex.title_heads or w in _CORE_EXTRA}
    if "affairs" in words and "foreign" in words:
        out.add("foreign")
    if "head" in out and "state" in words:
        out = (out - {"head"}) | {"president"}  # "the Head of State"
    if len(out) > 2:
        out.discard("head")
    return frozenset(out)


_GENERIC = {
    "diplomat",
    "minister",
    "official",
    "envoy",
    "head",
    "leader",
    "representative",
    "ambassador",
    "president",
    "counterpart",
}


@dataclass
class Ref:
    start: int  # character span in the sentence
    end: int
    person: int


def title_refs(
    info: SentenceInfo, people: list[Person], lex: Lexicon, recent: list[int] | None = None, main: int = -1
) -> list[Ref]:
    """Titles without a name that point at exactly one person of the article."""
    covered: set[int] = set()
    for m in info.mentions:
        covered.update(range(m.start, m.end))
    out: list[Ref] = []
    toks = info.tokens
    i = len(toks) - 1
    while i >= 0:
        t = toks[i]
        if t.start in covered or info.tags[i] is not None or t.key not in lex.title_heads:
            i -= 1
            continue
        # extend the title to the right over portfolio words ("Minister of Foreign Affairs")
        j = i + 1
        while j < len(toks) and (
            toks[j].key in ("of", "for", "the")
            or (toks[j].text[:1].isupper() and (toks[j].key in lex.domains or info.tags[j] is not None))
        ):
            j += 1
        while j > i + 1 and toks[j - 1].key in CONNECTORS:
            j -= 1
        if j < len(toks) and any(m.name_start == toks[j].start for m in info.mentions):
            i -= 1
            continue
        role = role_before(toks, info.tags, j, info.text, lex)
        incomplete = j < len(toks) and (toks[j].key in ("of", "to", "for") or toks[j].is_cap)
        if role is None or role.plural or incomplete:
            i -= 1
            continue
        bare = (
            len(core(role.title, lex)) == 1
            and not (role.country or role.org)
            and "president" not in role.heads
            and "head of state" not in role.heads
        )
        definite = role.start > 0 and toks[role.start - 1].key == "the" and role.end - role.start == 1
        if bare and not definite:
            i -= 1
            continue
        pid = resolve_definite(role, people, lex, recent, main) if bare else resolve(role, people, lex, recent)
        if pid >= 0:
            s = role.start
            if s > 0 and toks[s - 1].key == "the":
                s -= 1
            out.append(Ref(toks[s].start, toks[role.end - 1].end, pid))
            i = role.start - 1
            continue
        i -= 1
    out.sort(key=lambda r: r.start)
    return out


def _compatible(role: Role, r: Role, p: Person) -> bool:
    """Same state or organisation, as the titles state them (a guessed country does not count)."""
    states = {x.country for x, _ in p.roles if x.country}
    orgs = {x.org for x, _ in p.roles if x.org} | ({"United Nations"} if any(x.is_un for x, _ in p.roles) else set())
    if role.country and role.country not in states:
        return False
    return not (role.org and role.org not in orgs)


def resolve(role: Role, people: list[Person], lex: Lexicon, recent: list[int] | None = None) -> int:
    """The one person whose title has the same rank words (or, failing that, includes them) and a
    compatible affiliation; "the Kazakh diplomat" is the latest person of that state spoken of."""
    want = core(role.title, lex)
    if not want:
        return -1
    exact: list[int] = []
    loose: list[int] = []
    for pid, p in enumerate(people):
        for r, _ in p.roles:
            if not _compatible(role, r, p):
                continue
            have = core(r.title, lex)
            if have == want and pid not in exact:
                exact.append(pid)
            elif want <= have and pid not in loose:
                loose.append(pid)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1 and recent:
        for pid in reversed(recent):
            if pid in exact:
                return pid
    if not exact and len(loose) == 1:
        return loose[0]
    if not exact and role.country and want & _GENERIC:
        for pid in reversed(recent or []):
            if people[pid].country == role.country:
                return pid
        of_state = [pid for pid, p in enumerate(people) if p.country == role.country]
        if len(of_state) == 1:
            return of_state[0]  # "the Vietnamese official": the article's one person of that state
    return -1


def resolve_definite(role: Role, people: list[Person], lex: Lexicon, recent: list[int] | None, main: int) -> int:
    """ "the minister", "the secretary-general": a bare definite title is the article's main subject
    when it holds that title, else the one person holding it, else the latest subject holding it."""
    want = core(role.title, lex)
    if not want:
        return -1
    holders = [pid for pid, p in enumerate(people) if any(want <= core(r.title, lex) for r, _ in p.roles)]
    if main in holders:
        return main
    if not holders and want <= {"diplomat"} and main >= 0 and recent and main in recent[-3:]:
        return main  # "the diplomat": the article's subject, still the one spoken of
    if len(holders) == 1:
        return holders[0]
    for pid in reversed(recent or []):
        if pid in holders:
            return pid
    return -1


def counterpart(country: str, subject: int, people: list[Person], lex: Lexicon) -> int:
    """The person of one state ("his counterparts from Kuwait, ...") whose rank is most like the subject's."""
    mine: frozenset[str] = frozenset()
    if subject >= 0:
        for r, _ in people[subject].roles:
            mine = mine | core(r.title, lex)
    best, score = -1, -1
    for pid, p in enumerate(people):
        if pid == subject or p.country != country:
            continue
        s = max((len(core(r.title, lex) & mine) for r, _ in p.roles), default=0)
        if s > score:
            best, score = pid, s
    return best
