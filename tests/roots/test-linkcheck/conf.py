extensions = ["myst_parser", "sphinx_summit.linkstatus"]
exclude_patterns = ["_build", "_data"]
linkstatus_file = "_data/link-status.json"
# fast settings for a local test server
linkcheck_timeout = 1
linkcheck_retries = 1
linkcheck_workers = 4
linkcheck_rate_limit_timeout = 10.0
