"""python -m bench: the load benchmark (see __main__.py and the README)."""
