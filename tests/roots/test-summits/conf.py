extensions = ["myst_parser", "sphinx_design", "sphinx_summit", "sphinx_summit.bounded_nav",
              "sphinx_summit.incremental", "sphinx_summit.search"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "_data"]
summit_formats = ["keynote", "talk"]
summit_remarks = {"recommended": {"text": "Highly recommended", "colour": "success"}}
summit_catalogue = "_data/catalogue.yaml"
