"""Whole articles of the genre, written for these tests with invented people: what a reader gets."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import Extraction

BRUSSELS_LIST = "\n\n".join(
    (
        (
            "BRUSSELS – Kazakh Minister of Foreign Affairs Aigerim Tolegenova met with the foreign ministers "
            "of Spain José Manuel de la Fuente, Latvia Ilze Kalniņa and the Netherlands Pieter van der Berg "
            "on March 4 on the sidelines of the EU-Central Asia ministerial meeting, the ministry’s press "
            "service reported."
        ),
        (
            "The parties discussed trade and investment cooperation, transport connectivity through the "
            "Trans-Caspian route and the situation in Afghanistan."
        ),
        (
            "Tolegenova also held talks with EU High Representative for Foreign Affairs and Security Policy "
            "Jean-Luc Moreau. The sides exchanged views on the implementation of the Enhanced Partnership and"
            " Cooperation Agreement."
        ),
        (
            "On the same day, the Kazakh minister received Secretary General of the Organization for Security"
            " and Co-operation in Europe Helga Lindqvist. Lindqvist praised Kazakhstan’s contribution to "
            "regional security."
        ),
        (
            "Tolegenova will visit Madrid in late April to attend the Spain-Central Asia business forum, the "
            "ministry said."
        ),
        ("Mr. Moreau is expected to travel to Astana next year."),
    )
)

ROLLOVER_RECEIVED = "\n\n".join(
    (
        (
            "NUR-SULTAN. KAZINFORM - President of Kazakhstan Bolat Serikbayev received the Minister of "
            "Foreign Affairs of the United Arab Emirates Sheikh Khalid bin Rashid Al Mansouri at the Akorda "
            "on Dec. 28, Kazinform reports."
        ),
        (
            "During the meeting, the sides discussed the prospects for expanding trade, economic and "
            "investment cooperation, as well as joint projects in energy and agriculture."
        ),
        (
            "Sheikh Khalid conveyed the greetings of the UAE leadership and invited the Kazakh President to "
            "visit Abu Dhabi."
        ),
        (
            "Later, Serikbayev and Saudi Minister of State for Foreign Affairs Adel bin Faisal Al-Harbi "
            "discussed regional issues and cooperation within the Organisation of Islamic Cooperation."
        ),
        (
            "On the first working day of the year, Deputy Foreign Minister Yerlan Dzhaksybekov briefed the "
            "diplomatic corps on the priorities of Kazakhstan’s chairmanship of the CICA."
        ),
        (
            "Kyrgyz Foreign Minister Azamat Ormonbekov and his Uzbek counterpart Dilshod Rakhimov also took "
            "part in the briefing."
        ),
    )
)

UN_COUNTERPARTS = "\n\n".join(
    (
        (
            "ASTANA – Kazakhstan’s Permanent Representative to the United Nations Ambassador Kanat "
            "Myrzakhmetov addressed the UN General Assembly on July 18, calling for a world free of nuclear "
            "weapons by 2045."
        ),
        (
            "The Kazakh diplomat met with U.S. Ambassador to the UN Sarah O’Donnell-Park and discussed the "
            "preparations for the high-level meeting on nuclear disarmament scheduled for Sept. 26."
        ),
        (
            "Myrzakhmetov also met separately with his counterparts from France, Germany and Japan. He held "
            "talks with the French envoy Étienne Dubois-Lefèvre, German Ambassador Klaus-Dieter Wendt and "
            "Japanese Permanent Representative Hiroshi Tanabe."
        ),
        (
            "Russian Deputy Foreign Minister Gennady Orlov said on Monday that Moscow supports the Kazakh "
            "initiative."
        ),
        ("In June of last year, Myrzakhmetov presented his credentials to UN Secretary-General Ban Ki-moon."),
        (
            "The Jusan humanitarian operation and the Rusafa programme were also mentioned by Images of "
            "Astana Press."
        ),
    )
)

GOVKZ_RECEPTIONS = "\n\n".join(
    (
        (
            "On December 4, Minister of Foreign Affairs of Kazakhstan Dauren Temirkhanov received the newly "
            "appointed Ambassador of Brazil to Kazakhstan Claudio Lins Marinho da Silva, who presented copies"
            " of his credentials."
        ),
        (
            "The parties discussed current issues of bilateral cooperation and the schedule of upcoming "
            "events."
        ),
        ("On the same day, Minister Temirkhanov received the Ambassador of Turkey Nevzat Uyanık."),
        (
            "In addition, First Deputy Foreign Minister Askar Dzhaksybekov held talks with the Head of the "
            "Delegation of the European Union to Kazakhstan Sven-Olov Carlsson. The sides exchanged views on "
            "the preparations for the EU-Central Asia Ministerial Meeting scheduled for 2020."
        ),
        (
            "Secretary of State Kanat Zhumabekov and Deputy Minister Yerlan Sapargaliyev also took part in "
            "the talks."
        ),
    )
)


def meetings(ex: Extraction) -> dict[frozenset[str], str | None]:
    return {frozenset(m.participants): (m.date.iso() if m.date else None) for m in ex.meetings}


def countries(ex: Extraction) -> dict[str, str | None]:
    return {p.name: p.country for p in ex.people}


def test_foreign_ministers_list_with_particles_and_same_day() -> None:
    ex = extract(BRUSSELS_LIST, PartialDate(2024, 3, 6))
    assert countries(ex) == {
        "Aigerim Tolegenova": "Kazakhstan",
        "José Manuel de la Fuente": "Spain",
        "Ilze Kalniņa": "Latvia",
        "Pieter van der Berg": "Netherlands",
        "Jean-Luc Moreau": "European Union",
        "Helga Lindqvist": "Organization for Security and Co-operation in Europe",
    }
    got = meetings(ex)
    for other in ("José Manuel de la Fuente", "Ilze Kalniņa", "Pieter van der Berg"):
        assert got[frozenset({"Aigerim Tolegenova", other})] == "2024-03-04"
    # "also held talks" with no date of its own: the day the story is at (March 4), not publication
    assert got[frozenset({"Aigerim Tolegenova", "Jean-Luc Moreau"})] == "2024-03-04"
    assert got[frozenset({"Aigerim Tolegenova", "Helga Lindqvist"})] == "2024-03-04"  # "On the same day"
    assert len(got) == 5
    planned = [e for e in ex.events if e.kind == "planned"]
    assert [(e.date.iso() if e.date else None, e.date.qualifier if e.date else None) for e in planned] == [
        ("2024-04", "late"),
        ("2025", None),
    ]


def test_received_on_a_date_of_the_previous_year_and_arabic_names() -> None:
    ex = extract(ROLLOVER_RECEIVED, PartialDate(2019, 1, 3))
    assert countries(ex) == {
        "Bolat Serikbayev": "Kazakhstan",
        "Khalid bin Rashid Al Mansouri": "United Arab Emirates",
        "Adel bin Faisal Al-Harbi": "Saudi Arabia",
        "Yerlan Dzhaksybekov": "Kazakhstan",
        "Azamat Ormonbekov": "Kyrgyzstan",
        "Dilshod Rakhimov": "Uzbekistan",
    }
    mansouri = next(p for p in ex.people if p.name.startswith("Khalid"))
    assert {"Sheikh Khalid bin Rashid Al Mansouri", "Khalid"} <= set(mansouri.aliases)
    assert (
        next(p for p in ex.people if p.name == "Dilshod Rakhimov").roles[0].title == "Uzbek Foreign Minister"
    )
    assert meetings(ex) == {
        frozenset({"Bolat Serikbayev", "Khalid bin Rashid Al Mansouri"}): "2018-12-28",
        frozenset({"Bolat Serikbayev", "Adel bin Faisal Al-Harbi"}): "2018-12-28",  # "Later,": that day
    }
    first = ex.meetings[0]
    assert first.place == "Akorda"
    assert "expanding trade" in first.topics
    briefing = [e for e in ex.events if e.kind == "briefing"]
    assert briefing[0].date is not None and briefing[0].date.iso() == "2019-01-02"  # first working day


def test_counterparts_by_country_and_the_kazakh_diplomat() -> None:
    ex = extract(UN_COUNTERPARTS, PartialDate(2016, 7, 20))
    assert countries(ex)["Sarah O’Donnell-Park"] == "United States"
    assert countries(ex)["Ban Ki-moon"] == "United Nations"
    assert "Images" not in countries(ex) and "Jusan" not in countries(ex)
    got = meetings(ex)
    host = "Kanat Myrzakhmetov"
    for other in ("Sarah O’Donnell-Park", "Étienne Dubois-Lefèvre", "Klaus-Dieter Wendt", "Hiroshi Tanabe"):
        assert got[frozenset({host, other})] == "2016-07-20"
    assert frozenset({host, "Gennady Orlov"}) not in got
    dates = {e.date.iso() for e in ex.events if e.date}
    assert {"2016-07-18", "2016-09-26", "2015-06"} <= dates
    assert "2045" not in dates


def test_govkz_receptions_and_joining_the_talks() -> None:
    ex = extract(GOVKZ_RECEPTIONS, PartialDate(2019, 12, 5))
    assert countries(ex)["Claudio Lins Marinho da Silva"] == "Brazil"
    assert countries(ex)["Nevzat Uyanık"] == "Turkey"
    assert countries(ex)["Sven-Olov Carlsson"] == "European Union"
    assert meetings(ex) == {
        frozenset({"Dauren Temirkhanov", "Claudio Lins Marinho da Silva"}): "2019-12-04",
        frozenset({"Dauren Temirkhanov", "Nevzat Uyanık"}): "2019-12-04",
        frozenset({"Askar Dzhaksybekov", "Sven-Olov Carlsson", "Kanat Zhumabekov", "Yerlan Sapargaliyev"}): (
            "2019-12-04"  # "In addition," with no date of its own: the day of the report's other meetings
        ),
    }
