"""Write N synthetic diplomacy-news articles of the seeds' genre, for benchmarks at archive scale.

Every person is invented: names are built from syllable pools (with diacritics and particles such as
de, van, von, al-, bin), never taken from a text. Countries and organisations come from the project's
lexicons in bot/data/ when they exist. Same seed, same corpus:

    python bench/corpus.py --articles 1000 --out bench/out/corpus-1000 --seed 1
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import json
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bot" / "data"

# ---------------------------------------------------------------------------------------------------------
# Name parts: syllables and endings invented per "style", so that names look like those of many regions.
# ---------------------------------------------------------------------------------------------------------

_STYLES: dict[str, dict[str, list[str]]] = {
    "steppe": {
        "g1": ["A", "Ai", "Ba", "Da", "Er", "Ka", "Ma", "Nur", "Sa", "Te", "Zha", "Ye", "Bo", "Gu", "Ar",
               "Ol", "As", "Ta", "Ru", "Sy", "Dau", "Ai", "Zhe", "Ak", "Ul", "Kua", "Mir", "Sha"],
        "g2": ["lan", "bek", "zhan", "mat", "rat", "gul", "dar", "nar", "tay", "sul", "rim", "khan", "gali",
               "ras", "miz", "tas", "zat", "lym", "sen", "bol", "ken", "zhar", "it", "men"],
        "s1": ["Ab", "Tu", "Ker", "Sau", "Bai", "Zhu", "Is", "Ora", "Kas", "Mol", "Tol", "Esh", "Shay", "Ya",
               "Sul", "Bek", "Nus", "Sar", "Dzhu", "Kal", "Ozh", "Tok", "Usen", "Zhan"],
        "s2": ["ma", "ke", "ba", "ta", "sy", "mu", "zha", "ra", "gu", "li", "ne", "to", "kha", "da", ""],
        "s3": ["ov", "ev", "baev", "bekov", "uly", "ayev", "ganov", "ulin", "eshev", "tayev", "imov", "ov"],
        "s3f": ["ova", "eva", "baeva", "bekova", "kyzy", "ayeva", "ganova", "ulina", "imova"],
    },
    "slavic": {
        "g1": ["Vla", "Mi", "Bo", "Ste", "Ra", "Da", "Lu", "Zde", "Ja", "Pe", "Wo", "Ka", "Ta", "Sve", "Ol",
               "Ire", "Ma", "Ra", "Go", "Dra", "Ve", "Li"],
        "g2": ["dimir", "slav", "rek", "dan", "mil", "ko", "nek", "sław", "jciech", "tomir", "goran", "lena",
               "tana", "rina", "dana", "ška", "mila", "ja"],
        "s1": ["Kowal", "Nov", "Hor", "Pet", "Zel", "Kra", "Dob", "Bel", "Sok", "Wis", "Prz", "Čer", "Žu",
               "Šev", "Mar", "Lip", "Gra", "Tka", "Ost", "Jab", "Rud", "Med", "Kol", "Ben"],
        "s2": ["ań", "ov", "ar", "ro", "en", "il", "ło", "ič", "ne", "eš", "ov", "us", "", "", "ko"],
        "s3": ["ski", "ić", "enko", "ov", "czak", "ek", "ovich", "iak", "iuk", "ovský", "ević", "ak"],
        "s3f": ["ska", "ić", "enko", "ova", "czak", "ková", "ovna", "iak", "ová", "ević", "ak"],
    },
    "romance": {
        "g1": ["Mi", "Al", "Jo", "Ri", "Fer", "Lu", "Ma", "An", "Gon", "Ro", "Ti", "Se", "Ed", "Ga", "Bea",
               "Ca", "Ju", "Ne", "Ol", "Pa", "Ce", "Vi"],
        "g2": ["guel", "berto", "sé", "cardo", "nando", "ís", "rio", "tónio", "zalo", "drigo", "ago",
               "bastião", "riz", "triz", "rmen", "lia", "ves", "cília", "sol", "lena", "ncenzo", "uardo"],
        "s1": ["Fer", "Al", "Ca", "Ri", "Ser", "Mo", "Sil", "Cos", "Pe", "Gar", "Mon", "Bar", "Val", "Tor",
               "Gui", "Lo", "Me", "Quin", "Ru", "Bran", "Vel", "Sou"],
        "s2": ["re", "ve", "ber", "na", "pa", "ran", "ta", "li", "do", "mar", "ci", "ne", "", ""],
        "s3": ["ira", "eda", "ez", "es", "ino", "elli", "oso", "ares", "ão", "ón", "azzi", "edo", "ós"],
        "s3f": ["ira", "eda", "ez", "es", "ino", "elli", "oso", "ares", "ão", "ón", "azzi", "edo", "ós"],
        "particles": ["de", "da", "dos", "del", "di", "de la"],
    },
    "germanic": {
        "g1": ["Hen", "Wil", "Jo", "Ul", "Ger", "Dir", "Lie", "Ma", "Frie", "Kla", "Rü", "Jö", "Ing", "Ann",
               "Sven", "Bär", "Wou", "Ste"],
        "g2": ["rik", "lem", "hannes", "rich", "hard", "k", "sbeth", "rten", "dhelm", "us", "diger", "rg",
               "rid", "eke", "ja", "bel", "ter", "fan"],
        "s1": ["Berg", "Dijk", "Hoven", "Brück", "Stein", "Wald", "Haar", "Lin", "Mül", "Schrö", "Kamp",
               "Vos", "Hei", "Gro", "Wey", "Bos", "Dre", "Hoog", "Rot", "Eich"],
        "s2": ["en", "er", "", "", "el", "de", "ing"],
        "s3": ["mann", "er", "stra", "hoff", "ler", "der", "horst", "feld", "meijer", "s", "ke", "inga"],
        "s3f": ["mann", "er", "stra", "hoff", "ler", "der", "horst", "feld", "meijer", "s", "ke", "inga"],
        "particles": ["van", "von", "van der", "van den", "ter", "zu"],
    },
    "arabic": {
        "g1": ["Ab", "Kha", "Mu", "Sa", "Fa", "Ha", "Ya", "Na", "Ra", "Zai", "Ta", "Ju", "Ma", "La", "Am",
               "Nou"],
        "g2": ["dullah", "lid", "hammad", "eed", "isal", "san", "sir", "bil", "shid", "nab", "riq", "mal",
               "rwan", "yla", "ira", "ra", "mir"],
        "s1": ["Har", "Qa", "Ma", "Zah", "Sha", "Tha", "Dha", "Ku", "Mu", "Ba", "Ja", "Sa", "Na", "Ru"],
        "s2": ["ra", "ta", "hi", "ba", "li", "wa", "mi", "za", "ja", ""],
        "s3": ["bi", "ni", "ri", "wi", "di", "iri", "ani", "awi", "ahi", "si"],
        "s3f": ["bi", "ni", "ri", "wi", "di", "iri", "ani", "awi", "ahi", "si"],
    },
    "baltic_nordic": {
        "g1": ["Bai", "Ilm", "Kri", "Jā", "Ēr", "Sig", "Lie", "Aud", "Gun", "Ei", "Ras", "Vil", "Ing", "Tõ",
               "Ai", "Kär", "Ós", "Pál"],
        "g2": ["ba", "ārs", "šjānis", "ika", "rid", "ne", "gita", "nar", "rik", "mas", "tė", "ja", "nu",
               "kar", "li", "var"],
        "s1": ["Bra", "Kal", "Rin", "Ber", "Ozo", "Lun", "Haug", "Ny", "Vir", "Tam", "Jó", "Sæ", "Kvi",
               "Lid", "Øst", "Åker", "Mä", "Stef"],
        "s2": ["že", "ni", "ke", "ber", "ga", "l", "da", "", "", "ra"],
        "s3": ["ņš", "ža", "sson", "sen", "nen", "aitis", "ulis", "us", "dóttir", "kivi", "lind", "gaard"],
        "s3f": ["ņa", "ža", "sdóttir", "sen", "nen", "aitė", "ienė", "ytė", "dóttir", "kivi", "lind"],
    },
    "anatolian": {
        "g1": ["Meh", "Çağ", "Ay", "Öz", "Ser", "Gök", "Er", "İl", "Bu", "Ka", "Em", "Ha", "Sel", "Yıl"],
        "g2": ["met", "rı", "dın", "gür", "kan", "han", "şe", "can", "ra", "lin", "ay", "dız", "kay", "im"],
        "s1": ["Yıl", "Kaya", "Şa", "Ak", "Er", "Kılı", "Doğ", "Öz", "Çe", "Tü", "Ars", "Kar", "Bay"],
        "s2": ["dı", "ta", "hin", "ba", "do", "ça", "an", "", ""],
        "s3": ["rım", "oğlu", "er", "can", "türk", "soy", "kan", "tepe", "dağ", "taş"],
        "s3f": ["rım", "oğlu", "er", "can", "türk", "soy", "kan", "tepe", "dağ", "taş"],
    },
    "east": {
        "g1": ["Xiao", "Jun", "Min", "Hao", "Thanh", "Hyun", "Ji", "Tae", "Kei", "Yu", "Ngoc", "Shin", "Bao"],
        "g2": ["ling", "woo", "hee", "seok", "tao", "ichi", "ran", "lan", "ming", "suke", "anh", "yeon"],
        "s1": ["Lo", "Ta", "Pha", "Na", "Ho", "Ki", "Su", "Mi", "Ya", "Tra", "Cho", "Ba"],
        "s2": ["ka", "mu", "ra", "", "", "shi"],
        "s3": ["mura", "no", "ng", "ran", "n", "yama", "moto", "da", "nh"],
        "s3f": ["mura", "no", "ng", "ran", "n", "yama", "moto", "da", "nh"],
    },
}
_STYLE_WEIGHTS = {"steppe": 30, "slavic": 16, "romance": 14, "germanic": 10, "arabic": 10,
                  "baltic_nordic": 8, "anatolian": 6, "east": 6}

# ---------------------------------------------------------------------------------------------------------
# Lexicons: read from bot/data when the extraction helper has written them; small fallbacks otherwise.
# ---------------------------------------------------------------------------------------------------------

_FALLBACK_COUNTRIES = [
    ("Kazakhstan", "Kazakh", "Astana"), ("Russia", "Russian", "Moscow"), ("Kyrgyzstan", "Kyrgyz", "Bishkek"),
    ("Tajikistan", "Tajik", "Dushanbe"), ("Uzbekistan", "Uzbek", "Tashkent"), ("China", "Chinese", "Beijing"),
    ("Turkey", "Turkish", "Ankara"), ("Germany", "German", "Berlin"), ("France", "French", "Paris"),
    ("Spain", "Spanish", "Madrid"), ("Latvia", "Latvian", "Riga"), ("Poland", "Polish", "Warsaw"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"), ("Brazil", "Brazilian", "Brasilia"),
    ("Egypt", "Egyptian", "Cairo"), ("Kuwait", "Kuwaiti", "Kuwait City"), ("Peru", "Peruvian", "Lima"),
    ("Italy", "Italian", "Rome"), ("Norway", "Norwegian", "Oslo"), ("Finland", "Finnish", "Helsinki"),
    ("Hungary", "Hungarian", "Budapest"), ("Azerbaijan", "Azerbaijani", "Baku"), ("Mongolia", "Mongolian",
    "Ulaanbaatar"), ("Netherlands", "Dutch", "The Hague"), ("Portugal", "Portuguese", "Lisbon"),
    ("Qatar", "Qatari", "Doha"), ("Afghanistan", "Afghan", "Kabul"), ("Estonia", "Estonian", "Tallinn"),
    ("Lithuania", "Lithuanian", "Vilnius"), ("Vietnam", "Vietnamese", "Hanoi"), ("Korea", "Korean", "Seoul"),
]
_FALLBACK_ORGS = [
    ("United Nations", "UN"), ("Shanghai Cooperation Organisation", "SCO"),
    ("Organization for Security and Co-operation in Europe", "OSCE"), ("European Union", "EU"),
    ("Conference on Interaction and Confidence-Building Measures in Asia", "CICA"),
    ("Collective Security Treaty Organization", "CSTO"), ("Eurasian Economic Union", "EAEU"),
    ("Organisation of Islamic Cooperation", "OIC"), ("World Health Organization", "WHO"),
    ("International Atomic Energy Agency", "IAEA"), ("Commonwealth of Independent States", "CIS"),
    ("North Atlantic Treaty Organization", "NATO"), ("World Bank", ""), ("Asian Development Bank", "ADB"),
]
# Cities are places, not lexicon data of the bot; invented ones are mixed with capitals.
_EXTRA_CITIES = ["New York", "Geneva", "Vienna", "Brussels", "Almaty", "Samarkand", "Davos", "Istanbul"]


def _read_tsv(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    if not path.is_file():
        return rows
    with path.open(encoding="utf-8") as fh:
        for raw in csv.reader(fh, delimiter="\t"):
            if not raw or raw[0].startswith("#") or not raw[0].strip():
                continue
            rows.append([c.strip() for c in raw])
    if rows and rows[0][0].lower() in {"name", "country", "canonical", "organisation", "organization"}:
        rows = rows[1:]  # a header line
    return rows


def load_countries() -> list[tuple[str, str, str]]:
    """(name, demonym, capital) rows; demonym or capital may be empty. Prefers bot/data/countries.tsv
    (columns: country, aliases, demonyms, capitals and cities; lists separated by ';')."""
    out: list[tuple[str, str, str]] = []
    for row in _read_tsv(DATA / "countries.tsv"):
        name = row[0]
        if not name or not name[0].isalpha():
            continue
        demonyms = [d.strip() for d in (row[2] if len(row) > 2 else "").split(";") if d.strip()]
        cities = [c.strip() for c in (row[3] if len(row) > 3 else "").split(";") if c.strip()]
        demonym = next((d for d in demonyms if not d.endswith("s") or d.endswith("ss")), "")
        out.append((name, demonym, cities[0] if cities else ""))
    return out if len(out) >= 10 else list(_FALLBACK_COUNTRIES)


def load_organisations() -> list[tuple[str, str]]:
    """(name, abbreviation) rows; abbreviation may be empty. Prefers bot/data/organisations.tsv
    (columns: canonical name, whom its officials serve, other names and acronyms separated by ';')."""
    out: list[tuple[str, str]] = []
    for row in _read_tsv(DATA / "organisations.tsv"):
        name = row[0]
        if not name or len(name) < 3:
            continue
        others = [o.strip() for o in (row[2] if len(row) > 2 else "").split(";")]
        abbr = next((o for o in others if o.isupper() and o.isalpha() and 2 <= len(o) <= 8), "")
        out.append((name, abbr))
    return out if len(out) >= 5 else list(_FALLBACK_ORGS)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def forbidden_tokens() -> set[str]:
    """Name tokens of real people in the reference sets, so no generated name collides with one.

    Read at run time from ../shared/eval/*.gold.json when present: the corpus never embeds them.
    """
    tokens: set[str] = set()
    for base in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")):
        for gold in list(base.glob("*.gold.json")) + list(base.glob("*/*.gold.json")):
            try:
                data = json.loads(gold.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for person in data.get("people", []):
                for name in [person.get("name", ""), *person.get("aliases", [])]:
                    tokens.update(t for t in _fold(name).replace("-", " ").split() if len(t) >= 3)
    return tokens


# ---------------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Person:
    given: str
    surname: str  # as used alone in later mentions, particle kept ("van der Berg", "al-Harbi")
    female: bool
    country: str
    demonym: str
    org: str | None  # set for officials of an international organisation
    role: str  # e.g. "Foreign Minister"
    full: str = ""
    extra_roles: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.full = f"{self.given} {self.surname}"

    @property
    def pronoun(self) -> str:
        return "her" if self.female else "his"


def _given(rng: random.Random, parts: dict[str, list[str]]) -> str:
    name = rng.choice(parts["g1"]) + rng.choice(parts["g2"])
    if rng.random() < 0.04:
        name = name + "-" + rng.choice(parts["g1"]) + rng.choice(parts["g2"])
    return name[0].upper() + name[1:]


def _surname(rng: random.Random, style: str, parts: dict[str, list[str]], female: bool) -> str:
    ends = parts["s3f"] if female else parts["s3"]
    root = rng.choice(parts["s1"]) + rng.choice(parts["s2"]) + rng.choice(ends)
    root = root[0].upper() + root[1:]
    if style == "arabic":
        r = rng.random()
        if r < 0.55:
            return "al-" + root
        if r < 0.75:
            return "bin " + _given(rng, parts) + " al-" + root
        return root
    particles = parts.get("particles")
    if particles and rng.random() < 0.35:
        return rng.choice(particles) + " " + root
    if rng.random() < 0.05:  # double-barrelled
        other = rng.choice(parts["s1"]) + rng.choice(ends)
        return root + "-" + other[0].upper() + other[1:]
    return root


_NATIONAL_ROLES = [
    "Foreign Minister", "Minister of Foreign Affairs", "Deputy Foreign Minister",
    "First Deputy Foreign Minister", "Prime Minister", "Deputy Prime Minister", "President", "Ambassador",
    "Permanent Representative", "Minister of Trade", "Minister of Defence", "Minister of Energy",
    "Special Envoy", "Ambassador-at-Large",
    "Speaker of the Parliament", "Minister of Economy", "State Secretary", "Minister of Education",
]
_ORG_ROLES = [
    "Secretary-General", "Deputy Secretary-General", "Under-Secretary-General for Political Affairs",
    "Assistant Secretary-General", "Executive Director", "Special Representative", "High Commissioner",
    "Director-General", "Head of Mission", "Under-Secretary-General for Legal Affairs",
]


def make_pool(rng: random.Random, size: int, countries: list[tuple[str, str, str]],
              orgs: list[tuple[str, str]]) -> list[Person]:
    """`size` distinct invented people, each with a country (or organisation) and a main role."""
    banned = forbidden_tokens()
    styles = list(_STYLE_WEIGHTS)
    weights = [_STYLE_WEIGHTS[s] for s in styles]
    seen: set[str] = set()
    pool: list[Person] = []
    attempts = 0
    while len(pool) < size and attempts < size * 20:
        attempts += 1
        style = rng.choices(styles, weights)[0]
        parts = _STYLES[style]
        female = rng.random() < 0.3
        given, surname = _given(rng, parts), _surname(rng, style, parts, female)
        full = f"{given} {surname}"
        key = _fold(full)
        if key in seen or any(t in banned for t in key.replace("-", " ").split()):
            continue
        seen.add(key)
        if rng.random() < 0.12:
            org = rng.choice(orgs)
            role = rng.choice(_ORG_ROLES)
            country, demonym = org[0], ""
            person = Person(given, surname, female, country, demonym, org[1] or org[0], role)
        else:
            country, demonym, _ = rng.choice(countries)
            person = Person(given, surname, female, country, demonym, None, rng.choice(_NATIONAL_ROLES))
        if rng.random() < 0.3:
            person.extra_roles.append(rng.choice(_NATIONAL_ROLES))
        pool.append(person)
    return pool


# ---------------------------------------------------------------------------------------------------------
# Text pieces
# ---------------------------------------------------------------------------------------------------------

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MON_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

_TOPICS = [
    "bilateral relations", "regional security", "trade and economic cooperation", "water and energy",
    "transport corridors", "counter-terrorism cooperation", "the situation in Afghanistan",
    "climate change and the Aral Sea", "nuclear non-proliferation",
    "the 2030 Agenda for Sustainable Development", "investment projects", "cultural and humanitarian ties",
    "digital transformation", "food security",
    "the reform of the Security Council", "migration and labour mobility", "visa liberalisation",
    "the Middle East peace process", "peacekeeping operations", "gender equality", "transit and logistics",
    "critical raw materials", "green hydrogen", "education and science exchanges",
    "the humanitarian situation", "biological safety", "cross-border rivers", "tourism", "space research",
    "agriculture and irrigation",
]
_OUTCOMES = [
    "The sides agreed to continue the dialogue at the level of experts.",
    "The parties outlined plans to strengthen a comprehensive partnership.",
    "The interlocutors exchanged views on a wide range of topical international issues.",
    "Both sides noted the positive dynamics of mutual trade.",
    "The two sides stressed the importance of regular political consultations.",
    "They agreed to hold the next round of consultations in the first half of the year.",
    "The meeting took place in a warm and constructive atmosphere.",
    "Special attention was paid to the implementation of earlier agreements.",
]
_BACKGROUND = [
    "The visit coincided with the {forum}, which brought together delegations from more than {n} countries.",
    "{country} and {country2} established diplomatic relations in {year0}.",
    "Trade turnover between the two countries reached {n}.{d} billion US dollars last year.",
    "The {org} has supported projects on {topic} in the region since {year0}.",
    "The meeting was held as part of the political consultations between the foreign ministries.",
    "Representatives of the {org} and of the diplomatic corps accredited in {place} also took part.",
    "The initiative is considered part of the country's contribution to {topic}.",
    "More than {n} agreements have been signed between the two countries over the past decades.",
    "The parties noted the importance of the upcoming {forum} for {topic}.",
]
_EVENT_NOUNS = [
    ("speech", "spoke at a session of the {org} on {topic}"),
    ("speech", "delivered a keynote address at the {forum}"),
    ("ceremony", "attended a ceremony to open the new embassy building"),
    ("ceremony", "took part in a flag-raising ceremony at the {org} headquarters"),
    ("signing", "signed a memorandum of understanding on {topic}"),
    ("signing", "signed a road map on {topic}"),
    ("visit", "paid an official visit to {country}"),
    ("briefing", "chaired a briefing for the diplomatic corps on {topic}"),
    ("speech", "presented a report on {topic}"),
]
_FORUM_WORDS = ["Astana International Forum", "Regional Security Conference", "Central Asian Economic Forum",
                "Conference on Water Diplomacy", "Summit on Connectivity", "Ministerial Meeting on Trade",
                "Forum of Young Diplomats", "International Transport Forum", "Dialogue on Energy Transition"]
_SOURCES = [("The Astana Times", "astanatimes.com"), ("Kazinform", "en.inform.kz"), ("TASS", "tass.com"),
            ("gov.kz", "www.gov.kz"), ("Daily Courier", "dailycourier.example"),
            ("Steppe Wire", "steppewire.example"), ("Eurasia Monitor", "eurasiamonitor.example"),
            ("Caspian Review", "caspianreview.example")]


@dataclass
class Ctx:
    """One article being written: its date, the people already named (later mentions use surnames)."""

    rng: random.Random
    year: int
    month: int
    day: int
    named: set[str] = field(default_factory=set)


def _date_phrase(ctx: Ctx) -> str:
    """A date in one of the genre's forms, relative to the article's date."""
    rng = ctx.rng
    r = rng.random()
    day = max(1, ctx.day - rng.randint(0, 3))
    if r < 0.25:
        return f"on {_MON_ABBR[ctx.month - 1]} {day}"
    if r < 0.45:
        return f"on {_MONTHS[ctx.month - 1]} {day}"
    if r < 0.55:
        return f"on {day} {_MONTHS[ctx.month - 1]} {ctx.year}"
    if r < 0.65:
        return f"on {_WEEKDAYS[rng.randrange(5)]}"
    if r < 0.72:
        return "yesterday"
    if r < 0.80:
        return f"on {_MONTHS[ctx.month - 1]} {day}, {ctx.year}"
    return ""


def _future_phrase(ctx: Ctx) -> str:
    rng = ctx.rng
    r = rng.random()
    month = rng.randrange(12)
    if r < 0.3:
        return f"in {rng.choice(['late ', 'early ', 'mid-'])}{_MONTHS[month]}"
    if r < 0.5:
        return "next year"
    if r < 0.7:
        return f"in {_MONTHS[month]} {ctx.year + 1}"
    if r < 0.85:
        return f"on {_MON_ABBR[month]} {rng.randint(1, 28)}"
    return "later this year"


def _role_of(p: Person, ctx: Ctx) -> str:
    role = p.role if not p.extra_roles or ctx.rng.random() < 0.7 else p.extra_roles[0]
    if p.org:
        return f"{p.org} {role}" if ctx.rng.random() < 0.6 else f"{role} of the {p.country}"
    r = ctx.rng.random()
    if r < 0.45 and p.demonym:
        return f"{p.demonym} {role}"
    if r < 0.8:
        return f"{role} of {p.country}"
    return role


def mention(p: Person, ctx: Ctx, *, role: bool = True) -> str:
    """First mention: role and full name (in one of three orders); later: the surname alone."""
    if p.full in ctx.named:
        return p.surname if ctx.rng.random() < 0.85 else p.full
    ctx.named.add(p.full)
    if not role:
        return p.full
    r = ctx.rng.random()
    if r < 0.7:
        return f"{_role_of(p, ctx)} {p.full}"
    if r < 0.9:
        return f"{p.full}, {_role_of(p, ctx)},"
    return p.full


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _topics(ctx: Ctx) -> str:
    return _join(ctx.rng.sample(_TOPICS, ctx.rng.randint(1, 3)))


def _meeting_sentence(host: Person, guest: Person, ctx: Ctx, place: str, others: list[Person],
                      countries: list[tuple[str, str, str]]) -> str:
    """One meeting between named people, in one of the genre's sentence shapes."""
    rng = ctx.rng
    when = _date_phrase(ctx)
    w = f" {when}" if when else ""
    a, b = mention(host, ctx), mention(guest, ctx)
    shape = rng.randrange(11)
    if shape == 0:
        return f"{a} met with {b}{w} in {place}."
    if shape == 1:
        return f"{a} held talks with {b}{w} on {_topics(ctx)}."
    if shape == 2:
        return f"{a} received {b}{w}."
    if shape == 3:
        return f"{a} and {b} discussed {_topics(ctx)}{w}."
    if shape == 4:
        return f"At a meeting with {b}, {a} noted the importance of {_topics(ctx)}."
    if shape == 5:
        return f"During the meeting with {b}{w}, the parties discussed {_topics(ctx)}."
    if shape == 6:
        return f"On the sidelines of the {rng.choice(_FORUM_WORDS)}, {a} had a meeting with {b}."
    if shape == 7:
        return f"{a} held a meeting with {b} in {place}{w}."
    if shape == 8 and others:
        names = [f"{o.country} {mention(o, ctx, role=False)}" for o in others[:3] if not o.org]
        if len(names) >= 2:
            kind = "foreign ministers" if rng.random() < 0.6 else "heads of delegation"
            return f"{a} met with the {kind} of {_join(names)}{w}."
    if shape == 9:
        cs = [c[0] for c in rng.sample(countries, min(len(countries), rng.randint(2, 5)))]
        return (f"{a} met with {host.pronoun} counterparts from {_join(cs)}. "
                f"{host.surname} also held talks with {b}.")
    return f"{a} was received by {b}{w}."


def _event_sentence(p: Person, ctx: Ctx, orgs: list[tuple[str, str]],
                    countries: list[tuple[str, str, str]]) -> str:
    rng = ctx.rng
    _, pattern = rng.choice(_EVENT_NOUNS)
    text = pattern.format(org=rng.choice(orgs)[1] or rng.choice(orgs)[0], topic=rng.choice(_TOPICS),
                          forum=rng.choice(_FORUM_WORDS), country=rng.choice(countries)[0])
    if rng.random() < 0.35:
        return f"{mention(p, ctx)} will take part in the {rng.choice(_FORUM_WORDS)} {_future_phrase(ctx)}."
    when = _date_phrase(ctx)
    return f"{mention(p, ctx)} {text}{' ' + when if when else ''}."


def _quote(p: Person, ctx: Ctx, country: str) -> str:
    rng = ctx.rng
    lines = [
        f"“{country} is committed to an open and constructive dialogue,” said {mention(p, ctx)}.",
        f"\"We value our partnership with {country} and will keep deepening it,\" said {mention(p, ctx)}.",
        f"«Firm commitment to multilateralism remains a priority for {country},» {mention(p, ctx)} stressed.",
        f"{mention(p, ctx)} expressed gratitude for the support of {country}.",
        f"{mention(p, ctx)} noted that {country} is ready to share its experience.",
    ]
    return rng.choice(lines)


_BOILERPLATE = [
    "Photo credit: the Foreign Ministry press service.",
    "Follow us on Telegram for the latest news.",
    "Read more: Kazakhstan and its partners discuss connectivity.",
    "By Staff Report in International on {d} {m} {y}",
    "5a4c{h}",
    "Share this article",
]


def _title(host: Person, guest: Person, ctx: Ctx, place: str) -> str:
    rng = ctx.rng
    forms = [
        f"{host.demonym or host.country} FM {host.surname} meets {guest.role.lower()}s in {place}",
        f"{host.country} and {guest.country} discuss {rng.choice(_TOPICS)}",
        f"{host.surname} holds talks with {guest.surname} on {rng.choice(_TOPICS)}",
        f"{guest.country} official pays visit to {host.country}",
        f"{host.country} hosts {rng.choice(_FORUM_WORDS)}",
        f"Foreign ministers focus on {rng.choice(_TOPICS)}",
    ]
    return rng.choice(forms)


def _pick(rng: random.Random, pool: list[Person], skew: float) -> Person:
    """A person with a heavy-headed distribution: a few appear in many articles, most in few."""
    return pool[int(len(pool) * rng.random() ** skew)]


def write_article(i: int, rng: random.Random, pool: list[Person], countries: list[tuple[str, str, str]],
                  orgs: list[tuple[str, str]], start_year: int, years: int) -> tuple[str, str]:
    """(file name, text) of article number i."""
    year = start_year + rng.randrange(years)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    ctx = Ctx(rng, year, month, day)
    host = _pick(rng, pool, 2.2)
    guest = _pick(rng, pool, 2.2)
    while guest is host:
        guest = _pick(rng, pool, 1.5)
    extra = [_pick(rng, pool, 1.8) for _ in range(rng.randint(1, 5))]
    extra = [p for p in extra if p is not host and p is not guest]
    home = next((c for c in countries if c[0] == host.country), None) or rng.choice(countries)
    place = home[2] or rng.choice(_EXTRA_CITIES) if rng.random() < 0.6 else rng.choice(_EXTRA_CITIES)
    source, domain = rng.choice(_SOURCES)

    paras: list[str] = []
    dateline = rng.choice([f"{place.upper()} –", f"{place.upper()}. {source.upper()} -",
                           f"{place.upper()}, {_MON_ABBR[month - 1]} {day}. /{source}/.", ""])
    lead = _meeting_sentence(host, guest, ctx, place, extra, countries)
    paras.append(f"{dateline} {lead}".strip())
    if rng.random() < 0.2:
        paras.append(rng.choice(_BOILERPLATE).format(d=day, m=_MONTHS[month - 1], y=year,
                                                     h=f"{rng.getrandbits(36):09x}"))
    for _ in range(rng.randint(3, 8)):
        r = rng.random()
        sents: list[str] = []
        if rng.random() < 0.5:
            org = rng.choice(orgs)
            sents.append(rng.choice(_BACKGROUND).format(
                forum=rng.choice(_FORUM_WORDS), n=rng.randint(2, 90), d=rng.randint(0, 9),
                country=home[0], country2=guest.country, year0=rng.randint(1992, year - 1),
                org=org[1] or org[0], topic=rng.choice(_TOPICS), place=place))
        if r < 0.35 and extra:
            other = rng.choice(extra)
            sents.append(_meeting_sentence(rng.choice([host, guest]), other, ctx, place, extra, countries))
            sents.append(rng.choice(_OUTCOMES))
        elif r < 0.6:
            sents.append(_event_sentence(rng.choice([host, guest, *extra]), ctx, orgs, countries))
            if rng.random() < 0.5:
                sents.append(f"The parties also discussed {_topics(ctx)}.")
        elif r < 0.8:
            sents.append(_quote(rng.choice([host, guest, *extra]), ctx, rng.choice([home[0], guest.country])))
            sents.append(rng.choice(_OUTCOMES))
        else:
            sents.append(f"Special attention was paid to {_topics(ctx)}.")
            sents.append(rng.choice(_OUTCOMES))
        paras.append(" ".join(sents))
    if rng.random() < 0.15:
        paras.append(rng.choice(_BOILERPLATE).format(d=day, m=_MONTHS[month - 1], y=year,
                                                     h=f"{rng.getrandbits(36):09x}"))

    title = _title(host, guest, ctx, place)
    slug = "-".join(_fold(title).replace("’", "").split()[:8])
    slug = "".join(c for c in slug if c.isalnum() or c == "-")
    header: list[str] = []
    if rng.random() < 0.9:
        header.append(f"url: https://{domain}/{year}/{month:02d}/{slug}/")
    if rng.random() < 0.85:
        header.append(f"title: {title}")
    header.append(f"date: {year:04d}-{month:02d}-{day:02d}")
    header.append(f"source: {source}")
    rng.shuffle(header)
    text = "\n".join(header) + "\n\n" + "\n\n".join(paras) + "\n"
    digest = hashlib.blake2b(f"{i}:{title}".encode(), digest_size=8).hexdigest()
    return f"{i:06d}_{digest}.txt", text


def generate(out: Path, articles: int, seed: int, pool_size: int = 40_000, start_year: int = 2005,
             years: int = 20) -> int:
    """Write `articles` files into `out` (created); returns the number of distinct people in the pool."""
    rng = random.Random(seed)
    countries, orgs = load_countries(), load_organisations()
    pool = make_pool(rng, pool_size, countries, orgs)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        name, text = write_article(i, rng, pool, countries, orgs, start_year, years)
        (out / name).write_text(text, encoding="utf-8")
    return len(pool)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pool", type=int, default=40_000, help="number of invented people")
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"corpus: {args.out} is not empty; refusing to mix corpora", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    people = generate(args.out, args.articles, args.seed, args.pool)
    dt = time.perf_counter() - t0
    print(f"corpus: wrote {args.articles} articles ({people} invented people) to {args.out} in {dt:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
