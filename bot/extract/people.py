"""Decides which name runs are people and ties every form of one person together in an article.

A run of two name words becomes a person when its context says so (a title, an honorific, a
speech verb, a list with a known person, or its surname used again); a single word is a person
only as the surname of someone already named, or right after a title ("President Ormanov").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from bot.extract.lexicon import Lexicon
from bot.extract.names import NameRun, is_initial, particles
from bot.extract.tagger import Tag
from bot.extract.titles import Role, role_after, role_before
from bot.extract.tokens import Token, norm


@dataclass
class SentenceInfo:
    """Everything read from one sentence before people are decided."""

    index: int
    para: int
    text: str
    tokens: list[Token]
    tags: list[Tag | None]
    runs: list[NameRun]
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Mention:
    sent: int
    run: NameRun
    role: Role | None
    appos: Role | None
    start: int  # character span covering title, honorific, name and apposition
    end: int
    name_start: int
    name_end: int
    person: int = -1


@dataclass
class Person:
    name: str
    words: list[str]  # name words of the fullest form
    forms: list[str] = field(default_factory=list)
    honorific: str = ""
    roles: list[tuple[Role, int]] = field(default_factory=list)  # (role, sentence index)
    mentions: int = 0
    first_sent: int = 10**9
    country: str | None = None
    origin: str | None = None  # "X of Egypt", "X from Nigeria": the state written right after the name
    _keys: list[str] = field(default_factory=list, repr=False)
    _keys_for: list[str] | None = field(default=None, repr=False)

    @property
    def keys(self) -> list[str]:
        if self._keys_for is not self.words:
            self._keys = [norm(w) for w in self.words if not is_initial(w)]
            self._keys_for = self.words
        return self._keys

    @property
    def surname(self) -> str:
        return short_name(self.words)


@cache
def _family_first() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("bot").joinpath("data", "family_name_first.txt").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {"any": set(), "hyphen": set()}
    cur = "any"
    for line in text.splitlines():
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        if w.startswith("[") and w.endswith("]"):
            cur = w[1:-1]
            continue
        sections.setdefault(cur, set()).add(norm(w))
    return frozenset(sections["any"]), frozenset(sections["hyphen"])


_FAMILY_PARTICLES = frozenset(
    {
        "al",
        "el",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "ter",
        "dos",
        "das",
        "do",
    }
)


def short_name(words: list[str]) -> str:
    """How the article would name someone briefly: the surname with its particles ("von der Heide",
    "Al Fahad"), or the family name written first ("Wang Lei" -> "Wang", "Park Ji-hoon" -> "Park")."""
    plain = [w for w in words if not is_initial(w)]
    if len(plain) < 2:
        return plain[0] if plain else " ".join(words)
    if len(plain) == 2:
        anyf, hyphen = _family_first()
        first = norm(plain[0])
        if first in anyf or (first in hyphen and "-" in plain[1]):
            return plain[0]
    i = len(plain) - 1
    while i > 1 and plain[i - 1].lower() in _FAMILY_PARTICLES:
        i -= 1
    return " ".join(plain[i:])


def _core_keys(run: NameRun) -> list[str]:
    return [norm(w) for w in run.words if not is_initial(w)]


def _signal(info: SentenceInfo, run: NameRun, role: Role | None, appos: Role | None, lex: Lexicon) -> bool:
    if role is not None or appos is not None or run.honorific:
        return True
    nxt = info.tokens[run.end] if run.end < len(info.tokens) else None
    return nxt is not None and nxt.kind == "word" and (nxt.key in lex.verbs or nxt.key in ("also", "then"))


def _same(a: list[str], b: list[str]) -> bool:
    """Is name b a form of name a? (equal, or a shorter form ending in the same surname)."""
    if a == b:
        return True
    if not a or not b or a[-1] != b[-1]:
        return False
    long, short = (a, b) if len(a) >= len(b) else (b, a)
    if _fathers_name(long, short):
        return False
    sa, sb = set(a), set(b)
    return sb <= sa or sa <= sb


# "his counterpart", "his colleague from Norway": a title that borrows the rank of the person met
_COUNTERPART_HEADS = frozenset({"counterpart", "counterparts", "colleague", "colleagues", "peer", "peers"})

PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben", "binti", "bn", "ould"})


def _fathers_name(long: list[str], short: list[str]) -> bool:
    """ "Hamad bin Rashid Al Fahad" inside "Saud bin Hamad bin Rashid Al Fahad": a shorter
    name whose first word only stands after "bin"/"ibn" in the longer one is the father's (or an
    ancestor's) name, another person."""
    k = 0
    while k < len(short) and k < len(long) and short[k] == long[k]:
        k += 1  # a shared honorific
    if k >= len(short) or short[k] in PATRONYMIC:
        return False
    for i in range(k, len(long)):
        if long[i] == short[k]:
            return i > 0 and long[i - 1] in PATRONYMIC
    return False


def build_people(infos: list[SentenceInfo], lex: Lexicon) -> list[Person]:
    """Accept people, cluster their forms; fills each SentenceInfo.mentions."""
    people: list[Person] = []
    pending: list[tuple[SentenceInfo, NameRun, Role | None, Role | None]] = []
    singles: list[tuple[SentenceInfo, NameRun, Role | None, Role | None]] = []
    ps = particles()

    def attach(info: SentenceInfo, run: NameRun, role: Role | None, appos: Role | None, pid: int) -> None:
        toks = info.tokens
        s = run.hon_start if run.hon_start >= 0 else run.start
        # a title shared by a list stands before its first name only: "ministers, X, Y" spans X alone
        near = role is not None and role.end >= s - 2
        start = toks[role.start].start if role is not None and near else toks[s].start
        if role is not None and near and role.start > 0 and toks[role.start - 1].key == "the":
            start = toks[role.start - 1].start
        end = toks[appos.end - 1].end if appos is not None else toks[run.end - 1].end
        info.mentions.append(
            Mention(info.index, run, role, appos, start, end, toks[s].start, toks[run.end - 1].end, pid)
        )
        p = people[pid]
        p.mentions += 1
        p.first_sent = min(p.first_sent, info.index)
        form = run.text
        if form not in p.forms:
            p.forms.append(form)
        if run.honorific and not p.honorific:
            p.honorific = run.honorific
        for r in (role, appos):
            if r is not None:
                p.roles.append((r, info.index))
        if p.origin is None:
            p.origin = stated_state(info, run)

    def find(keys: list[str]) -> int:
        for pid, p in enumerate(people):
            if _same(p.keys, keys):
                return pid
        return -1

    def add_full(info: SentenceInfo, run: NameRun, role: Role | None, appos: Role | None) -> None:
        keys = _core_keys(run)
        pid = find(keys)
        if pid < 0:
            people.append(Person(run.text, list(run.words)))
            pid = len(people) - 1
        p = people[pid]
        if len(run.words) > len(p.words) or (len(run.words) == len(p.words) and len(run.text) > len(p.name)):
            p.words, p.name = list(run.words), run.text
        attach(info, run, role, appos, pid)

    headlines: list[tuple[SentenceInfo, NameRun, Role | None]] = []
    for info in infos:
        list_role: Role | None = None
        list_states: list[Tag] = []
        listed = 0
        previous: tuple[NameRun, Role] | None = None
        headline = is_headline(info, lex)
        for run in info.runs:
            first = run.hon_start if run.hon_start >= 0 else run.start
            role = role_before(info.tokens, info.tags, first, info.text, lex)
            appos = role_after(info.tokens, info.tags, run.end, info.text, lex)
            run = _drop_leading_org(info, run, role)
            run, role = _title_tail(info, run, role, lex)
            if _names_a_body(info, run, lex):
                continue
            if headline:
                headlines.append((info, run, role))
                continue
            if appos is not None and appos.plural:
                appos = None
            if (
                role is not None
                and role.end - role.start == 1  # a bare rank ("Prince", "Sheikh") opening a list item
                and role.start > 1
                and info.tokens[role.start - 1].text == ","
            ):
                outer = role_before(info.tokens, info.tags, role.start, info.text, lex)
                if outer is not None and outer.plural:
                    role = outer  # "the foreign ministers of A, Prince X; B, Y": the list's title, not the rank
            if role is not None and role.plural:
                list_role, list_states, listed = role, _states_before(info, role, first), 0
                role = Role(
                    role.singular(),
                    role.start,
                    role.end,
                    role.country,
                    role.org,
                    heads=role.heads,
                    shared=True,
                )
            elif role is None and list_role is not None:
                role = _list_item_role(info, first, list_role)
                if role is None and _continues_list(info, first):
                    role = Role(list_role.singular(), list_role.start, list_role.end, heads=list_role.heads)
                    role.shared = True
            if role is not None and role.shared and list_role is not None:
                role = _aligned(info, role, list_role, list_states, listed)
                listed += 1
            if role is not None and set(role.heads) <= _COUNTERPART_HEADS and info.mentions:
                role = _counterpart_role(info, role, info.mentions[-1].role)
            elif role is not None and previous is not None:
                role = _shared_state(info, role, *previous)
            previous = (run, role) if role is not None else None
            core = [w for w in run.words if w.lower() not in ps and not is_initial(w)]
            if len(core) >= 2:
                if _signal(info, run, role, appos, lex) or find(_core_keys(run)) >= 0 or stated_state(info, run):
                    add_full(info, run, role, appos)
                else:
                    pending.append((info, run, role, appos))
            else:
                singles.append((info, run, role, appos))

    # pending multi-word runs: a known person's form, listed with a person, or surname used alone
    single_keys = {norm(run.words[-1]) for _, run, _, _ in singles}
    for info, run, role, appos in pending:
        keys = _core_keys(run)
        listed = _listed_with_person(info, run)
        shaped = len(keys) <= 3 and len(keys[-1]) >= 5 and keys[-1].endswith(lex.surname_endings)
        if find(keys) >= 0 or keys[-1] in single_keys or listed or shaped:
            add_full(info, run, role, appos)

    for info, run, role in headlines:
        known = _known_prefix(run, find)
        if known is not None:
            add_full(info, known, role, None)

    for info, run, role, appos in singles:
        key = norm(run.words[-1])
        cands = [pid for pid, p in enumerate(people) if key in p.keys[1:] or (len(p.keys) == 1 and p.keys[0] == key)]
        if not cands:
            firsts = [pid for pid, p in enumerate(people) if p.keys and p.keys[0] == key]
            cands = firsts if len(firsts) == 1 else []
        if len(cands) > 1:
            # the most recently introduced before this sentence
            before = [c for c in cands if people[c].first_sent <= info.index]
            cands = [max(before, key=lambda c: people[c].first_sent)] if before else cands[:1]
        if cands:
            attach(info, run, role, appos, cands[0])
            continue
        prev = info.tokens[run.start - 1] if run.start > 0 else None
        after_head = prev is not None and prev.is_cap and prev.key in lex.title_heads
        # "Minister of Foreign Affairs of Norway K. B. Surname": initials make a lone surname a name
        initialled = any(is_initial(w) for w in run.words)
        opening = run.hon_start if run.hon_start >= 0 else run.start
        adjacent = role is not None and (
            role.end in (run.start, run.hon_start)
            or (role.end == opening - 1 and info.tokens[role.end].text == ",")  # "the Speaker of X, D.A. Surname"
        )
        if (adjacent and (after_head or initialled)) or run.honorific:
            people.append(Person(run.text, list(run.words)))
            attach(info, run, role, appos, len(people) - 1)
    for info in infos:
        info.mentions.sort(key=lambda m: m.start)
    return people


def is_headline(info: SentenceInfo, lex: Lexicon) -> bool:
    """A sentence in headline case: every word capitalised but the small ones, and no final stop.
    Its capitalised verbs ("Lavrov Converses with ...") run on from names, so its names are only trusted
    where the article names the same person elsewhere."""
    if info.text.rstrip().endswith((".", "!", "?")):
        return False
    words = [t for t in info.tokens if t.kind == "word" and t.text[:1].isalpha()]
    caps = sum(1 for t in words if t.is_cap)
    return caps >= 4 and all(t.is_cap or t.key in lex.small_words for t in words)


def _known_prefix(run: NameRun, find: Callable[[list[str]], int]) -> NameRun | None:
    """The longest opening of a headline's name run that names a person met elsewhere in the article."""
    end = run.end
    for k in range(len(run.words), 0, -1):
        if k < len(run.words):
            dropped = run.words[k]
            end -= 2 if len(dropped) == 2 and dropped.endswith(".") else 1  # an initial is letter and stop
        part = NameRun(run.start, end, run.words[:k], run.honorific, run.hon_start)
        keys = _core_keys(part)
        if keys and (len(keys) >= 2 or k == len(run.words)) and find(keys) >= 0:
            return part
    return None


def _title_tail(info: SentenceInfo, run: NameRun, role: Role | None, lex: Lexicon) -> tuple[NameRun, Role | None]:
    """ "High Commissioner on National Minorities Jan Kowal": a title cannot end on a modifier
    ("National"), so the capitalised word after it closes the title and the name starts after it."""
    if role is None or run.hon_start >= 0 or role.end != run.start or len(run.words) < 3:
        return run, role
    last = info.tokens[role.end - 1]
    if not (last.text[:1].isupper() and last.key in lex.title_words and last.key not in lex.domains):
        return run, role
    if last.key in lex.title_heads or info.tags[role.end - 1] is not None:
        return run, role
    word = info.tokens[run.start]
    title = info.text[info.tokens[role.start].start : word.end]
    return NameRun(run.start + 1, run.end, run.words[1:]), replace(role, title=title, end=run.start + 1)


def _names_a_body(info: SentenceInfo, run: NameRun, lex: Lexicon) -> bool:
    """ "the Nur Otan party", "the Universal Periodic Review": a name run followed by the head noun of
    an organisation, programme or document names that body, not a person."""
    if run.honorific:
        return False
    s = run.start
    if s >= 2 and info.tokens[s - 1].key == "the" and info.tokens[s - 2].key == "of" and run.end < len(info.tokens):
        after = info.tokens[run.end]
        of_state = after.key == "of" and run.end + 1 < len(info.tokens) and _is_state(info.tags[run.end + 1])
        verb_next = after.kind == "word" and after.text.islower() and len(run.words) <= 2
        if (after.text in (",", ".", ";", ")") or of_state or verb_next) and len(run.words) <= 3:
            return True  # "the Speaker of the Vellmar Sejm, X", "Chairman of the Vellmar Khural of Ruritania"
    if run.end >= len(info.tokens):
        return False
    nxt = info.tokens[run.end]
    if nxt.text == "(" and run.end + 2 < len(info.tokens) and info.tokens[run.end + 2].text == ")":
        acronym = info.tokens[run.end + 1].text
        if acronym.isupper() and len(acronym) >= 2:
            return True  # "Regional Anti-terrorist Structure (RATS)": a body with its acronym
    return nxt.kind == "word" and nxt.key in lex.org_nouns and info.tags[run.end] is None


def _drop_leading_org(info: SentenceInfo, run: NameRun, role: Role | None) -> NameRun:
    """ "Chairman of the Board of Samsung Electronics Lee Jae-won": a long run right after a title
    ending in "of" starts with the organisation's name; the person is its last two words."""
    if role is None or run.hon_start >= 0 or len(run.words) < 4 or run.start == 0:
        return run
    if info.tokens[run.start - 1].key not in ("of", "for", "at"):
        return run
    tail = [t.text for t in info.tokens[run.end - 2 : run.end]]
    if tail != run.words[-2:]:
        return run
    return NameRun(run.end - 2, run.end, run.words[-2:])


def _is_state(tag: Tag | None) -> bool:
    return tag is not None and tag.kind in ("country", "demonym")


def _counterpart_role(info: SentenceInfo, role: Role, other: Role | None) -> Role:
    """ "Russian Foreign Minister X and his Kazakh counterpart Y": Y is the Kazakh Foreign Minister."""
    if other is None:
        return role
    words = [
        t.text
        for i, t in enumerate(info.tokens[other.start : other.end])
        if not _is_state(info.tags[other.start + i]) and t.kind != "poss"
    ]
    while words and words[-1].lower() in ("of", "the", "to"):
        words.pop()
    mine = [
        info.text[t.start : t.end]
        for i, t in enumerate(info.tokens[role.start : role.end])
        if _is_state(info.tags[role.start + i])
    ]
    title = " ".join([*mine[:1], *words]) if words else role.title
    return Role(title, role.start, role.end, role.country, role.org, heads=other.heads, is_un=other.is_un)


def _shared_state(info: SentenceInfo, role: Role, prev_run: NameRun, prev_role: Role) -> Role:
    """ "Ruritania's Prime Minister X and Foreign Minister Y", "Ruritanian President X and Foreign Minister Y":
    a state written at the head of the first titled name holds for the next one joined by "and", when that
    one's title names no state or body of its own."""
    if role.country or role.org or role.is_un or not prev_role.country or prev_role.shared:
        return role
    between = [t.key for t in info.tokens[prev_run.end : role.start]]
    if between not in (["and"], [",", "and"]):
        return role
    head = info.tags[prev_role.start]
    if not _is_state(head) or head is None or head.value != prev_role.country:
        return role
    return Role(role.title, role.start, role.end, prev_role.country, heads=role.heads, is_un=role.is_un)


def _list_item_role(info: SentenceInfo, first: int, shared: Role) -> Role | None:
    """ "..., Latvia Ilze X", "...; Latvia, Ilze X;": the country right before a name in a list that a plural
    title opened."""
    i = first - 1
    if i > 0 and info.tokens[i].text == "," and _is_state(info.tags[i - 1]):
        i -= 1  # "the ministers of A, X; B, Y; and C, Z": each item is "state, name"
    tag = info.tags[i] if i >= 0 else None
    if tag is None or tag.kind not in ("country", "demonym"):
        return None
    b = tag.start - 1
    if b > 0 and info.tokens[b].key == "of" and info.tokens[b - 1].is_cap:
        b -= 1  # a state's formal name the lexicon lacks: "..., Confederation of Ruritania X"
        while b > 0 and info.tokens[b - 1].is_cap and info.tags[b - 1] is None and tag.start - b < 5:
            b -= 1
        b -= 1
    if b >= 0 and info.tokens[b].key == "the":
        b -= 1
    before = info.tokens[b].key if b >= 0 else ""
    if before not in (",", "and", ";"):
        return None
    title = shared.singular()
    head_part = title.split(" of ")[0] if " of " in title else title
    return Role(
        f"{head_part} of {info.text[info.tokens[tag.start].start : info.tokens[tag.end - 1].end]}",
        tag.start,
        tag.end,
        country=tag.value,
        heads=shared.heads,
        shared=True,
    )


def _listed_with_person(info: SentenceInfo, run: NameRun) -> bool:
    """ "Ivan X, Olga Y and Aidar Z": a run joined by commas/"and" to an accepted mention."""
    for m in info.mentions:
        lo, hi = (m.run.end, run.start) if m.run.end <= run.start else (run.end, m.run.start)
        between = [t.key for t in info.tokens[lo:hi]]
        if between and all(k in (",", "and") for k in between):
            return True
        # "..., Russian Foreign Minister X and Pakistan's Y": the next item, introduced by its state only
        states = [i for i in range(lo, hi) if _is_state(info.tags[i]) or info.tokens[i].kind == "poss"]
        joins = [i for i in range(lo, hi) if i not in states]
        if (
            m.run.end <= run.start
            and states
            and joins
            and all(info.tokens[i].key in (",", "and") for i in joins)
            and max(joins) < min(states)
        ):
            return True
    return False


def _states_before(info: SentenceInfo, role: Role, first: int) -> list[Tag]:
    """The states a plural title names, in order: "the foreign ministers of A, B and C", "Polish and
    Czech ministers"."""
    out: list[Tag] = []
    i = role.start - 1
    while i >= 0 and (_is_state(info.tags[i]) or info.tokens[i].key in (",", "and")):
        i -= 1  # demonyms listed before the title: "Polish, Gabonese and Cameroonian foreign ministers"
    for k in range(i + 1, first):
        tag = info.tags[k]
        if _is_state(tag) and tag is not None and tag.start == k:
            out.append(tag)
    return out


def _continues_list(info: SentenceInfo, first: int) -> bool:
    """Is this name run the next item of a list (after a comma or "and" that follows a person)?"""
    prev = [t.key for t in info.tokens[max(0, first - 2) : first]]
    return bool(prev) and prev[-1] in (",", "and") and any(m.run.end >= first - 2 for m in info.mentions)


def _aligned(info: SentenceInfo, role: Role, plural: Role, states: list[Tag], index: int) -> Role:
    """ "the foreign ministers of A and B, X and Y (respectively)": the i-th name serves the i-th state."""
    if len(states) < 2 or index >= len(states):
        return role
    tag = states[index]
    head = plural.singular().split(" of ")[0]
    for st in states:  # drop the listed demonyms from the head: "Polish, Czech foreign ministers"
        words = info.text[info.tokens[st.start].start : info.tokens[st.end - 1].end]
        head = head.replace(words + ",", "").replace(words, "").strip(" ,")
    head = head.removeprefix("and ").strip()
    name = info.text[info.tokens[tag.start].start : info.tokens[tag.end - 1].end]
    title = (f"{name} {head}" if tag.kind == "demonym" else f"{head} of {name}") if head else name
    return Role(title, role.start, role.end, tag.value, heads=role.heads, shared=True)


def stated_state(info: SentenceInfo, run: NameRun) -> str | None:
    """ "Sameh Shoukry of Egypt", "Hamisu Takalmawa from Nigeria": the state written right after a name."""
    i = run.end
    toks, tags = info.tokens, info.tags
    if i + 1 >= len(toks) or toks[i].key not in ("of", "from"):
        return None
    j = i + 2 if toks[i + 1].key == "the" and i + 2 < len(toks) and tags[i + 1] is None else i + 1
    tag = tags[j]  # "from the Netherlands", or "from The Netherlands" where the article is the name's
    if tag is None or tag.kind != "country" or tag.start != j or not tag.value:
        return None
    after = toks[tag.end].key if tag.end < len(toks) else ""
    return None if after in ("'s", "’s") else tag.value
