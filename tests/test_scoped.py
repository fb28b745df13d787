"""What the package does to a process lasts for the build that asked for it.

Importing ``sphinx_summit`` and building a site with it and every companion
leaves another Sphinx project built afterwards in the same process exactly as
it is built alone: the same files (no templates or static files of ours: the
settings our build added to were Sphinx's default lists, shared by every
build in the process), Sphinx's own ``csv-table``, no ``session`` directive,
no text codec of ours, no frozen garbage, its own log lines (MyST's included).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from test_companions_alone import SETTINGS, site_extensions

ROOTS = Path(__file__).parent / "roots"

# Builds the way sphinx-build does (Sphinx's docutils_namespace), FIRST (if given)
# then OTHER, and reports what OTHER's build gave and what the process holds after.
BUILD = '''
import codecs, gc, json, os, sys
from io import StringIO
from pathlib import Path
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

first, other, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def build(src, out):
    status, warning = StringIO(), StringIO()
    with docutils_namespace():
        app = Sphinx(src, src, out / "html", out / "doctrees", "html", status=status,
                     warning=warning, freshenv=True)
        app.build()
    return status.getvalue(), warning.getvalue()

if first != "-":
    import sphinx_summit  # (imported by the build too: here, before anything else)
    build(Path(first), out / "first")
status, warnings = build(other, out / "other")
try:
    codecs.lookup("utf-8-summit")
    codec = True
except LookupError:
    codec = False
for where in (str(out), os.path.relpath(out)):  # (Sphinx's last line says where, relative)
    status, warnings = status.replace(where, "OUT"), warnings.replace(where, "OUT")
print(json.dumps({
    "status": status, "warnings": warnings,
    "html": (out / "other" / "html" / "index.html").read_text(encoding="utf-8"),
    "files": sorted(str(p.relative_to(out / "other" / "html")) for p in (out / "other" / "html").rglob("*")),
    "codec": codec, "frozen": gc.get_freeze_count(),
}))
'''

OTHER_PAGE = """\
# Another project

```{csv-table} Sizes
:header: name, size

alpha, 1
beta, 2
```

```{session}
:day: 1
```
"""


def build_other(tmp_path: Path, first: Path | None, name: str) -> dict:
    other = tmp_path / "other"
    if not other.exists():
        other.mkdir()
        (other / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")
        (other / "index.md").write_text(OTHER_PAGE, encoding="utf-8")
    out = tmp_path / name
    result = subprocess.run([sys.executable, "-c", BUILD, str(first or "-"), str(other), str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    shutil.rmtree(other / "_build", ignore_errors=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_a_build_with_the_package_leaves_another_project_in_the_process_as_it_is_alone(tmp_path):
    summits = tmp_path / "summits"
    shutil.copytree(ROOTS / "test-summits", summits)
    (summits / "conf.py").write_text(f"extensions = {site_extensions()!r}\n{SETTINGS}", encoding="utf-8")

    alone = build_other(tmp_path, None, "alone")
    after = build_other(tmp_path, summits, "after")

    assert after == alone
    assert "Unknown directive type" in after["warnings"] and "session" in after["warnings"]
    assert "<table" in after["html"] and "beta" in after["html"]  # Sphinx's csv-table
    assert "myst v" in after["status"]  # (our build holds MyST's configuration line back)
    assert not after["codec"] and after["frozen"] == 0
