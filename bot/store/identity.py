"""One person across articles: which stored person a PersonRecord is, by indexed lookups only.

Every lookup goes through `person_keys` (each person's distinct folded forms, kept equal to `aliases` by
triggers; indexed by key) or `people.key` (unique), so resolving a person costs a few index probes however
many people the store holds and however many articles name them. Full names are matched on their folded forms;
shorter and longer forms of one name ("Dana K. Orlova" / "Dana Orlova", "Sheikh X Y" / "X Y") are
found among the people sharing the surname, because the writer stores each full name's surname as an
alias too. A bare surname joins the one full-name person who has it, or stays a person of its own until
a full name with that surname arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import aiosqlite

from bot.extract.types import PersonRecord
from bot.store.variants import same_person_name, spelling_variant
from bot.textnorm import fold, strip_accents

# ---------------------------------------------------------------- pure helpers


def is_single(name: str) -> bool:
    """A name written as one word ("Marques", "Al-Nasser"): a surname alone."""
    return len(name.split()) <= 1


def surname(name: str) -> str:
    """The last written word of a name, as written ("Al-Nasser" for "Sheikh Hamad al-Fahad Al-Nasser")."""
    words = name.split()
    return words[-1] if words else ""


def surname_key(name: str) -> str:
    return fold(surname(name))


def record_surname(record: PersonRecord) -> str:
    """The surname the article itself uses for the person when it names them by one word of their name
    ("Wang" of a family-name-first "Wang Lei"), else the last written word."""
    words = {fold(w) for w in record.name.split()}
    for alias in record.aliases:
        if is_single(alias) and fold(alias) in words:
            return alias.strip()
    return surname(record.name)


def full_keys(record: PersonRecord) -> list[str]:
    """Folded keys of the record's name and of every multi-word alias, in a stable order."""
    keys: list[str] = []
    for form in [record.name, *record.aliases]:
        key = fold(form)
        if key and not is_single(form) and key not in keys:
            keys.append(key)
    return keys


def _core(tokens: Sequence[str]) -> list[str]:
    """Tokens without single-letter initials ("amina j mohammed" -> amina, mohammed)."""
    return [t for t in tokens if len(t) > 1]


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(tok == other for other in it) for tok in short)


def same_name(a: str, b: str) -> bool:
    """Two folded full-name keys name one person: equal once initials are ignored, or one's words
    appear in order inside the other's (an honorific or a middle name added)."""
    ta, tb = _core(a.split()), _core(b.split())
    if len(ta) < 2 or len(tb) < 2:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if _fathers_name(short, long):
        return False
    return _subsequence(short, long)


_PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben", "binti", "bn", "ould"})


def _fathers_name(short: Sequence[str], long: Sequence[str]) -> bool:
    """ "hamad bin rashid al fahad" inside "saud bin hamad bin rashid al fahad": a shorter name
    whose first word stands only after "bin"/"ibn" in the longer one is the father's, another person."""
    k = 0
    while k < len(short) and k < len(long) and short[k] == long[k]:
        k += 1  # a shared honorific ("sheikh")
    if k >= len(short) or short[k] in _PATRONYMIC:
        return False
    for i in range(k, len(long)):
        if long[i] == short[k]:
            return long[i - 1] in _PATRONYMIC
    return False


def best_name(forms: Iterable[str]) -> str:
    """The fullest form: a written-out given name over initials ("Sergey Lavrov" over "S. V. Lavrov"),
    then most words, then a form with diacritics over its folded twin, then longest."""
    candidates = sorted({f.strip() for f in forms if f and f.strip()})
    if not candidates:
        return ""
    return min(
        candidates,
        key=lambda f: (_only_initials(f), -len(fold(f).split()), -(f != strip_accents(f)), -len(f), f),
    )


def _only_initials(name: str) -> bool:
    """ "S. V. Lavrov": every word before the surname is one letter."""
    words = fold(name).split()
    return len(words) > 1 and all(len(w) == 1 for w in words[:-1])


# ---------------------------------------------------------------- store lookups
# One round trip per query (execute_fetchall): each aiosqlite call is a hop to its thread.


def _marks(n: int) -> str:
    return ",".join("?" * n)


async def _fetch(conn: aiosqlite.Connection, sql: str, params: Sequence[object] = ()) -> list[aiosqlite.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def surname_holders(conn: aiosqlite.Connection, skey: str) -> tuple[list[int], int | None]:
    """People holding a surname key: (full-name people, the bare-surname person if there is one)."""
    rows = await _fetch(
        conn, "SELECT id, name FROM people WHERE id IN (SELECT person_id FROM person_keys WHERE key = ?)", (skey,)
    )
    full = sorted(int(r[0]) for r in rows if not is_single(str(r[1])))
    bare = sorted(int(r[0]) for r in rows if is_single(str(r[1])) and fold(str(r[1])) == skey)
    return full, (bare[0] if bare else None)


async def _person_by_key(conn: aiosqlite.Connection, key: str) -> tuple[int, str] | None:
    rows = await _fetch(conn, "SELECT id, name FROM people WHERE key = ?", (key,))
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


async def _new_person(conn: aiosqlite.Connection, name: str, country: str | None) -> int:
    """Insert a person; one whose key already exists is that person (the key is unique)."""
    rows = await _fetch(
        conn,
        "INSERT INTO people(name, key, country) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id",
        (name, fold(name), country),
    )
    return int(rows[0][0])


async def merge_people(
    conn: aiosqlite.Connection, keep: int, drop: int, merged: dict[int, int] | None = None
) -> None:
    """Move everything known about `drop` onto `keep`, then delete `drop` (inside the caller's transaction).

    `merged` (drop -> keep) lets a caller holding person ids follow them.
    """
    if keep == drop:
        return
    if merged is not None:
        merged[drop] = keep
    await conn.execute(
        "INSERT OR IGNORE INTO aliases(person_id, article_id, alias, key) "
        "SELECT ?, article_id, alias, key FROM aliases WHERE person_id = ?",
        (keep, drop),
    )
    await conn.execute(
        "INSERT INTO mentions(person_id, article_id, count) SELECT ?, article_id, count FROM mentions "
        "WHERE person_id = ? ON CONFLICT(person_id, article_id) DO UPDATE SET count = count + excluded.count",
        (keep, drop),
    )
    await conn.execute("UPDATE roles SET person_id = ? WHERE person_id = ?", (keep, drop))
    await conn.execute(
        "INSERT OR IGNORE INTO meeting_participants(meeting_id, person_id, position) "
        "SELECT meeting_id, ?, position FROM meeting_participants WHERE person_id = ?",
        (keep, drop),
    )
    await conn.execute(
        "INSERT OR IGNORE INTO event_people(event_id, person_id) "
        "SELECT event_id, ? FROM event_people WHERE person_id = ?",
        (keep, drop),
    )
    await conn.execute(
        "UPDATE people SET country = COALESCE(country, (SELECT country FROM people WHERE id = ?)) "
        "WHERE id = ?",
        (drop, keep),
    )
    await conn.execute("DELETE FROM people WHERE id = ?", (drop,))


def _same_name_candidates(rows: Sequence[aiosqlite.Row], keys: list[str]) -> list[int]:
    """Full-name people sharing the surname whose stored full forms are the same name as one of `keys`."""
    return sorted({int(r[1]) for r in rows if any(same_name(str(r[3]), k) for k in keys)})


# One round trip for the exact matches of a full name: 'p' people whose key is one of the name's keys or
# its surname, 'a' people with one of the keys as a multi-word form.
_RESOLVE_EXACT = (
    "SELECT 'p', id, name, key FROM people WHERE key IN ({marks}, ?) "
    "UNION ALL SELECT 'a', person_id, NULL, key FROM person_keys WHERE key IN ({marks}) AND multi"
)
# The multi-word forms of everyone holding a surname: a few rows per person, not one per article.
_SURNAME_FORMS = (
    "SELECT 's', person_id, NULL, key FROM person_keys WHERE multi "
    "AND person_id IN (SELECT person_id FROM person_keys WHERE key = ?)"
)


async def resolve_person(
    conn: aiosqlite.Connection, record: PersonRecord, merged: dict[int, int] | None = None
) -> int:
    """The stored person this record names, created if new; merges people the record shows to be one.

    Exact folded names first (people.key, then the multi-word forms of person_keys), then the same name
    with initials or an honorific more or less among the surname's holders, else a new person.
    """
    if is_single(record.name):
        return await resolve_surname(conn, record)
    keys = full_keys(record)
    marks = _marks(len(keys))
    skey = fold(record_surname(record))
    found = await _fetch(conn, _RESOLVE_EXACT.format(marks=marks), [*keys, skey, *keys])
    people = sorted((r for r in found if r[0] == "p"), key=lambda r: int(r[1]))
    exact = [int(r[1]) for r in people if str(r[3]) in keys]
    bare = [int(r[1]) for r in people if str(r[3]) == skey and is_single(str(r[2]))]
    if not exact:
        exact = sorted({int(r[1]) for r in found if r[0] == "a"})
    if exact:
        pid = exact[0]
        for other in exact[1:]:  # the same folded full name: one person
            await merge_people(conn, pid, other, merged)
    else:
        near = _same_name_candidates(await _fetch(conn, _SURNAME_FORMS, (skey,)), keys)
        if not near:
            near = await _variant_candidates(conn, keys, record.country)
        if not near:
            near = await _initial_or_spelling_candidates(conn, keys, skey, record.country)
        pid = near[0] if len(near) == 1 else await _new_person(conn, record.name, record.country)
    # A bare-surname person waiting for its full name joins it when this is the only full name with it.
    if bare and bare[0] != pid and bare[0] not in exact:
        full, _ = await surname_holders(conn, skey)
        if all(other == pid for other in full):
            await merge_people(conn, pid, bare[0], merged)
    return pid


# Multi-word forms that start with the same given name, through the key index (a prefix range).
_GIVEN_NAME_FORMS = (
    "SELECT k.person_id, k.key, p.country FROM person_keys k JOIN people p ON p.id = k.person_id "
    "WHERE k.multi AND k.key >= ? AND k.key < ?"
)


async def _variant_candidates(conn: aiosqlite.Connection, keys: list[str], country: str | None) -> list[int]:
    """People of the same state whose full name is a spelling variant of this one (transliterations such
    as Zhaksylykov / Zhaksilykov): same given name, one vowel or doubled letter apart; no state, nobody."""
    if not country or not keys:
        return []
    given = keys[0].split()[0]
    rows = await _fetch(conn, _GIVEN_NAME_FORMS, (given + " ", given + "!"))
    return sorted({int(r[0]) for r in rows
                   if r[2] == country and any(spelling_variant(str(r[1]), k) for k in keys)})


async def _initial_or_spelling_candidates(
    conn: aiosqlite.Connection, keys: list[str], skey: str, country: str | None
) -> list[int]:
    """Holders of the surname whose full form this one can be ("S.V. Lavrov" for "Sergey Lavrov",
    "Sergei" for "Sergey"), of the same state when both states are known; one such person, or none."""
    rows = await _fetch(conn, _SURNAME_FORMS, (skey,))
    ids = sorted({int(r[1]) for r in rows if any(same_person_name(str(r[3]), k) for k in keys)})
    if not ids:
        return []
    states = await _fetch(conn, f"SELECT id, country FROM people WHERE id IN ({_marks(len(ids))})", ids)
    fits = [int(r[0]) for r in states if country is None or r[1] is None or r[1] == country]
    return fits if len(fits) == 1 else []


async def resolve_surname(conn: aiosqlite.Connection, record: PersonRecord) -> int:
    """A bare surname: the one full-name person holding it, else the bare-surname person, else new."""
    skey = fold(record.name)
    full, bare = await surname_holders(conn, skey)
    if len(full) == 1:
        return full[0]
    if bare is not None:
        return bare
    return await _new_person(conn, record.name, record.country)


def follow(merged: dict[int, int], pid: int) -> int:
    """Where a person id went after merges."""
    seen = set()
    while pid in merged and pid not in seen:
        seen.add(pid)
        pid = merged[pid]
    return pid


async def refresh_person(
    conn: aiosqlite.Connection,
    pid: int,
    fallback_country: str | None,
    merged: dict[int, int],
    added_forms: Sequence[str] | None = None,
) -> None:
    """Recompute a person's name, key and country; drop them when nothing names them any more.

    With `added_forms` (a person who only gained rows), the name is the fullest of the current name and
    those forms; otherwise every stored alias is considered.
    """
    current = await _fetch(conn, "SELECT name, key FROM people WHERE id = ?", (pid,))
    if not current:
        return
    if added_forms is not None:
        name = best_name([str(current[0][0]), *added_forms])
    else:
        if not await _fetch(conn, "SELECT 1 FROM mentions WHERE person_id = ? LIMIT 1", (pid,)):
            await conn.execute("DELETE FROM people WHERE id = ?", (pid,))
            return
        forms = await _fetch(conn, "SELECT DISTINCT alias FROM aliases WHERE person_id = ?", (pid,))
        name = best_name(str(r[0]) for r in forms) or str(current[0][0])
    key = fold(name)
    if key != current[0][1]:
        other = await _person_by_key(conn, key)
        if other is not None and other[0] != pid:  # its fullest form is now another person's: one person
            keep, drop = min(pid, other[0]), max(pid, other[0])
            await merge_people(conn, keep, drop, merged)
            await refresh_person(conn, keep, fallback_country, merged)
            return
    country = await _latest_role_country(conn, pid, fallback_country)
    await conn.execute(
        "UPDATE people SET name = ?, key = ?, country = COALESCE(?, country) WHERE id = ?",
        (name, key, country, pid),
    )


def _pick_country(countries: list[str], fallback: str | None) -> str | None:
    """Among the countries of a person's most recent roles (in the order given): the one the article's
    own reading of the person agrees with, else the first (an article names the main title first)."""
    if not countries:
        return fallback
    if fallback is not None and fold(fallback) in {fold(c) for c in countries}:
        return fallback
    return countries[0]


_LATEST_ROLE_COUNTRIES = (
    "SELECT person_id, country FROM roles r WHERE person_id IN ({marks}) AND country > '' "
    # the latest date walking the (person_id, date) index backwards: MAX(date) would read every role
    "AND date IS (SELECT date FROM roles WHERE person_id = r.person_id AND country > '' "
    "ORDER BY date DESC LIMIT 1) "
    "ORDER BY person_id, id"
)


async def _latest_role_country(conn: aiosqlite.Connection, pid: int, fallback: str | None) -> str | None:
    rows = await _fetch(conn, _LATEST_ROLE_COUNTRIES.format(marks="?"), (pid,))
    return _pick_country([str(r[1]) for r in rows], fallback)


async def refresh_gained(
    conn: aiosqlite.Connection,
    gained: dict[int, list[str]],
    fallback: Mapping[int, str | None],
    merged: dict[int, int],
) -> None:
    """`refresh_person` for people who only gained rows, in three round trips for a whole article."""
    ids = sorted(gained)
    if not ids:
        return
    marks = _marks(len(ids))
    current = {
        int(r[0]): (str(r[1]), str(r[2]), r[3])
        for r in await _fetch(conn, f"SELECT id, name, key, country FROM people WHERE id IN ({marks})", ids)
    }
    latest: dict[int, list[str]] = {}
    for r in await _fetch(conn, _LATEST_ROLE_COUNTRIES.format(marks=marks), ids):
        latest.setdefault(int(r[0]), []).append(str(r[1]))
    updates: list[tuple[str, str, str | None, int]] = []
    for pid in ids:
        if pid not in current:
            continue
        name, key, country = current[pid]
        new_name = best_name([name, *gained[pid]])
        if fold(new_name) != key:  # the key changes: may collide with another person, take the slow path
            await refresh_person(conn, pid, fallback.get(pid), merged)
            continue
        new_country = _pick_country(latest.get(pid, []), fallback.get(pid)) or country
        if (new_name, new_country) != (name, country):
            updates.append((new_name, key, new_country, pid))
    await conn.executemany("UPDATE people SET name = ?, key = ?, country = ? WHERE id = ?", updates)
