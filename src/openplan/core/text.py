"""User text: Markdown rendered to HTML and sanitised. What a person types is never trusted
HTML: raw HTML in the source is escaped by the renderer, and the result goes through nh3 with
a short allow-list, so nothing executable (scripts, event handlers, ``javascript:`` links,
styles) can reach a page."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# commonmark without raw HTML (html=False escapes it), plus strikethrough-free tables off.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _shift_headings(html: str) -> str:
    """Headings in user text start at level 3: the page owns its h1 and h2 (one h1 a page)."""
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return html


def markdown_to_html(source: str) -> str:
    """Safe HTML for ``source`` (Markdown): escaped raw HTML, allow-listed tags and
    attributes, links only to http(s) and mailto, ``rel="nofollow noopener"`` on links."""
    rendered = _shift_headings(_markdown.render(source))
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def plain_text(source: str) -> str:
    """``source`` with every tag removed (for titles, snippets, language detection)."""
    return nh3.clean(source, tags=set())
