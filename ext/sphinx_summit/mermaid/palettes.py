"""Mermaid's colours per colour scheme, WCAG-checked: the package's defaults.

Mermaid's own themes fall below WCAG 1.4.11 (3:1 for lines, borders and bars
against the page: furo's #ffffff and #131416) or 1.4.3 (4.5:1 for text on its
box) in places. These ``themeVariables`` fix them, one set per scheme; a site
overrides them with ``mermaid_theme_variables`` in its conf.py. Bar values are
written in black inside the bars, so bars are mid-tones in light mode and
light in dark mode. tests/test_diagrams_reader.py measures every diagram of
the site in both schemes.
"""

from __future__ import annotations

# the text of every drawing (the notes hold Japanese and Chinese phrases)
DIAGRAM_FONTS = '"trebuchet ms", verdana, arial, "Noto Sans CJK JP", sans-serif'


def _sections(fills: list[str], label: str) -> dict[str, str]:
    """Timeline periods (and mindmap branches): cScale0..11, their text, their underline."""
    return {name: value for i in range(12) for name, value in (
        (f"cScale{i}", fills[i % len(fills)]), (f"cScaleInv{i}", fills[i % len(fills)]),
        (f"cScaleLabel{i}", label))}


def _axes(ink: str) -> dict[str, str]:
    """An xychart's title, axis labels, ticks and lines, all in one ink."""
    return {f"{part}Color": ink for part in (
        "title", "xAxisTitle", "yAxisTitle", "xAxisLabel", "yAxisLabel",
        "xAxisTick", "yAxisTick", "xAxisLine", "yAxisLine")}


LIGHT_BARS = ["#916dda", "#3b85ce", "#bf6c30", "#25925c", "#d4557f", "#288da1"]

THEME_VARIABLES = {
    "light": {
        "xyChart": {"backgroundColor": "transparent", "plotColorPalette": ", ".join(LIGHT_BARS),
                    **_axes("#131300")},
        "clusterBorder": "#74741d",  # subgraphs (Mermaid's #aaaa33: 2.5:1)
        "noteBorderColor": "#74741d",
        "actorBorder": "#9370db",  # sequence participants and lifelines (#dacef3: 1.5:1)
        "actorLineColor": "#9370db",
        **_sections(LIGHT_BARS, "#000000"),
    },
    "dark": {
        "xyChart": {"backgroundColor": "transparent",  # (Mermaid's is a #333333 box)
                    "plotColorPalette": "#baa0ee, #7cb2e8, #e59e6b, #23c674, #ec93b1, #2dbdda",
                    **_axes("#e0dfdf")},
        "clusterBorder": "#909090",  # (Mermaid's: white at 25 %, 2.3:1)
        "noteBorderColor": "#909090",
        **_sections(["#7b59c0", "#3d6fa2", "#966039", "#2e7954", "#b5456a", "#327583"], "#ffffff"),
    },
}
