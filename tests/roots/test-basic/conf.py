extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.mermaid", "mermaid_selfhosted", "summit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "_data"]
summit_days = {
    1: {"date": "2015-10-27", "label": "Day 1", "weekday": "Tuesday"},
    2: {"date": "2015-10-28", "label": "Day 2", "weekday": "Wednesday"},
}
summit_formats = ["keynote", "talk", "panel"]
summit_remarks = {"recommended": "Highly recommended", "packed": "Room packed"}
summit_catalogue = "_data/catalogue.yaml"

# the Mermaid npm package of the repository the tests run from (see tests/conftest.py)
import os
mermaid_npm_package = os.environ["SUMMIT_TEST_MERMAID"]
