"""Small fixes to every page of the lossopt book (a local Sphinx extension).

sphinx-thebe, which Jupyter Book 1 always loads, registers its inline configuration script once
per ``env-before-read-docs`` event; Jupyter Book fires that event twice, so every page declared
``const THEBE_JS_URL`` twice and the browser reported "Identifier 'THEBE_JS_URL' has already been
declared". Each page keeps one copy of each script.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        # the same inline script is registered once with filename None and once with ""
        filename = getattr(script, "filename", None) or ""
        key = (filename, tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
