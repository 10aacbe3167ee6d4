"""Structural check of a DOM dumped by Chromium (make check-browser).

Fails when the page contains markup that certificate strings could have
injected: elements the report never writes (img, iframe, object, embed,
base, meta refresh, form), any on* event attribute, javascript: URLs, or a
script element other than the report's two (data block + code).
Usage: python3 domcheck.py DOM.html"""
import sys
from html.parser import HTMLParser

FORBIDDEN = {"img", "iframe", "object", "embed", "base", "form", "frame", "frameset", "link", "audio", "video"}


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.problems.append("element <%s>" % tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append("event attribute %s on <%s>" % (name, tag))
            if value and name in ("href", "src", "action", "xlink:href") and \
                    value.strip().lower().startswith(("javascript:", "data:text/html")):
                self.problems.append("%s=%r on <%s>" % (name, value[:40], tag))
            if tag == "a" and name == "href" and value and not value.startswith(("#", "https://crt.sh/?sha256=")):
                self.problems.append("unexpected link %r" % value[:60])


def main():
    c = Check()
    with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
        c.feed(f.read())
    kinds = sorted(s.get("type", "") or "code" for s in c.scripts)
    if kinds != ["application/json", "code"]:
        c.problems.append("script elements: %r" % kinds)
    for p in c.problems:
        print("domcheck: " + p)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
