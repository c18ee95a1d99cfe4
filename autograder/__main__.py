"""Command line: python -m autograder {release,check-release,grade,totals,bench,selfcheck,lab,book}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description="lossopt 채점 도구")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("release", help="solutions/ 에서 notebooks/ 를 다시 만듭니다")
    r.add_argument("assignments", nargs="*", help="과제 ID (없으면 전부)")
    sub.add_parser("check-release", help="notebooks/ 가 새로 만든 릴리스와 같은지 확인합니다")
    g = sub.add_parser("grade", help="제출 폴더의 모든 제출물을 채점합니다")
    g.add_argument("submissions", type=Path, help="<student>/<assignment>/<name>.ipynb 형식의 폴더")
    g.add_argument("--out", type=Path, default=Path("grading"), help="결과 폴더 (기본: grading/)")
    g.add_argument("--workers", type=int, default=None, help="동시에 채점할 프로세스 수 (기본: 코어 수)")
    g.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="bubblewrap 샌드박스 없이 채점합니다 (위험: 제출물이 정답과 다른 학생의 파일을 읽고 고칠 수 있습니다)")
    g.add_argument("--scheduler", default=None,
                   help="Dask 스케줄러 주소 (예: tcp://10.0.0.5:8786): 그 클러스터의 컴퓨터들이 채점합니다 "
                        "(기본: 이 컴퓨터에 코어 수만큼의 로컬 클러스터; pool: Dask 없이)")
    g.add_argument("--wall-seconds", type=float, default=None, help="노트북 하나의 실행 시간 제한 (기본 600초)")
    bn = sub.add_parser("bench", help="stock nbgrader과 채점 속도를 비교합니다 (같은 점수인지도 확인)")
    bn.add_argument("n", type=int, help="만들 가상 제출물 수")
    bn.add_argument("--assignment", default=None, help="이 과제만 (기본: 모든 장을 돌아가며)")
    bn.add_argument("--workers", type=int, default=None, help="채점 프로세스 수 (기본: 코어 수)")
    bn.add_argument("--scheduler", default=None, help="Dask 스케줄러 주소 (기본: 이 컴퓨터의 로컬 클러스터)")
    bn.add_argument("--unsafe-no-sandbox", action="store_true", help="샌드박스 없이 (비교용)")
    bn.add_argument("--skip-stock", action="store_true", help="stock nbgrader 채점을 건너뜁니다")
    bn.add_argument("--keep", type=Path, default=None, help="만든 제출물과 결과를 이 폴더에 남깁니다")
    c = sub.add_parser("selfcheck", help="풀이 노트북 하나를 CI처럼 채점해 봅니다 (만점/0점 확인)")
    c.add_argument("notebook", type=Path, help="solutions/<assignment>/<name>.ipynb")
    lab = sub.add_parser("lab", help="JupyterLab: 학습자용(notebooks/) 또는 강사용(formgrader)")
    lab.add_argument("--instructor", action="store_true", help="강사용: 저장소 루트에서 formgrader와 함께")
    lab.add_argument("--grades", type=Path, default=None,
                     help="강사용: 이 채점 결과 폴더를 nbgrader 과정으로 열어 formgrader로 수동 채점합니다")
    lab.add_argument("extra", nargs="*", help="jupyter lab에 그대로 넘길 인자 (-- 뒤에)")
    t = sub.add_parser("totals", help="formgrader에서 넣은 수동 점수를 합쳐 grades.csv, 보고서, 피드백을 다시 씁니다")
    t.add_argument("out", type=Path, nargs="?", default=Path("grading"), help="채점 결과 폴더 (기본: grading/)")
    b = sub.add_parser("book", help="책을 빌드하고 index.html 경로를 출력합니다")
    b.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "release":
        from autograder.release import release

        try:
            made = release(args.assignments or None)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        print("notebooks/ 를 다시 만들었습니다:", ", ".join(made))
        return 0
    if args.command == "check-release":
        from autograder.release import differences

        problems = differences()
        print("\n".join(problems) if problems else "notebooks/ 는 solutions/ 의 새 릴리스와 같습니다.")
        return 1 if problems else 0
    if args.command == "grade":
        from autograder.grade import GradeError, grade

        try:
            from autograder.sandbox import Limits

            from autograder.progress import live

            limits = Limits(**({"wall_seconds": args.wall_seconds} if args.wall_seconds else {}))
            with live() as progress:
                result = grade(args.submissions, args.out, args.workers, unsafe_no_sandbox=args.unsafe_no_sandbox,
                               limits=limits, progress=progress, scheduler=args.scheduler)
        except GradeError as exc:
            print(f"채점할 수 없습니다: {exc}", file=sys.stderr)
            return 2
        from autograder.progress import summary_table

        if not summary_table(result["summary"]):
            for row in result["summary"]:
                extra = f"  [{row['problems']}]" if row["problems"] else ""
                print(f"{row['student']:<20} {row['assignment']:<24} {row['score']:g} / {row['max_score']:g}{extra}")
        for line in result["skipped"]:
            print("건너뜀:", line)
        print(f"성적: {Path(result['out_dir']) / 'grades.csv'}")
        print(f"피드백: {Path(result['out_dir']) / 'feedback'}")
        return 0
    if args.command == "bench":
        from autograder.bench import main as bench

        return bench(args.n, args.assignment, args.workers, args.unsafe_no_sandbox, args.scheduler, args.skip_stock, args.keep)
    if args.command == "selfcheck":
        from autograder.selfcheck import selfcheck

        if not args.notebook.exists() or args.notebook.suffix != ".ipynb":
            print(f"노트북이 없습니다: {args.notebook}", file=sys.stderr)
            return 2
        ok, report = selfcheck(args.notebook)
        print(report)
        return 0 if ok else 1
    if args.command == "lab":
        from autograder.lab import run

        try:
            return run("instructor" if args.instructor else "learner", *args.extra, grades=args.grades)
        except FileNotFoundError as exc:
            print(exc, file=sys.stderr)
            return 2
    if args.command == "totals":
        from autograder.grade import GradeError, totals

        try:
            recs = totals(args.out)
        except GradeError as exc:
            print(f"합계를 낼 수 없습니다: {exc}", file=sys.stderr)
            return 2
        manual = sum(1 for r in recs if r.get("manual"))
        print(f"학생·과제 {len(recs)}건 (수동 점수가 들어간 것 {manual}건): {Path(args.out) / 'grades.csv'}")
        return 0
    if args.command == "book":
        import subprocess

        from autograder.book import BUILD, build

        try:
            index = build(args.out or BUILD)
        except subprocess.CalledProcessError as exc:
            print(f"책 빌드가 실패했습니다 (exit {exc.returncode}).", file=sys.stderr)
            return 1
        print(f"책: {index}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
