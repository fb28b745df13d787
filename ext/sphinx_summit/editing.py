"""Editing marked as editing: what the editors added to the attendee's notes.

The pages are one attendee's notes; the editors add to them, and say so with
three marks, all in one style (class ``editing-mark``):

* ``editor-note``: a note box titled "Editor's note", for text that is not in
  the notes (comparisons, explanations, links between talks);
* every diagram's caption starts with "Drawn from the notes": the notes have no
  pictures, each diagram is the editors' drawing of what they say
  (``sphinx_summit.mermaid`` puts the mark on the captions);
* names a session lists in ``:inferred:`` (an organisation the notes do not
  give, say) are followed by "(inferred)" on its cards.

``editing-marks`` says in one sentence how to read the marks, showing them.
Marks are left out of the search index: a search for "inferred" should not
find every page a mark sits on.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .i18n import _
from .reports import warn

NOTE_TITLE = _("Editor's note")
DIAGRAM_MARK = _("Drawn from the notes")
INFERRED_MARK = _("(inferred)")


def mark(text: str, kind: str) -> nodes.inline:
    """A mark of editing, ``kind`` one of note, diagram, inferred."""
    return nodes.inline("", str(text), classes=["editing-mark", f"editing-mark-{kind}", "no-search"])


def with_inferred_mark(node: nodes.Node) -> nodes.inline:
    """``node`` (a name, a badge) followed by the "(inferred)" mark, as one piece."""
    return nodes.inline("", "", node, nodes.Text(" "), mark(INFERRED_MARK, "inferred"),
                        classes=["editing-inferred"])


class EditorNoteDirective(SphinxDirective):
    """An editor's note: ``:::{editor-note} [title]`` with the note as content."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.class_option, "name": directives.unchanged}  # as admonition's

    def run(self) -> list[nodes.Node]:
        note = nodes.admonition(classes=["admonition-editor-note", "editor-note",
                                         *self.options.get("class", [])])
        self.set_source_info(note)
        self.add_name(note)
        title = nodes.title("", str(NOTE_TITLE))
        if self.arguments:
            inline, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
            title += [nodes.Text(": "), *inline, *messages]
        self.set_source_info(title)
        note += title
        if not "".join(self.content).strip():
            warn(self.env, "the editor's note is empty: write the note inside the directive, "
                           "before its closing fence", (self.env.docname, self.lineno), "editing")
        else:
            note += self.parse_content_to_nodes()
        return [note]


class EditingMarksDirective(SphinxDirective):
    """One sentence that says how to read the marks, with the marks in it."""

    def run(self) -> list[nodes.Node]:
        sentence = str(_(
            "How to read the marks: the text is the attendee's notes, and what the editors "
            "added is marked: {note} boxes, diagrams captioned {diagram}, and details of "
            "a session's card followed by {inferred}."))
        marks = {"note": mark(NOTE_TITLE, "note"), "diagram": mark(DIAGRAM_MARK, "diagram"),
                 "inferred": mark(INFERRED_MARK, "inferred")}
        para = nodes.paragraph(classes=["editing-legend"])
        self.set_source_info(para)
        for piece in re.split(r"(\{\w+\})", sentence):
            name = piece.strip("{}")
            if piece.startswith("{") and name in marks:
                legend_mark = marks[name]
                legend_mark["classes"].remove("no-search")  # the legend is text to find
                para += legend_mark
            elif piece:
                para += nodes.Text(piece)
        return [para]
