extensions = ["myst_parser", "sphinxcontrib.mermaid", "sphinx_summit.mermaid"]
exclude_patterns = ["_build"]

# the Mermaid npm package of the repository the tests run from (see tests/conftest.py)
import os
mermaid_npm_package = os.environ["SUMMIT_TEST_MERMAID"]
