"""The ``session`` and ``session-list`` directives.

``session`` checks its options, renders the session's card from its own data
(read time), and hands the session to the domain once the page's title is
known. ``session-list`` leaves a typed placeholder (``queries``) that ``listings`` fills at write
time from the domain, so a new session page appears in every listing.
"""

from __future__ import annotations

import dataclasses
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import is_component

from .cards import has_notes, session_card
from .metadata import (
    FIELDS,
    FILTERS,
    INDEXED,
    OPTIONS,
    YAML_HINT,
    OptionProblem,
    Session,
    Vocabulary,
    check_day,
    option_block,
    option_lines,
    parse_options,
    session_id,
    yaml_problem,
)
from . import queries
from .reports import warn
from .summits import DECLARATION

logger = logging.getLogger(__name__)


class SummitDirective(SphinxDirective):
    """Shared by the directives: the page's vocabulary, warnings at the right line."""

    def vocabulary(self) -> Vocabulary:
        """What this page may name; the page is read again when that changes."""
        self.env.note_dependency(self.env.summit_catalogue_path)
        vocab = self.env.get_domain("summit").vocabulary(self.env.docname)
        if vocab.summit is not None:
            self.env.note_dependency(vocab.summit.source)
        return vocab

    def broken_option_block(self) -> bool:
        """Whether the directive's YAML option block is broken (then said, at its line:
        what MyST made of it is no ground for other messages)."""
        block = option_block(self.block_text)
        problem = yaml_problem(block[1], self.lineno + block[0]) if block else None
        if problem:
            warn(self.env, f"the option block (between the '---' lines) is not valid YAML: "
                           f"{problem[1]}; {YAML_HINT}", (self.env.docname, problem[0]), self.name)
        return problem is not None

    def warn(self, problem: OptionProblem, lines: dict[str, list[int]]) -> None:
        line = self.lineno
        offsets = lines.get(problem.option or "", [])
        if offsets:
            line += offsets[min(problem.occurrence, len(offsets) - 1)]
        warn(self.env, problem.message, (self.env.docname, line), self.name)


def day_of_folder(docname: str, summit) -> int | None:
    """N, for a page in a ``dayN`` folder of its summit (the navigation calls it Day N)."""
    if summit is None:
        return None
    inside = docname.removeprefix(f"{summit.folder}/" if summit.folder else "").split("/")
    match = re.fullmatch(r"day(\d+)", inside[0]) if len(inside) > 1 else None
    return int(match[1]) if match else None


CARD_ANCHOR = "session-card"  # a second anchor of the card: the general index's entries of a session


class SessionDirective(SummitDirective):
    """The metadata of one session, rendered as its card.

    It takes no text: text given inside it is reported, and kept below the card.
    """

    has_content = True
    option_spec = {name: directives.unchanged for name in OPTIONS}

    def run(self) -> list[nodes.Node]:
        vocab = self.vocabulary()
        parsed = parse_options(self.options, self.block_text, vocab)
        for problem in [] if self.broken_option_block() else parsed.problems:
            self.warn(problem, parsed.lines)

        sid = session_id(parsed.values.pop("id", None), self.env.docname)
        if vocab.summit is None and not vocab.unusable_declaration:
            warn(self.env, f"this page is in no summit's folder: a session page belongs in the "
                           f"folder of a summit (beside a {DECLARATION}, or below it)",
                 (self.env.docname, self.lineno), "session")
        folder_day = day_of_folder(self.env.docname, vocab.summit)
        if folder_day is not None and parsed.values.get("day") not in (None, folder_day):
            self.warn(OptionProblem(f"':day: {parsed.values['day']}' on a page in the folder of day "
                              f"{folder_day}; move the page to day{parsed.values['day']}/, or correct "
                              f"the day", "day"), parsed.lines)
        session = Session(id=sid, summit=self.env.summit_summits.id_of(self.env.docname),
                          docname=self.env.docname, lineno=self.lineno, title="", **parsed.values)
        card = session_card(session, vocab)
        self.set_source_info(card)
        # reserve the anchor, so that a later heading gets another one; an
        # earlier holder (the page title) gives it up in claim_anchor()
        self.state.document.ids.setdefault(sid, card)
        self.state.document.ids.setdefault(CARD_ANCHOR, card)
        card["summit_session"] = session  # picked up by register_sessions()
        # the session's people and projects as index entries: its page ranks
        # first for them in search, and the general index lists them
        entries = [("single", name, CARD_ANCHOR, "main", None)
                   for f in FIELDS if f.general_index for name in f.values(session)]
        index = addnodes.index(entries=entries)
        if not self.content:
            return [index, card]
        first = next(line for line in self.content if line.strip()).strip()
        offset = next((n for n, line in enumerate(self.block_text.splitlines())
                       if line.strip() == first), 0)
        warn(self.env, f"the session directive takes options only; move the text "
                       f"{first[:40]!r} below its closing fence",
             (self.env.docname, self.lineno + offset), "session")
        return [index, card, *self.parse_content_to_nodes()]


def register_sessions(app, doctree: nodes.document) -> None:
    """Give the page's session the page's title and store it in the domain.

    A page holds one session, and its card comes right under the page's title:
    the session's title is the page's title.
    """
    env = app.env
    domain = env.get_domain("summit")
    cards = [card for card in doctree.findall(nodes.container) if "summit_session" in card]
    for number, card in enumerate(cards):
        session = card.attributes.pop("summit_session")
        if number:
            first = cards[0].line or cards[0].parent.line
            warn(env, f"a page holds one session, and this is its second session directive (the "
                      f"first is on line {first}); give this session a page of its own", card, "session")
            continue
        misplaced = not_a_session_page(env, doctree) or nested_in(card)
        if misplaced:
            # (MyST's line of a directive nested in another is off: the source's is used)
            line = card_lines(env)[number:number + 1] or [card.line]
            logger.error(f"the session card is {misplaced}, so the page is not a session; a card "
                         f"goes at the top of a session page of its own, right under its title "
                         f"(make session writes one)", location=(env.docname, line[0]),
                         type="summit", subtype="session")
            continue
        page = doctree.next_node(nodes.section)
        section = card.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        if page is None or not isinstance(page[0], nodes.title):
            warn(env, "the page has no title: a session page starts with its title (# Title), "
                      "then the session directive", card, "session")
            title = session.id
        else:
            title = text_of(page[0])
            if section is not page:
                heading = section[0].astext() if section is not None else "?"
                warn(env, f"the session directive must come right under the page's title, not "
                          f"under the heading {heading!r}: the session's title is the page's",
                     card, "session")
            claim_anchor(env, doctree, card, page, session)
        session = dataclasses.replace(session, title=title)
        domain.note_session(session)
        if not has_notes(page, card):
            domain.note_without_notes(session.docname)
        domain.note_query(session.docname, queries.RelatedTo(session.key))
        for f in INDEXED:
            for name in f.values(session):  # the card's badges link to these index entries
                domain.note_query(session.docname, queries.EntryAnchor(f.index, name))


def not_a_session_page(env, doctree: nodes.document) -> str | None:
    """Where the card is, if its page is not a session page: the home page, a summit's
    landing page, a day's page, a page that lists sessions or pages."""
    docname = env.docname
    summit = env.summit_summits.of(docname)
    if docname == env.config.root_doc:
        return "on the site's home page"
    if summit is not None and docname == summit.landing_page(env.config.root_doc):
        return f"on the landing page of the summit {summit.id!r}"
    day = day_of_folder(docname, summit)
    if day is not None and docname.endswith("/index"):
        return f"on the page of day {day}"
    if next(doctree.findall(queries.session_listing), None) or \
            next(doctree.findall(queries.days_listing), None):
        return "on a page that lists sessions"
    if next(doctree.findall(addnodes.toctree), None):
        return "on a page with a toctree (a page of pages)"
    return None


SESSION_LINE = re.compile(r"^[\s>*+-]*(?:`{3,}|~{3,}|:{3,})\{session\}")


def card_lines(env) -> list[int]:
    """The lines of the page's session directives, in its source."""
    try:
        text = env.doc2path(env.docname).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [n for n, line in enumerate(text.splitlines(), 1) if SESSION_LINE.match(line)]


# what a card is inside of, when it is not at the top level of its page
CONTAINERS = {nodes.list_item: "in a list item", nodes.Admonition: "in an admonition box",
              nodes.table: "in a table", nodes.block_quote: "in a quote", nodes.topic: "in a topic box",
              nodes.sidebar: "in a sidebar", nodes.footnote: "in a footnote"}


def nested_in(card: nodes.Element) -> str | None:
    """What the card is inside of, if it is not at the top level of its page
    (its parent a section, or the document)."""
    parent = card.parent
    while parent is not None and not isinstance(parent, (nodes.section, nodes.document)):
        for component, where in DESIGN_CONTAINERS.items():  # (sphinx-design's are plain containers)
            if is_component(parent, component):
                return where
        for kind, where in CONTAINERS.items():
            if isinstance(parent, kind):
                return where
        parent = parent.parent
    return None if card.parent is parent else f"inside another element ({card.parent.tagname})"


DESIGN_CONTAINERS = {"tab-item": "in a tab", "tab-content": "in a tab", "dropdown": "in a dropdown",
                     "card": "in a card", "grid-item": "in a grid"}


def text_of(title: nodes.Element) -> str:
    """A title's text, without its raw HTML (the session's title in listings, previews
    and sessions.json)."""
    return "".join(node.astext() for node in title.findall(nodes.Text)
                   if not isinstance(node.parent, nodes.raw))


def claim_anchor(env, doctree, card, section, session: Session) -> None:
    """Give the card its session id as anchor, also when a heading has it.

    A page named after its title has a title anchor equal to the session id:
    the card, just under the title, takes it over. Any other element with
    that anchor is a conflict the author has to resolve.
    """
    for heading in doctree.findall(nodes.section):
        if heading is not section and session.id not in heading["ids"] \
                and nodes.make_id(heading[0].astext()) == session.id:
            warn(env, f"session id {session.id!r} is also the anchor the heading "
                      f"{heading[0].astext()[:60]!r} would have, so the heading gets "
                      f"{heading['ids'][0]!r}; give the session another ':id:'", heading, "session")
    holder = doctree.ids.get(session.id)
    if holder is None or holder is card:
        return
    if holder is section:  # a section needs an anchor: give it another
        section["ids"].remove(session.id)
        new_id = f"{session.id}-notes"
        while new_id in doctree.ids:
            new_id += "-"
        section["ids"].insert(0, new_id)
        doctree.ids[new_id] = section
        doctree.ids[session.id] = card
    else:
        warn(env, f"session id {session.id!r} is also the anchor of {holder.astext()[:60]!r} on "
                  f"this page; give the session another ':id:'", card, "session")


class SummitPlaceholderDirective(SummitDirective):
    """A directive whose content is computed from every page, at write time."""

    has_content = True  # (to say what is wrong with text given to it: no_text)

    def no_text(self, what: str) -> None:
        """Text or options the directive does not take (MyST would say "Has content")."""
        first = next((line.strip() for line in self.content if line.strip()), None)
        if first is None:
            return
        option = re.match(r":([\w-]+):", first)
        given = f"the option ':{option[1]}:'" if option else f"the text {first[:40]!r}"
        takes = "no text" if self.option_spec else "no options and no text"
        line = self.lineno + next((n for n, text in enumerate(self.block_text.splitlines())
                                   if n and text.strip() == first), 0)
        warn(self.env, f"{self.name} takes {takes} ({what}): remove {given}",
             (self.env.docname, line), self.name)

    def placeholder(self, node_class: type[queries.listing], query) -> list[nodes.Node]:
        self.env.get_domain("summit").note_query(self.env.docname, query)
        node = node_class.of(query)
        self.set_source_info(node)
        return [node]


class SessionListDirective(SummitPlaceholderDirective):
    """Cards of every session of a day, project, topic, person or remark.

    It lists the sessions of the page's own summit (of every summit on a page
    that belongs to none); ``:summit: all`` spans every summit, ``:summit: id``
    names one.
    """

    option_spec = {name: directives.unchanged for name in ("summit", *FILTERS)}

    def run(self) -> list[nodes.Node]:
        self.no_text("it lists the sessions its options select")
        vocab = self.vocabulary()
        summits = self.env.summit_summits
        problems: list[OptionProblem] = []
        summit = vocab.summit.id if vocab.summit else None
        if "summit" in self.options:
            name = self.options["summit"].strip()
            if name == "all":
                summit = None
            elif name in summits.by_id:
                summit = name
                vocab = dataclasses.replace(vocab, summit=summits.by_id[name])
            else:
                problems.append(OptionProblem(f"no summit has the id {name!r}; use 'all' or one of: "
                                        f"{', '.join(sorted(summits.by_id))}", "summit"))
        where = []
        for name in FILTERS:
            if name not in self.options:
                continue
            check = FILTERS[name][0].check  # (any name, for a field checking none)
            value = self.options[name]
            found = check(value, vocab, problems) if check else " ".join(value.split())
            if found is not None:
                where.append((name, found))
        lines = option_lines(self.block_text)
        # (a field's problem names its session option, "projects"; here it is "project")
        option_of = {field.name: option for option, fields in FILTERS.items() for field in fields}
        if self.broken_option_block():
            return []
        for problem in problems:
            self.warn(dataclasses.replace(problem, option=option_of.get(problem.option, problem.option)),
                      lines)
        if problems:
            return []
        # (the line of :person:, for what only the whole site can tell: a person no
        # session names)
        person_line = self.lineno + lines.get("person", [0])[0]
        return self.placeholder(queries.session_listing, queries.SessionsMatching(summit, tuple(where), person_line))


class SummitListDirective(SummitPlaceholderDirective):
    """A card for each summit of the site, newest first."""

    def run(self) -> list[nodes.Node]:
        self.no_text("it shows every summit of the site, newest first")
        return self.placeholder(queries.summit_listing, queries.AllSummits())


class SummitDaysDirective(SummitPlaceholderDirective):
    """The days of the page's summit: date, note, sessions, a link to the day's page.

    With ``:day: N``, that day only (for the day's own page).
    """

    option_spec = {"day": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        self.no_text("it lists the days of the page's summit")
        vocab = self.vocabulary()
        if vocab.summit is None:
            if not vocab.unusable_declaration:
                warn(self.env, "summit-days lists the days of the page's summit, and this page is in "
                               "no summit's folder", (self.env.docname, self.lineno), "summit-days")
            return []
        day = None
        if self.broken_option_block():
            return []
        if "day" in self.options:
            problems: list[OptionProblem] = []
            day = check_day(self.options["day"], vocab, problems)
            for problem in problems:
                self.warn(problem, option_lines(self.block_text))
            if day is None:
                return []
        return self.placeholder(queries.days_listing, queries.SummitDays(vocab.summit.id, day))


class SummitExportDirective(SummitPlaceholderDirective):
    """Links to ``sessions.json`` and its schema, from wherever the page is."""

    def run(self) -> list[nodes.Node]:
        self.no_text("it links to sessions.json and its schema")
        return self.placeholder(queries.export_listing, queries.ExportLinks())
