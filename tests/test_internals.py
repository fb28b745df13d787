"""What ``sphinx_summit.internals`` reads of other projects still does what the
package relies on: each test fails when the internal it reads changes
(``without_mermaid_script``: tests/test_cards.py, where Mermaid comes from its CDN)."""

from __future__ import annotations

import re
import subprocess
import sys

from bs4 import BeautifulSoup

from sphinx_summit import internals

OPENGRAPH = ('\nextensions += ["sphinxext.opengraph"]\nogp_site_url = "https://example.org/notes/"\n'
             'ogp_social_cards = {"enable": False}\n')
ODD = "# A < B & C \"quoted\" `code`\n\nThe first \\<paragraph\\> & its text, long enough to be cut " + "x" * 300 + "\n"


def opengraph_tags(html: str) -> dict[str, str]:
    page = BeautifulSoup(html, "html.parser")
    tags = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
    tags["description"] = page.select_one("meta[name='description']")["content"]
    return tags


def test_builder_class_is_the_class_of_the_builder(site):
    app = site.build("text")
    assert internals.builder_class(app.env) is type(app.builder)


def test_without_sphinx_search_no_search_index_is_written(site):
    app = site.build()
    assert not (app.outdir / "searchindex.js").exists()
    assert (app.outdir / "cinder.html").exists()


def test_opengraph_text_is_what_sphinxext_opengraph_writes(site):
    """The title and description it computes are those sphinxext-opengraph writes
    of the same page on its own (read back from its tags, which escape only '"')."""
    site.write("odd.md", ODD)
    site.add_conf(OPENGRAPH)
    app = site.build()
    written = opengraph_tags(site.html("odd"))
    title, description = internals.opengraph_text(
        app.builder.render_partial(app.env.titles["odd"])["title"], app.env.get_and_resolve_doctree(
            "odd", app.builder), app.config.ogp_description_length)
    assert (title, description) == (written["og:title"], written["og:description"])
    assert title == "A < B & C “quoted” code" and description.startswith("The first <paragraph> & its text")

    # the package hands the same text to sphinxext-opengraph, escaped
    site.add_conf('extensions += ["sphinx_summit.hosting"]\n')
    site.rebuild()
    page = site.html("odd")
    assert opengraph_tags(page) == written
    assert '<meta property="og:title" content="A &lt; B &amp; C “quoted” code" />' in page
    assert not re.search(r'<meta [^>]*content="[^"]*[<>]', page)


SITEMAP = ('\nextensions += ["sphinx_sitemap", "sphinxext.opengraph", "sphinx_summit.hosting",\n'
           '               "sphinx_summit.incremental"]\n'
           'html_baseurl = ogp_site_url = "https://example.org/notes/"\nsitemap_url_scheme = "{link}"\n'
           'ogp_social_cards = {"enable": False}\n')


def test_sitemap_links_lists_every_page_encoded_also_when_none_was_written(site):
    site.write('q&a"x.md', "# Q and A\n\nText.\n")
    site.add_conf(SITEMAP)
    app = site.build()
    assert internals.sitemap_links(app) is not None
    first = (app.outdir / "sitemap.xml").read_text(encoding="utf-8")
    pages = re.findall(r"<loc>([^<]*)</loc>", first)
    assert "https://example.org/notes/q&amp;a%22x.html" in pages
    assert "https://example.org/notes/cinder.html" in pages
    site.rebuild()  # nothing changed: no page is written again
    assert re.findall(r"<loc>([^<]*)</loc>", (app.outdir / "sitemap.xml").read_text(encoding="utf-8")) == pages


def test_set_latex_date_is_the_date_under_the_books_title(summits_site):
    summits_site.add_conf('extensions += ["sphinx_summit.editions"]\n')
    app = summits_site.build("latex")
    (tex,) = [path.read_text(encoding="utf-8") for path in app.outdir.glob("*.tex")]
    date = tex[tex.index("\\date{"):].split("\n\\", 1)[0]
    assert "Notes as of" in date and "\\\\[2ex]" in date


def test_set_epub_contents_are_the_books_contents(summits_site):
    """The EPUB's contents are the package's: the pages nested as their toctrees
    nest them, then the indices (Sphinx's own lists no index)."""
    summits_site.add_conf('extensions += ["sphinx_summit.editions"]\nepub_tocscope = "includehidden"\n')
    app = summits_site.build("epub")
    nav = BeautifulSoup((app.outdir / "nav.xhtml").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in nav.select("nav ol a")]
    assert links[0] == "index.xhtml" and links[-4:] == [
        "summit-projectindex.xhtml", "summit-topicindex.xhtml", "summit-peopleindex.xhtml", "genindex.xhtml"]
    summit = nav.select_one('a[href="alpha-2015/index.xhtml"]').find_parent("li")
    assert [a["href"] for a in summit.find("ol").find_all("a")][:2] == ["alpha-2015/day1/index.xhtml",
                                                                     "alpha-2015/day1/keynote.xhtml"]


def test_setup_opengraph_keeps_its_matplotlib_line_out_of_the_build(site):
    """sphinxext-opengraph, imported without matplotlib (the site installs none),
    prints a line on every build; the site's build, which loads it through
    ``sphinx_summit.hosting``, shows none of it."""
    no_matplotlib = "import sys; sys.modules['matplotlib'] = None; "
    alone = subprocess.run([sys.executable, "-c", no_matplotlib + "import sphinxext.opengraph"],
                           capture_output=True, text=True, check=True)
    assert "matplotlib is not installed" in alone.stdout  # else setup_opengraph's holding back can go
    site.add_conf('\nextensions += ["sphinx_summit.hosting"]\nogp_site_url = "https://example.org/notes/"\n')
    build = subprocess.run(
        [sys.executable, "-c", no_matplotlib + "from sphinx.cmd.build import main; sys.exit(main(sys.argv[1:]))",
         "-W", "-q", "-b", "html", str(site.path), str(site.path / "_build")],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "matplotlib" not in build.stdout + build.stderr
    assert 'property="og:title"' in (site.path / "_build" / "cinder.html").read_text(encoding="utf-8")
