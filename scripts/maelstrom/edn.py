"""A small EDN reader for Maelstrom's results.edn (the real Maelstrom writes
no results.json). Maps become dicts (keyword keys without ':'), vectors,
lists and sets become lists, keywords become strings, tagged values are
read as the value. Enough for reading results; not a general EDN library.
"""
import re

_TOKEN = re.compile(r"""
    (?P<ws>[\s,]+|;[^\n]*)
  | (?P<open>\#\{|[\[\({])
  | (?P<close>[\]\)}])
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<tag>\#[A-Za-z][^\s\[\]{}()",]*)
  | (?P<atom>[^\s\[\]{}()",;]+)
""", re.VERBOSE | re.DOTALL)


def _atom(text):
    if text == "nil":
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if text.startswith(":"):
        return text[1:]
    if text.startswith("##"):
        return {"##Inf": float("inf"), "##-Inf": float("-inf")}.get(text, float("nan"))
    try:
        return int(text.rstrip("N"))
    except ValueError:
        pass
    try:
        return float(text.rstrip("M"))
    except ValueError:
        return text  # a symbol


def loads(text):
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "ws"]
    pos = 0

    def value():
        nonlocal pos
        kind, tok = tokens[pos]
        pos += 1
        if kind == "tag":
            return value()
        if kind == "string":
            return bytes(tok[1:-1], "utf-8").decode("unicode_escape") if "\\" in tok else tok[1:-1]
        if kind == "atom":
            return _atom(tok)
        if kind == "open":
            closing = {"[": "]", "(": ")", "{": "}", "#{": "}"}[tok]
            items = []
            while tokens[pos][1] != closing:
                items.append(value())
            pos += 1
            if tok == "{":
                return {"__map__": list(zip(items[0::2], items[1::2]))}
            return items
        raise ValueError(f"unexpected {tok!r}")

    return value()


def to_plain(v):
    """Maps with hashable keys become dicts, keyed by str() of non-string keys."""
    if isinstance(v, dict) and "__map__" in v:
        return {(k if isinstance(k, str) else str(k)): to_plain(x) for k, x in v["__map__"]}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    return v
