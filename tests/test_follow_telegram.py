"""The follow commands in the real Application over the fake Bot API's in-process transport: buttons to
unfollow, channels, admin-only buttons in groups, /settings and /help showing follows."""

from __future__ import annotations

from pathlib import Path

from follow_support import write_base
from test_digest_telegram import Harness, h  # noqa: F401 - the fixture

from bot.digest.follows import get_prefs, list_follows
from bot.ingest.pipeline import ingest_paths

USER, GROUP, ADMIN, MEMBER, CHANNEL = 601, -100600, 602, 603, -100700


async def test_unfollow_buttons_channels_and_group_buttons(h: Harness, tmp_path: Path) -> None:  # noqa: F811
    await ingest_paths(h.store, [write_base(tmp_path / "base")])
    h.api.private_text(USER, "/follow Temirov")
    h.api.private_text(USER, "/follow Norway")
    await h.feed()
    h.api.private_text(USER, "/unfollow")
    calls = await h.feed()
    (choice,) = [c for c in calls if c.method == "sendMessage" and c.chat_id == USER]
    assert "What should this chat stop following?" in (choice.text or "")
    buttons = choice.buttons()
    assert [b["text"] for b in buttons] == ["Aidar Temirov", "Norway"]
    h.api.press(h.api.message_from(choice), buttons[1]["callback_data"], USER)
    calls = await h.feed()
    (edited,) = [c for c in calls if c.method == "editMessageText"]
    assert "No more alerts here for Norway" in (edited.text or "")
    assert [f.label for f in await list_follows(h.store.conn, USER)] == ["Aidar Temirov"]

    h.api.private_text(USER, "/settings")
    (shown,) = h.replies(await h.feed(), USER)
    assert "Following: Aidar Temirov" in shown and "Digest content: every new article" in shown
    h.api.private_text(USER, "/help")
    (helped,) = h.replies(await h.feed(), USER)
    assert "/follow WHAT" in helped and '/follow "water treaty"' in helped

    h.api.channel_post(CHANNEL, '/follow "water treaty"')
    assert "Following “water treaty” (words)" in h.replies(await h.feed(), CHANNEL)[0]
    assert [f.kind for f in await list_follows(h.store.conn, CHANNEL)] == ["phrase"]
    h.api.channel_post(CHANNEL, "/digest only followed")
    assert "only articles and events" in h.replies(await h.feed(), CHANNEL)[0]
    assert (await get_prefs(h.store.conn, CHANNEL)).digest_filter == "followed"

    h.api.set_member(GROUP, ADMIN, "administrator")
    h.api.set_member(GROUP, MEMBER, "member")
    h.api.group_text(GROUP, ADMIN, "/follow Kazakh")
    await h.feed()
    h.api.group_text(GROUP, MEMBER, "/following")  # anyone may look
    calls = await h.feed()
    (listing,) = [c for c in calls if c.method == "sendMessage" and c.chat_id == GROUP]
    assert "1. Kazakhstan — state or organisation" in (listing.text or "")
    h.api.press(h.api.message_from(listing), listing.buttons()[0]["callback_data"], MEMBER)
    calls = await h.feed()
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers and "administrators" in str(answers[0].params.get("text"))
    assert len(await list_follows(h.store.conn, GROUP)) == 1
    h.api.group_text(GROUP, MEMBER, "/digest all")
    assert "administrators" in h.replies(await h.feed(), GROUP)[0]
