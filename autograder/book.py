"""Build the Jupyter Book (1.x) site from the executed solutions.

A build step copies ``book/`` and every solutions notebook into a build folder: solution
cells keep their code (markers dropped) behind a ``hide-input`` toggle, written answers
move into a collapsed dropdown, hidden tests are removed, and each correction box (a
blockquote that opens with ``**바로잡기.**``) becomes a ``caution`` admonition. The copies are never
committed; Jupyter Book executes them and builds with warnings as errors.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.fonts import write_web_font
from autograder.nbutil import REPO, assignments, drop_marker_lines, is_solution, is_test, notebook_names, read, strip_hidden_tests

BUILD = REPO / "build" / "book"
RELEASE_DIR = "_release"  # each chapter folder's copy of the learner's notebooks, offered for download
CORRECTION = "> **바로잡기.**"


def correction_boxes(source: str) -> str:
    """Turn each blockquote that opens with ``**바로잡기.**`` into a MyST ``caution`` admonition.

    In JupyterLab the box stays a blockquote (it renders everywhere); in the book it is styled
    as one kind of box across every chapter.
    """
    lines, out, i = source.split("\n"), [], 0
    while i < len(lines):
        if not lines[i].startswith(CORRECTION):
            out.append(lines[i])
            i += 1
            continue
        body = []
        while i < len(lines) and lines[i].startswith(">"):
            body.append(lines[i][1:].removeprefix(" "))
            i += 1
        body[0] = body[0][len(CORRECTION) - 2:].lstrip()
        out += [":::{admonition} 바로잡기", ":class: caution", "", *body, ":::"]
    return "\n".join(out)



def learner_links(aid: str, name: str, repo_url: str | None = None, branch: str = "main") -> str:
    """The page's links to the learner's notebook: a download of the release (always), and Binder
    and Colab launch links that open the release notebook when the repository's URL is known."""
    lines = [f"{{download}}`학생용 노트북 내려받기 ({name}.ipynb) <{RELEASE_DIR}/{name}.ipynb>`"]
    if repo_url:
        m = re.fullmatch(r"https://github\.com/([^/\s]+)/([^/\s]+?)(?:\.git)?/?", repo_url.strip())
        if not m:
            raise ValueError(f"LOSSOPT_REPO_URL must look like https://github.com/<owner>/<repo>: {repo_url!r}")
        owner, repo = m.groups()
        path = f"notebooks/{aid}/{name}.ipynb"
        lines.append(f"[Binder에서 열기](https://mybinder.org/v2/gh/{owner}/{repo}/{branch}?labpath={path})")
        lines.append(f"[Colab에서 열기](https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/{path})")
    return "**직접 풀어 보기:** " + " · ".join(lines)


def transform(nb, links: str | None = None):
    """The book's copy of a solutions notebook (``links``: a markdown line put after the title cell)."""
    nb = nbformat.from_dict(nb)
    if links:
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(links))
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if is_solution(cell) and cell.cell_type == "code":
            cell.source = drop_marker_lines(cell.source)
            if "hide-input" not in tags:
                tags.append("hide-input")
        elif is_solution(cell) and cell.cell_type == "markdown":
            cell.source = "```{admonition} 예시 답안 (model answer)\n:class: dropdown\n\n" + cell.source.strip() + "\n```"
        elif is_test(cell):
            cell.source = strip_hidden_tests(cell.source)
        elif cell.cell_type == "markdown" and CORRECTION in cell.source:
            cell.source = correction_boxes(cell.source)
        if not tags:
            del cell.metadata["tags"]
    return nb


def prepare(dest: Path = BUILD, repo: Path = REPO) -> Path:
    """Lay out the book sources in ``dest`` (replacing what was there, keeping _build)."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.iterdir():
        if old.name != "_build":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for item in (repo / "book").iterdir():
        if item.name in ("_build",) or item.name.startswith("."):
            continue
        if item.suffix == ".md":  # the book's own pages get the same correction boxes
            (dest / item.name).write_text(correction_boxes(item.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, dest / item.name)
    write_web_font(dest / "_static")  # for _static/hangul.css: Hangul without Korean system fonts
    repo_url, branch = os.environ.get("LOSSOPT_REPO_URL"), os.environ.get("LOSSOPT_REPO_BRANCH", "main")
    for aid in assignments(repo / "solutions"):
        (dest / aid / RELEASE_DIR).mkdir(parents=True, exist_ok=True)
        for name in notebook_names(aid, repo / "solutions"):
            shutil.copy2(repo / "notebooks" / aid / f"{name}.ipynb", dest / aid / RELEASE_DIR / f"{name}.ipynb")
            page = transform(read(repo / "solutions" / aid / f"{name}.ipynb"), learner_links(aid, name, repo_url, branch))
            nbformat.write(page, str(dest / aid / f"{name}.ipynb"))
    return dest


def build(dest: Path = BUILD, repo: Path = REPO) -> Path:
    """Prepare and build; return the index page. Raises CalledProcessError on any warning."""
    prepare(dest, repo)
    jb = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jb), "build", str(dest), "--builder", "html", "-W", "--keep-going"], check=True)
    return dest / "_build" / "html" / "index.html"
