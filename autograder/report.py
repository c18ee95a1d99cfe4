"""The class at a glance: ``class_report.html`` next to ``grades.csv``.

One self-contained HTML file (figures as PNG data, the Hangul font as a subset embedded in the
page), written from the latest result of every student and assignment: per assignment the score
distribution; per exercise the pass rate, the mean score and the mistakes the checkers named most
often (the mistake tables of ``lossopt/mistakes/`` name them, e.g. "편향 보정을 빠뜨렸습니다"), so an
instructor knows what to reteach; and the submissions that need a look.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from pathlib import Path

from autograder.fonts import embedded_font_face
from lossopt import messages

TOP_MISTAKES = 5


def named_mistake(message: str) -> str | None:
    """The mistake a checker named in a feedback message (the line after "추정되는 실수: "), if any."""
    marker = messages.text("likely_mistake", mistake="\0").split("\0")[0]
    for line in (message or "").splitlines():
        line = line.strip()
        if line.startswith(marker):
            return line[len(marker):].strip() or None
    return None


def summarise(records: list[dict]) -> dict:
    """Per assignment: totals, per-exercise statistics, named mistakes, submissions to review."""
    out: dict[str, dict] = {}
    for rec in records:
        aid = rec["assignment"]
        a = out.setdefault(aid, {"totals": [], "max": 0.0, "cells": {}, "review": []})
        s = rec["summary"]
        a["totals"].append(float(s["score"]))
        a["max"] = max(a["max"], float(s["max_score"]))
        reasons = " | ".join(x for x in (s.get("review", ""), s.get("problems", "")) if x)
        if reasons:
            a["review"].append((rec["student"], reasons))
        for row in rec["rows"]:
            key = (row["notebook"], row["grade_id"])
            c = a["cells"].setdefault(key, {"description": row.get("description", ""), "kind": row["kind"],
                                            "max": float(row["max_points"]), "scores": [], "status": Counter(),
                                            "mistakes": Counter()})
            c["scores"].append(float(row["points"]))
            c["status"][row["status"]] += 1
            named = named_mistake(row.get("message", ""))
            if named:
                c["mistakes"][named] += 1
    return out


def _figure_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _plots(aid: str, a: dict) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossopt.plot import use_style

    use_style()
    auto = [(k, c) for k, c in sorted(a["cells"].items()) if c["kind"] == "auto"]
    fig, (ax_hist, ax_rate) = plt.subplots(1, 2, figsize=(11, max(3.2, 0.28 * len(auto) + 1.2)))
    ax_hist.hist(a["totals"], bins=min(20, max(5, len(a["totals"]))), range=(0, a["max"] or 1), color="C0")
    ax_hist.set(title=f"{aid}: 총점 분포", xlabel=f"점수 (만점 {a['max']:g})", ylabel="학생 수")
    labels = [gid for (_, gid), _ in auto]
    rates = [c["status"]["passed"] / max(1, len(c["scores"])) for _, c in auto]
    ax_rate.barh(range(len(auto)), rates, color="C2")
    ax_rate.set_yticks(range(len(auto)), labels, fontsize=8)
    ax_rate.invert_yaxis()
    ax_rate.set(title="자동 채점 문항의 통과율", xlabel="통과한 비율", xlim=(0, 1))
    fig.tight_layout()
    png = _figure_png(fig)
    plt.close(fig)
    return f'<img alt="{html.escape(aid)} 점수 분포와 통과율" src="data:image/png;base64,{png}">'


def render(records: list[dict]) -> str:
    """The report page for these results (the latest result of each student and assignment)."""
    body = [f"<h1>반 전체 채점 보고서</h1><p>학생·과제 {len(records)}건의 최신 결과입니다.</p>"]
    for aid, a in sorted(summarise(records).items()):
        totals = sorted(a["totals"])
        median = totals[len(totals) // 2] if totals else 0.0
        mean = sum(totals) / len(totals) if totals else 0.0
        body.append(f"<h2>{html.escape(aid)}</h2><p>학생 {len(totals)}명, 평균 {mean:.1f}점, "
                    f"중앙값 {median:g}점 (만점 {a['max']:g}점)</p>")
        body.append(_plots(aid, a))
        body.append("<table><thead><tr><th>노트북</th><th>문항</th><th>내용</th><th>배점</th><th>통과율</th>"
                    "<th>평균</th><th>가장 많이 짚은 실수 (학생 수)</th></tr></thead><tbody>")
        for (nb, gid), c in sorted(a["cells"].items()):
            n = max(1, len(c["scores"]))
            if c["kind"] == "manual":
                rate = f"수동 채점 대기 {c['status']['manual']}건, 강사 채점 {c['status']['graded']}건"
            else:
                rate = f"{c['status']['passed'] / n:.0%}"
            top = "".join(f"<li>{html.escape(m)} <b>({k})</b></li>" for m, k in c["mistakes"].most_common(TOP_MISTAKES))
            body.append(f"<tr><td>{html.escape(nb)}</td><td><code>{html.escape(gid)}</code></td>"
                        f"<td>{html.escape(c['description'])}</td><td>{c['max']:g}</td><td>{rate}</td>"
                        f"<td>{sum(c['scores']) / n:.2f}</td><td><ul>{top}</ul></td></tr>")
        body.append("</tbody></table>")
        if a["review"]:
            body.append("<h3>살펴볼 제출물</h3><ul>")
            body += [f"<li><b>{html.escape(s)}</b>: {html.escape(p)}</li>" for s, p in sorted(a["review"])]
            body.append("</ul>")
    content = "\n".join(body)
    text = html.unescape(content) + "반 전체 채점 보고서"
    style = ("body { font-family: 'NanumGothic', system-ui, sans-serif; margin: 2em; max-width: 1200px; }"
             "table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 4px 8px;"
             " vertical-align: top; font-size: 14px; } ul { margin: 0; padding-left: 1.2em; } img { max-width: 100%; }")
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>반 전체 채점 보고서</title>'
            f"<style>{embedded_font_face(text)} {style}</style></head><body>{content}</body></html>")


def write(records: list[dict], out_dir: Path) -> Path:
    path = Path(out_dir) / "class_report.html"
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render(records), encoding="utf-8")
    tmp.replace(path)
    return path
