#!/usr/bin/env python3
"""Checks a help folder as GIMP's help system reads it (TAP output).

    check-help.py HELP_DIR ID...

HELP_DIR holds one folder per language with gimp-help.xml, which maps
help IDs to pages.  Every page must be well-formed (strict XML, so a
stray tag cannot hide; and xmllint --html where it is installed), every
image, link and #fragment it names must exist, and every ID must map to
an existing page and fragment.
"""
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

results = []


def check(ok, what):
    results.append((bool(ok), what))
    return ok


def page_ids(tree):
    return {e.get("id") for e in tree.iter() if e.get("id")}


def local_target(page, ref):
    """(file, fragment) for a reference inside the help, None for a URL."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = os.path.normpath(os.path.join(os.path.dirname(page), parts.path)) \
        if parts.path else page
    return path, parts.fragment


def check_page(page, parsed):
    if page in parsed:
        return parsed[page]
    try:
        tree = ET.parse(page)
    except (ET.ParseError, OSError) as error:
        check(False, f"{page} is well-formed ({error})")
        parsed[page] = None
        return None
    check(True, f"{page} is well-formed")
    parsed[page] = tree
    if shutil.which("xmllint"):
        run = subprocess.run(["xmllint", "--html", "--noout", page],
                             capture_output=True, text=True)
        check(run.returncode == 0 and not run.stderr.strip(),
              f"xmllint --html accepts {page} {run.stderr.strip()}")
    for img in tree.iter("img"):
        src = img.get("src", "")
        target = local_target(page, src)
        check(target and os.path.isfile(target[0]),
              f"{page}: image {src} is in the help folder")
        if target and os.path.isfile(target[0]):
            with open(target[0], "rb") as f:
                check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{src} is a PNG")
            check(os.path.getsize(target[0]) < 200 * 1024, f"{src} is under 200 KiB")
        check(img.get("alt"), f"{page}: image {src} has alternative text")
    for link in tree.iter("a"):
        href = link.get("href", "")
        target = local_target(page, href)
        if target is None:
            continue
        check(os.path.isfile(target[0]), f"{page}: link {href} names an existing file")
        if target[1] and os.path.isfile(target[0]):
            linked = check_page(target[0], parsed)
            check(linked is not None and target[1] in page_ids(linked),
                  f"{page}: link {href} names an existing anchor")
    return tree


def check_ref(lang_dir, ref, parsed, what):
    target = local_target(os.path.join(lang_dir, "gimp-help.xml"), ref)
    if not check(target and os.path.isfile(target[0]), f"{what}: {ref} exists"):
        return
    tree = check_page(target[0], parsed)
    if target[1]:
        check(tree is not None and target[1] in page_ids(tree),
              f"{what}: anchor #{target[1]} exists")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: check-help.py HELP_DIR ID...")
    help_dir, ids = sys.argv[1], sys.argv[2:]
    parsed = {}
    # GIMP falls back to English whatever the user's language.
    check(os.path.isfile(os.path.join(help_dir, "en", "gimp-help.xml")),
          f"{help_dir}/en/gimp-help.xml exists")
    for lang in sorted(os.listdir(help_dir)):
        lang_dir = os.path.join(help_dir, lang)
        mapping_file = os.path.join(lang_dir, "gimp-help.xml")
        if not os.path.isfile(mapping_file):
            continue
        try:
            root = ET.parse(mapping_file).getroot()
        except ET.ParseError as error:
            check(False, f"{mapping_file} is well-formed ({error})")
            continue
        check(root.tag == "gimp-help", f"{mapping_file}: root element is gimp-help")
        mapping = {item.get("id"): item.get("ref") for item in root.iter("help-item")}
        for help_id in ids:
            if check(mapping.get(help_id), f"{lang}: help ID {help_id} is mapped"):
                check_ref(lang_dir, mapping[help_id], parsed, f"{lang}: {help_id}")
        for missing in root.iter("help-missing"):
            check_ref(lang_dir, missing.get("ref", ""), parsed, f"{lang}: help-missing")
        # Pages nobody maps are still installed and linked: check them too.
        for name in sorted(os.listdir(lang_dir)):
            if name.endswith(".html"):
                check_page(os.path.join(lang_dir, name), parsed)

    print(f"1..{len(results)}")
    for n, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} {what}")
    sys.exit(0 if all(ok for ok, _ in results) else 1)


main()
