"""Sentence splitting and clean-up before extraction."""

from __future__ import annotations

from bot.extract.sentences import sentences, split_sentences


def test_abbreviations_initials_and_us_do_not_end_sentences() -> None:
    text = "Mr. Adilov met Amina K. Sadykova on Jan. 22 in the U.S. Capitol. They talked."
    assert split_sentences(text) == [
        "Mr. Adilov met Amina K. Sadykova on Jan. 22 in the U.S. Capitol.",
        "They talked.",
    ]


def test_datelines_are_set_aside() -> None:
    for body, line in [
        ("ASTANA – Kazakh officials met.", "ASTANA –"),
        ("ASTANA, May 22. /TASS/. Officials met.", "ASTANA, May 22. /TASS/."),
        ("ALMATY. KAZINFORM - Officials met.", "ALMATY. KAZINFORM -"),
    ]:
        got, dateline = sentences(body)
        assert dateline == line
        assert got[0].text.endswith("met.")
        assert not got[0].text.startswith(("ASTANA", "ALMATY"))


def test_leftover_boilerplate_lines_are_dropped() -> None:
    body = (
        "5a4c803ad4af2\n\nBy Staff Report in International on 13 July 2023\n\nOfficials met.\n\n"
        "A meeting. Photo credit: Kazakh Foreign Ministry.\n\nGet The Astana Times stories sent to you!"
    )
    got, _ = sentences(body)
    assert [s.text for s in got] == ["Officials met."]


def test_hard_wrapped_paragraphs_are_read_as_whole_sentences() -> None:
    from bot.dates import PartialDate
    from bot.extract import extract

    body = (
        "Norwegian Foreign Minister Tomas Verhoeven began a visit to Sweden on Monday that\n"
        "will include talks on energy and fisheries with Swedish Foreign Minister Anders\n"
        "Kolberg and several other members of the cabinet.\n\n"
        "Short line\n"
        "Another short line\n"
    )
    x = extract(body, PartialDate(2024, 3, 6))
    assert "Anders Kolberg" in {p.name for p in x.people}
    from bot.extract.sentences import unwrap

    assert unwrap("Short line\nAnother short line") == "Short line\nAnother short line"
    assert unwrap("A sentence that ends here with a full stop and is long enough.\nNext one.") == (
        "A sentence that ends here with a full stop and is long enough.\nNext one."
    )


def test_a_wires_sign_off_and_credit_line_are_not_text() -> None:
    from bot.extract.sentences import mend, sentences

    sents, _ = sentences(
        mend("The minister hosted a dinner for the delegation.—ABC\n\nIt ended late. (XYZ)\n\nThey left. (end) ab.cde")
    )
    assert [s.text for s in sents] == [
        "The minister hosted a dinner for the delegation.",
        "It ended late.",
        "They left.",
    ]


def test_a_headline_line_is_not_joined_to_the_sentence_below_it() -> None:
    from bot.extract.sentences import unwrap

    text = "Deputy Secretary-General Meets Foreign Minister of Ruritania, Envoy of Freedonia\nThe Deputy met them."
    assert unwrap(text) == text
