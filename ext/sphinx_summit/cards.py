"""Session cards, built from sphinx-design's card and badge components.

A card is made of generic docutils nodes (containers, paragraphs, a field
list, cross-references), so every builder renders it: HTML as a styled card,
text and LaTeX as a short plain list of fields.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx import addnodes
from sphinx_design.badges_buttons import create_bdg_classes, sd_badge
from sphinx_design.shared import create_component

from .editing import with_inferred_mark
from .builders import is_website
from .i18n import _
from .metadata import FIELDS, Session, Vocabulary


def when_label(session: Session, vocab: Vocabulary, with_summit: bool, *, long: bool = False) -> str:
    """'Day 3 · 29 October 2015', or 'Tokyo 2015 · Day 3 · 29 October 2015'
    (``long``: 'Thursday 29 October 2015')."""
    label = vocab.day_label(session.day, long=long)
    if with_summit and vocab.summit is not None:
        label = f"{vocab.summit.short_title} · {label}"
    return label


def badge(text: str, colour: str | None, *, outline: bool = False, tooltip: str = "") -> nodes.Element:
    node = sd_badge(text, text, classes=create_bdg_classes(colour, outline))
    if tooltip:
        node["tooltip"] = tooltip
    return node


def xref_badge(reftype: str, target: str, colour: str) -> nodes.Element:
    """A badge that links to the entry of ``target`` in its index."""
    ref = addnodes.pending_xref(
        "", refdomain="summit", reftype=reftype, reftarget=target,
        refexplicit=True, refwarn=True, classes=create_bdg_classes(colour, True),
    )
    ref += nodes.Text(target)
    return ref


def badge_line(items: list[nodes.Node], classes: tuple[str, ...] = ()) -> nodes.paragraph:
    """A row of badges: spaced by CSS in HTML, by commas elsewhere (``badge_commas``)."""
    return nodes.paragraph("", "", *items, classes=["summit-badges", *classes])


def badge_commas(app, doctree: nodes.document, docname: str) -> None:
    """Badges in a row are words apart: commas outside HTML, spaces in HTML
    (the CSS spaces them; the space keeps search snippets and copied text
    from running them together). On ``doctree-resolved``, which names the
    builder: after every post-transform, when the listings' cards are there."""
    separator = " " if app.builder.format == "html" else ", "
    for line in doctree.findall(nodes.paragraph):
        if "summit-badges" in line["classes"]:
            for child in line.children[1:]:
                line.insert(line.index(child), nodes.Text(separator))


def field(name: str, body: nodes.paragraph, classes: list[str]) -> nodes.field:
    return nodes.field("", nodes.field_name(name, name), nodes.field_body("", body),
                       classes=classes)


def marked(session: Session, name: str, node: nodes.Node) -> nodes.Node:
    """``node`` for ``name``, marked "(inferred)" if the notes do not give it."""
    return with_inferred_mark(node) if name in session.inferred else node


ALWAYS_SHOWN = ("speakers",)  # the fields a phone shows without unfolding the card


def session_fields(session: Session, names: tuple[str, ...] | None = None,
                   without: tuple[str, ...] = ()) -> nodes.field_list:
    """A row for each field the card shows as badges (linked to its index) or
    text: those of ``names`` (default: every field), except ``without``."""
    fields = nodes.field_list(classes=["summit-fields"])
    for f in FIELDS:
        if (names is not None and f.name not in names) or f.name in without:
            continue
        values = f.values(session)
        if f.card == "badges" and values:
            body = badge_line([marked(session, v, xref_badge(f.index, v, f.colour)) for v in values])
        elif f.card == "text" and values:
            body = nodes.paragraph("", ", ".join(map(str, values)))
        else:
            continue
        fields += field(str(f.label), body, [f"summit-{f.name}"])
    return fields


def header_badges(session: Session, vocab: Vocabulary, when: str) -> list[nodes.paragraph]:
    """Format and day (``when``) as badges; the author's remarks as a note."""
    rows = [badge_line([badge(session.format or _("format unknown"), "primary"),
                        badge(when, "dark", outline=True)], ("sd-card-text",))]
    if session.remarks:
        # notes of the author, not controls: text, each with a dot of its colour
        note = nodes.paragraph("", "", classes=["sd-card-text", "summit-remarks"])
        note += nodes.Text(_("Author's remarks: "))
        for number, name in enumerate(session.remarks):
            remark = vocab.remarks[name]
            if number:
                note += nodes.Text(" · ")
            note += nodes.emphasis(remark.text, remark.text,
                                   classes=["summit-remark", f"summit-remark-{remark.colour}"])
        rows.append(note)
    return rows


def media_links(session: Session) -> nodes.paragraph | None:
    """Links to the session's slides and recording, where the page gives them."""
    links = [(f.label, getattr(session, f.name)) for f in FIELDS
             if f.card == "link" and getattr(session, f.name)]
    if not links:
        return None
    para = nodes.paragraph("", "", classes=["sd-card-text", "summit-media"])
    for number, (label, url) in enumerate(links):
        if number:
            para += nodes.Text(" · ")
        para += nodes.reference("", str(label), refuri=url, classes=["summit-media-link"])
    return para


def session_card(session: Session, vocab: Vocabulary) -> nodes.container:
    """The full card at the top of a session page."""
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3",
                                     "sd-shadow-sm", "session-card"])
    card["ids"] = [session.id, "session-card"]
    header = create_component("card-header", ["sd-card-header", "session-card-header"])
    # the summit too: a reader may come from a search or a shared link
    header += header_badges(session, vocab, when_label(session, vocab, True, long=True))
    body = create_component("card-body", ["sd-card-body"])
    shown = session_fields(session, ALWAYS_SHOWN)
    folded = session_fields(session, without=ALWAYS_SHOWN)
    media = media_links(session)
    if media is not None:
        body += media
    if len(shown):
        body += shown
    if len(folded):
        labels = [field.children[0].astext() for field in folded.children]
        body += card_details("", folded, summary=" · ".join(labels))
    elif media is None and not len(shown):
        text = _("The notes do not name speakers, projects or topics.")
        body += nodes.paragraph("", text, classes=["sd-card-text"])
    card += [header, body]
    return card


FROM_SCHEDULE = "summit-from-schedule"  # the class of the block of a schedule's abstract (schedule.py)
NOT_NOTES = (nodes.title, nodes.comment, nodes.target, nodes.system_message, addnodes.index)


def has_notes(page: nodes.section, card: nodes.Element) -> bool:
    """Whether a session page says anything beyond its title, its card and the
    schedule's block: the author's notes."""
    for child in page.children:
        if child is card or isinstance(child, NOT_NOTES) or FROM_SCHEDULE in child.get("classes", ()):
            continue
        if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]:
            continue
        return True
    return False


def compact_card(session: Session, vocab: Vocabulary, link: nodes.reference,
                 *, with_summit: bool = False, with_notes: bool = True) -> nodes.container:
    """A one-glance card for listings: title link, format, day, projects.

    ``with_summit``: the day is labelled with its summit (for listings that
    span summits).
    """
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-2",
                                     "sd-shadow-sm", "session-card-compact"])
    body = create_component("card-body", ["sd-card-body"])
    title = nodes.paragraph("", "", classes=["sd-card-title", "sd-font-weight-bold"])
    title += link
    body += title
    body += header_badges(session, vocab, when_label(session, vocab, with_summit))
    if session.people:
        who = nodes.paragraph("", "", classes=["sd-card-text", "session-card-people"])
        for number, name in enumerate(session.people):
            if number:
                who += nodes.Text(", ")
            who += marked(session, name, nodes.Text(name))
        body += who
    if session.projects:
        badges = [marked(session, p, xref_badge("project", p, "primary")) for p in session.projects]
        body += badge_line(badges, ("sd-card-text",))
    if not with_notes:
        body += nodes.paragraph("", _("No notes yet."), classes=["sd-card-text", "session-card-no-notes"])
    card += body
    return card


class card_details(nodes.General, nodes.Element):
    """The card's names but the speakers (``ALWAYS_SHOWN``), who are always in
    view: organizations, projects, topics. On the website they fold on a
    narrow screen, so that a phone shows the start of the notes on its first
    screen: a ``<details>``, open unless the screen is narrow (decided by a
    script right after it, before the page is first drawn: nothing moves),
    and its summary, the names of the fields, shown only then. Elsewhere
    (PDF, EPUB, text) they are simply there."""


NARROW = "(max-width: 40rem)"  # as summit.css's media query for cards
FOLD_ON_NARROW = ("<script>((details) => { const narrow = matchMedia(%r); details.open = !narrow.matches; "
                  "narrow.addEventListener('change', (e) => { details.open = !e.matches; }); })"
                  "(document.currentScript.previousElementSibling);</script>") % NARROW


def visit_card_details_html(self, node: card_details) -> None:
    if is_website(self.builder):
        self.body.append(f'<details class="session-card-details" open="open">'
                         f'<summary>{escape(node["summary"])}</summary>')


def depart_card_details_html(self, node: card_details) -> None:
    if is_website(self.builder):
        self.body.append("</details>" + FOLD_ON_NARROW)


def _nothing(self, node: nodes.Node) -> None:
    pass


CARD_DETAILS_VISITORS = {
    "html": (visit_card_details_html, depart_card_details_html),
    **{builder: (_nothing, _nothing) for builder in ("latex", "text", "man", "texinfo")},
}
