"""Every interface string exists in English and in Dutch."""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "game" / "web" / "i18n"


def keys(language: str) -> set[str]:
    return set(json.loads((CATALOGS / f"{language}.json").read_text(encoding="utf-8")))


def test_english_and_dutch_have_the_same_keys():
    assert sorted(keys("en") ^ keys("nl")) == []


def test_every_key_the_pages_use_is_in_the_catalog():
    used = set()
    for path in list((ROOT / "templates").glob("*.html")) + list((ROOT / "static" / "js").glob("*.js")):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""", path.read_text(encoding="utf-8")))
    # A key ending in "." is a prefix completed at run time, e.g. t("language." + code).
    missing = {key for key in used if key not in keys("en") and not any(k.startswith(key) for k in keys("en"))}
    assert used and sorted(missing) == []
