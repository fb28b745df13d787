project = "Test summit notes"
copyright = "2015, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.mermaid", "sphinx_summit", "sphinx_summit.search"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "_data"]
summit_formats = ["keynote", "talk", "panel"]
summit_remarks = {"recommended": {"text": "Highly recommended", "colour": "success"},
                  "packed": "Room packed"}
summit_catalogue = "_data/catalogue.yaml"
