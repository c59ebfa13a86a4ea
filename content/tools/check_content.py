#!/usr/bin/env python3
"""Quick safety-net check of an exhibition content folder (stdlib only).

Usage: python3 content/tools/check_content.py [CONTENT_DIR]

Checks: every JSON file parses; every visible text map has all exhibition
languages with non-empty strings; referenced images, facts, categories and
CSV files exist; ids match folder/file names; featured ids exist; dates are
YYYY-MM-DD; CSV files follow the header/number rules; placeholders in UI
strings. Problems are printed as `file: message`; exit status 1 if any.

This is not the real validator (that is `kiosk-publish check`, in C++).
"""
import csv
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(HERE)
REPO = os.path.dirname(ROOT)

problems = []
warnings = []


def rel(path):
    return os.path.relpath(path, REPO)


def problem(path, msg):
    problems.append(f"{rel(path)}: {msg}")


def warn(path, msg):
    warnings.append(f"{rel(path)}: {msg}")


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        problem(path, "file is missing")
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        problem(path, f"invalid JSON: {e}")
    return None


ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SERIES_RE = re.compile(r"^[a-z0-9_]+$")
COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")
IMAGE_EXT = (".jpg", ".jpeg", ".png")

LANGS = []


def check_text(path, where, value, required=True):
    if value is None:
        if required:
            problem(path, f"{where}: missing text")
        return
    if not isinstance(value, dict):
        problem(path, f"{where}: must be a map language -> text")
        return
    for lang in LANGS:
        text = value.get(lang)
        if text is None:
            problem(path, f"{where}: missing translation '{lang}'")
        elif not isinstance(text, str) or not text.strip():
            problem(path, f"{where}: empty text for '{lang}'")
    for lang in value:
        if lang not in LANGS:
            warn(path, f"{where}: language '{lang}' is not declared in exhibition.json")


def check_image(path, where, base_dir, name):
    if not isinstance(name, str) or not name:
        problem(path, f"{where}: image file name missing")
        return
    if name.startswith("/") or ".." in name.split("/"):
        problem(path, f"{where}: unsafe path '{name}'")
        return
    if not name.lower().endswith(IMAGE_EXT):
        problem(path, f"{where}: '{name}' must be .jpg, .jpeg or .png")
    full = os.path.join(base_dir, name)
    if not os.path.isfile(full):
        problem(path, f"{where}: image '{name}' not found")
        return
    size = os.path.getsize(full)
    if size > 600 * 1024:
        warn(full, f"large image ({size // 1024} KB)")


def check_date(path, where, value):
    if value is None:
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        problem(path, f"{where}: date must be YYYY-MM-DD or null")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problem(path, f"{where}: '{value}' is not a real date")
        return None


def main():
    global LANGS
    ex_path = os.path.join(ROOT, "exhibition.json")
    ex = load_json(ex_path)
    if not isinstance(ex, dict):
        return finish()

    if ex.get("format") != 1:
        problem(ex_path, "format must be 1")
    for key in ("id", "title", "languages", "default_language", "theme"):
        if key not in ex:
            problem(ex_path, f"missing field '{key}'")
    langs = ex.get("languages") or []
    LANGS = [l.get("code") for l in langs if isinstance(l, dict)]
    for l in langs:
        if not isinstance(l, dict) or not l.get("code") or not l.get("name"):
            problem(ex_path, "each language needs 'code' and 'name'")
        elif l.get("dir", "ltr") not in ("ltr", "rtl"):
            problem(ex_path, f"language {l.get('code')}: dir must be ltr or rtl")
    if ex.get("default_language") not in LANGS:
        problem(ex_path, "default_language is not one of the languages")
    for chain_lang, chain in (ex.get("fallback") or {}).items():
        if not isinstance(chain, list) or not all(isinstance(c, str) for c in chain):
            problem(ex_path, f"fallback['{chain_lang}'] must be a list of language codes")
    check_text(ex_path, "title", ex.get("title"))
    check_text(ex_path, "subtitle", ex.get("subtitle"), required=False)
    for k, v in (ex.get("theme") or {}).items():
        if not isinstance(v, str) or not COLOR_RE.match(v):
            problem(ex_path, f"theme.{k}: colour must be #RRGGBB")
    for k in ("background", "surface", "accent", "text", "muted"):
        if k not in (ex.get("theme") or {}):
            problem(ex_path, f"theme.{k} missing")
    if ex.get("attract_image"):
        check_image(ex_path, "attract_image", ROOT, ex["attract_image"])

    # categories
    cat_path = os.path.join(ROOT, "categories.json")
    cats = load_json(cat_path) or []
    cat_ids = set()
    if not isinstance(cats, list):
        problem(cat_path, "must be a JSON array")
        cats = []
    for i, c in enumerate(cats):
        where = f"[{i}]"
        cid = c.get("id")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            problem(cat_path, f"{where}: bad id {cid!r}")
        elif cid in cat_ids:
            problem(cat_path, f"{where}: duplicate id '{cid}'")
        cat_ids.add(cid)
        check_text(cat_path, f"{cid}.title", c.get("title"))
        check_text(cat_path, f"{cid}.summary", c.get("summary"), required=False)
        if c.get("image"):
            check_image(cat_path, f"{cid}.image", ROOT, c["image"])
        if c.get("color") and not COLOR_RE.match(c["color"]):
            problem(cat_path, f"{cid}.color must be #RRGGBB")

    # facts
    facts_dir = os.path.join(ROOT, "facts")
    fact_ids = set()
    if os.path.isdir(facts_dir):
        for name in sorted(os.listdir(facts_dir)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(facts_dir, name)
            fact = load_json(path)
            if not isinstance(fact, dict):
                continue
            fid = fact.get("id")
            if fid != name[:-5]:
                problem(path, f"id {fid!r} must equal the file name '{name[:-5]}'")
            fact_ids.add(name[:-5])
            check_text(path, "title", fact.get("title"))
            check_text(path, "summary", fact.get("summary"), required=False)
            check_text(path, "unit", fact.get("unit"), required=False)
            check_text(path, "notes", fact.get("notes"), required=False)
            if fact.get("chart") not in ("bar", "line"):
                problem(path, "chart must be 'bar' or 'line'")
            src = fact.get("source")
            if not isinstance(src, dict) or not src.get("name") or not isinstance(src.get("year"), int):
                problem(path, "source needs 'name' and an integer 'year'")
            series = fact.get("series") or {}
            for sid, label in series.items():
                check_text(path, f"series.{sid}", label)
            data = fact.get("data")
            if not data:
                problem(path, "data (CSV file name) missing")
                continue
            check_csv(path, os.path.join(facts_dir, data), series)

    # items
    items_dir = os.path.join(ROOT, "items")
    item_ids = set()
    per_cat = {c: 0 for c in cat_ids}
    for name in sorted(os.listdir(items_dir)) if os.path.isdir(items_dir) else []:
        folder = os.path.join(items_dir, name)
        if not os.path.isdir(folder):
            continue
        path = os.path.join(folder, "item.json")
        item = load_json(path)
        if not isinstance(item, dict):
            continue
        iid = item.get("id")
        if iid != name:
            problem(path, f"id {iid!r} must equal the folder name '{name}'")
        if not ID_RE.match(name):
            problem(path, f"folder name '{name}' must be lowercase ASCII with hyphens")
        item_ids.add(name)
        cat = item.get("category")
        if cat not in cat_ids:
            problem(path, f"unknown category {cat!r}")
        else:
            per_cat[cat] += 1
        for field in ("title", "summary", "story"):
            check_text(path, field, item.get(field))
        for field in ("origin", "partners"):
            check_text(path, field, item.get(field), required=(field == "origin"))
        images = item.get("images") or []
        if not images:
            problem(path, "at least one image is required")
        for i, im in enumerate(images):
            check_image(path, f"images[{i}]", folder, im.get("file"))
            check_text(path, f"images[{i}].caption", im.get("caption"), required=False)
        for fid in item.get("facts") or []:
            if fid not in fact_ids:
                problem(path, f"unknown fact '{fid}'")
        d1 = check_date(path, "available_from", item.get("available_from"))
        d2 = check_date(path, "available_until", item.get("available_until"))
        if d1 and d2 and d2 < d1:
            problem(path, "available_until is before available_from")
        link = item.get("link")
        if link is not None and not (isinstance(link, str) and link.startswith(("https://", "http://"))):
            problem(path, "link must be an http(s) URL")
        elif isinstance(link, str):
            host = link.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
            if any(host == d or host.endswith("." + d) for d in ("example.org", "example.com", "example.net")):
                warn(path, f"link goes to the placeholder domain '{host}': link a real page of the product, museum or company")
        for key in ("tags", "kiosk_tags"):
            v = item.get(key)
            if v is not None and not (isinstance(v, list) and all(isinstance(t, str) for t in v)):
                problem(path, f"{key} must be a list of strings")
        story = (item.get("story") or {}).get("en", "")
        words = len(story.split())
        if story and not 80 <= words <= 160:
            warn(path, f"English story has {words} words (aim for 80-160)")

    for cid, n in per_cat.items():
        if n == 0:
            warn(cat_path, f"category '{cid}' has no items")
    for fid in ex.get("featured") or []:
        if fid not in item_ids:
            problem(ex_path, f"featured item '{fid}' does not exist")

    # exhibition string overrides
    strings_dir = os.path.join(ROOT, "strings")
    if os.path.isdir(strings_dir):
        keysets = {}
        for name in sorted(os.listdir(strings_dir)):
            if name.endswith(".json"):
                path = os.path.join(strings_dir, name)
                d = load_json(path)
                if isinstance(d, dict):
                    keysets[name[:-5]] = set(d)
                    if not all(isinstance(v, str) and v.strip() for v in d.values()):
                        problem(path, "all values must be non-empty strings")
        for lang in LANGS:
            if lang not in keysets:
                warn(strings_dir, f"no strings/{lang}.json")

    # built-in UI strings (repository assets), if present next to content/
    check_ui_strings(os.path.join(REPO, "assets", "i18n"))
    return finish(item_ids, fact_ids, cat_ids)


def check_csv(json_path, csv_path, series):
    if not os.path.isfile(csv_path):
        problem(json_path, f"CSV '{os.path.basename(csv_path)}' not found")
        return
    with open(csv_path, encoding="utf-8", newline="") as f:
        raw = f.read()
    if raw.startswith("\ufeff"):
        problem(csv_path, "remove the UTF-8 byte-order mark")
    rows = [r for r in csv.reader(raw.splitlines())]
    if not rows:
        problem(csv_path, "empty CSV")
        return
    header = rows[0]
    if header[0] != "label" or len(header) < 2:
        problem(csv_path, "header must be 'label,<series-id>[,...]'")
    for sid in header[1:]:
        if not SERIES_RE.match(sid):
            problem(csv_path, f"series id '{sid}' must be lowercase letters, digits, underscores")
        if series and sid not in series:
            problem(json_path, f"series '{sid}' has no display name in 'series'")
    if len(rows) < 2:
        problem(csv_path, "no data rows")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problem(csv_path, f"line {n}: {len(row)} cells, header has {len(header)}")
            continue
        if not row[0].strip():
            problem(csv_path, f"line {n}: empty label")
        for cell in row[1:]:
            if not NUM_RE.match(cell.strip()):
                problem(csv_path, f"line {n}: '{cell}' is not a plain number (use '.' for decimals)")


def check_ui_strings(i18n_dir):
    if not os.path.isdir(i18n_dir):
        return
    required = [
        "app_name", "touch_to_start", "choose_language", "home", "categories", "featured",
        "trade_facts", "back", "language", "source", "origin", "partners", "scan_to_learn_more",
        "still_there", "touch_to_continue", "returning_in_seconds", "sample_exhibition", "view_all",
        "items_count", "swipe_for_more", "story", "gallery", "no_items", "content_unavailable",
        "technician", "status", "sync_now", "exit", "enter_pin", "cancel", "ok", "updated_at",
        "version"]
    placeholders = {"returning_in_seconds": "{n}", "items_count": "{n}"}
    keysets = {}
    for lang in LANGS:
        path = os.path.join(i18n_dir, f"{lang}.json")
        d = load_json(path)
        if not isinstance(d, dict):
            continue
        keysets[lang] = set(d)
        for k in required:
            if not isinstance(d.get(k), str) or not d[k].strip():
                problem(path, f"missing or empty key '{k}'")
        for k, ph in placeholders.items():
            if isinstance(d.get(k), str) and ph not in d[k]:
                problem(path, f"'{k}' must contain {ph}")
    if keysets:
        allkeys = set().union(*keysets.values())
        for lang, ks in keysets.items():
            for k in sorted(allkeys - ks):
                problem(os.path.join(i18n_dir, f"{lang}.json"), f"key '{k}' present in other languages")


def finish(items=(), facts=(), cats=()):
    for w in warnings:
        print("warning:", w)
    for p in problems:
        print(p)
    print(f"{len(items)} items, {len(facts)} facts, {len(cats)} categories, "
          f"{len(LANGS)} languages: {len(problems)} problem(s), {len(warnings)} warning(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
