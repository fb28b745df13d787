"""Session cards, built from sphinx-design's card and badge components.

A card is made of generic docutils nodes (containers, paragraphs, a field
list, cross-references), so every builder renders it: HTML as a styled card,
text and LaTeX as a short plain list of fields.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.badges_buttons import create_bdg_classes, sd_badge
from sphinx_design.shared import create_component

from .metadata import Session, Vocabulary

REMARK_COLOURS = {"recommended": "success", "packed": "warning", "missed": "danger",
                  "no-show": "danger", "get-slides": "info", "intro-level": "secondary"}


def day_label(day: int | None, vocab: Vocabulary, *, long: bool = True) -> str:
    if day is None or day not in vocab.days:
        return "Day unknown"
    info = vocab.days[day]
    year, month, dom = info["date"].split("-")
    months = ["January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December"]
    date = f"{int(dom)} {months[int(month) - 1]} {year}"
    if not long:
        return f"{info['label']} · {date}"
    text = f"{info['label']} · {info.get('weekday', '')} {date}".replace("  ", " ")
    if info.get("note"):
        text += f" ({info['note']})"
    return text


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
    """A row of badges: spaced by CSS in HTML, by commas elsewhere (``BadgeCommas``)."""
    return nodes.paragraph("", "", *items, classes=["summit-badges", *classes])


class BadgeCommas(SphinxPostTransform):
    """Outside HTML, badges in a row read as a comma-separated list."""

    default_priority = 200

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs) -> None:
        for line in self.document.findall(nodes.paragraph):
            if "summit-badges" in line["classes"]:
                for child in line.children[1:]:
                    line.insert(line.index(child), nodes.Text(", "))


def field(name: str, body: nodes.paragraph, classes: list[str]) -> nodes.field:
    return nodes.field("", nodes.field_name(name, name), nodes.field_body("", body),
                       classes=classes)


def session_fields(session: Session) -> nodes.field_list:
    fields = nodes.field_list(classes=["summit-fields"])
    people = [("Speakers", "person", session.speakers, "secondary"),
              ("Organizations", "person", session.organizations, "secondary"),
              ("Projects", "project", session.projects, "primary"),
              ("Topics", "topic", session.topics, "info")]
    for label, reftype, values, colour in people:
        if values:
            badges = [xref_badge(reftype, v, colour) for v in values]
            fields += field(label, badge_line(badges), [f"summit-{label.lower()}"])
    return fields


def header_badges(session: Session, vocab: Vocabulary) -> nodes.paragraph:
    items = [badge(session.format or "format unknown", "primary"),
             badge(day_label(session.day, vocab), "dark", outline=True)]
    items += [badge(vocab.remarks[r], REMARK_COLOURS.get(r, "secondary")) for r in session.remarks]
    return badge_line(items, ("sd-card-text",))


def session_card(session: Session, vocab: Vocabulary) -> nodes.container:
    """The full card at the top of a session page."""
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3",
                                     "sd-shadow-sm", "session-card"])
    card["ids"] = [session.id]
    header = create_component("card-header", ["sd-card-header", "session-card-header"])
    header += header_badges(session, vocab)
    body = create_component("card-body", ["sd-card-body"])
    fields = session_fields(session)
    if len(fields):
        body += fields
    else:
        body += nodes.paragraph("", "The notes do not name speakers, projects or topics.",
                                classes=["sd-card-text"])
    card += [header, body]
    return card


def compact_card(session: Session, vocab: Vocabulary, link: nodes.reference) -> nodes.container:
    """A one-glance card for listings: title link, format, day, projects."""
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-2",
                                     "sd-shadow-sm", "session-card-compact"])
    body = create_component("card-body", ["sd-card-body"])
    title = nodes.paragraph("", "", classes=["sd-card-title", "sd-font-weight-bold"])
    title += link
    body += title
    line = [badge(session.format or "format unknown", "primary"),
            badge(day_label(session.day, vocab, long=False), "dark", outline=True)]
    line += [badge(vocab.remarks[r], REMARK_COLOURS.get(r, "secondary")) for r in session.remarks]
    body += badge_line(line, ("sd-card-text",))
    if session.speakers or session.organizations:
        who = ", ".join(session.speakers + session.organizations)
        body += nodes.paragraph("", who, classes=["sd-card-text", "session-card-people"])
    if session.projects:
        badges = [xref_badge("project", p, "primary") for p in session.projects]
        body += badge_line(badges, ("sd-card-text",))
    card += body
    return card
