"""config/ of the source tree, installed as the package ``monitor.bundled`` (pyproject.toml): the
default config, the rules and the known dataset, read through importlib.resources."""
