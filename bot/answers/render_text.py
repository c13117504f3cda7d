"""Plain-text rendering of a Reply, for the console chat and `python -m bot ask`."""

from __future__ import annotations

from bot.answers.reply import Line, Reply


def _line(line: Line) -> str:
    out: list[str] = []
    for s in line.spans:
        text = s.text
        if s.url and s.url != s.text:
            text = f"{text} <{s.url}>"
        out.append(text)
    return "".join(out).rstrip()


def render_plain(reply: Reply, page: int | None = None) -> str:
    """Title, the page's lines, a 'page i/n' footer and the buttons as numbered choices."""
    n = max(1, len(reply.pages))
    i = reply.page if page is None else page
    i = max(0, min(i, n - 1))
    body = reply.pages[i].lines if reply.pages else []
    parts = [reply.title, "=" * min(len(reply.title), 60)]
    parts += [("      “" + _line(x) + "”") if x.quote else _line(x) for x in body]
    if n > 1:
        if reply.pages[i].lines or reply.complete:
            parts.append("")
        parts.append(f"page {i + 1}/{n}  (type next or prev to turn pages)")
    if reply.buttons:
        parts.append("")
        parts.append("Choose a number:")
        parts += [f"  {k}. {b.label}  [{b.action}]" for k, b in enumerate(reply.buttons, 1)]
    return "\n".join(parts)
