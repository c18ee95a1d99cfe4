"""피드백 문장 카탈로그 (feedback text catalogue).

Test cells name mistakes by key (``"mae_instead_of_mse"``), and the words live here (generic
messages) and in ``lossopt/mistakes/<section>.py`` (one ``KO`` table per section), one table per language, so that an English edition can add ``"en"`` without touching an exercise.
The language is ``LOSSOPT_LANG`` (default ``ko``); a missing key falls back to Korean.
"""

from __future__ import annotations

import os

DEFAULT_LANG = "ko"

MESSAGES: dict[str, dict[str, str]] = {
    "ko": {
        # answer conversion
        "none": "{name}: 값이 None입니다. 함수 끝의 return 문을 빠뜨리지 않았나요?",
        "string": "{name}: 숫자가 와야 하는데 문자열 {value!r}이(가) 왔습니다.",
        "bool": "{name}: 숫자가 와야 하는데 True/False가 왔습니다. 비교식(==, <)을 돌려주지 않았나요?",
        "not_numeric": "{name}: 숫자(또는 숫자 배열)가 와야 하는데 {type} 값이 왔습니다.",
        "ragged": "{name}: 길이가 서로 다른 리스트가 섞여 있어 배열로 바꿀 수 없습니다.",
        "complex": "{name}: 복소수가 왔습니다. 실수여야 합니다.",
        "empty": "{name}: 빈 배열이 왔습니다 (기대한 모양: {expected_shape}).",
        # comparison
        "shape": "{name}: 모양(shape)이 다릅니다. 기대한 모양 {expected_shape}, 받은 모양 {actual_shape}.",
        "shape_hint_scalar": "하나의 평균값(스칼라)을 돌려줘야 합니다: 평균(mean)을 빠뜨렸거나 reduction='none'처럼 샘플별 값을 돌려주었습니다.",
        "nan": "{name}: 결과에 NaN이 있습니다. log(0), 0으로 나누기, 큰 수의 exp 같은 수치 문제를 확인하세요.",
        "inf": "{name}: 결과에 무한대(inf)가 있습니다. 큰 수의 exp나 log(0)를 확인하세요.",
        "mismatch": "{name}: 값이 다릅니다.\n  기대값: {expected}\n  받은 값: {actual}\n  최대 오차: {error:.3g} (허용 오차 rtol={rtol:g}, atol={atol:g})",
        "likely_mistake": "추정되는 실수: {mistake}",
        "hidden_values": "(숨은 테스트의 입력과 기대값은 보여 주지 않습니다)",
        # choices
        "choice_type": "{name}: 보기 중 하나를 문자열로 적어 주세요. 받은 값의 형식: {type}.",
        "choice_unknown": "{name}: {answer!r}은(는) 보기에 없습니다. 보기: {options}.",
        "choice_wrong": "{name}: {answer!r}은(는) 답이 아닙니다.",
        # feedback for common errors raised while a test cell runs (autograder)
        "error_NotImplementedError": "아직 구현하지 않았습니다: 답안 셀의 raise NotImplementedError()를 지우고 코드를 작성하세요.",
        "error_NameError": "이름을 찾을 수 없습니다: 함수나 변수의 이름을 바꾸었거나, 답안 셀을 실행하지 않았거나, 답안 셀이 오류로 멈추었습니다 (아직 풀지 않았다면 raise NotImplementedError() 때문입니다).",
        "error_TypeError": "형식 오류입니다: 함수의 인자(시그니처)나 돌려주는 값의 형식을 확인하세요.",
        "error_ValueError": "값 오류입니다: 배열의 모양이나 인자 값을 확인하세요.",
        "error_ModuleNotFoundError": "필요한 패키지를 불러올 수 없습니다: 이 책의 환경(make lab)에서 실행하세요.",
        "error_other": "테스트 셀을 실행하다가 {ename} 오류가 났습니다.",
        "error_stderr": "테스트 셀이 경고나 오류 문장을 출력해서(stderr) 실패로 처리되었습니다: {what}. 예를 들어 np.exp가 넘치지(overflow) 않게 계산하세요.",
        "error_timeout": "실행 시간 제한을 넘겼습니다: 무한 루프나 너무 큰 계산이 없는지 확인하세요.",
        # budgets and verdicts of the sandboxed grader (autograder)
        "limit_time": "노트북 전체의 실행 시간 제한({seconds:g}초)을 넘겨 이 테스트부터는 실행하지 않았습니다: 무한 루프, time.sleep, 너무 큰 계산이 없는지 확인하세요.",
        "limit_cell_time": "셀 하나의 실행 시간 제한({seconds:g}초)을 넘겨 이 테스트부터는 실행하지 않았습니다: 무한 루프나 너무 큰 계산이 없는지 확인하세요.",
        "limit_output": "출력이 너무 많아(제한 {mb:g} MB) 이 테스트부터는 실행하지 않았습니다: 반복문 안의 print를 줄이세요.",
        "limit_dead": "커널이 멈추거나 종료되어 이 테스트부터는 실행하지 않았습니다: 메모리를 너무 많이 쓰거나(제한 {gb:g} GB) 프로세스를 종료시키는 코드(os.kill, sys.exit 등)가 없는지 확인하세요.",
        "error_MemoryError": "메모리 제한({gb:g} GB)을 넘었습니다: 너무 큰 배열을 만들지 않았는지 확인하세요.",
        "error_BlockingIOError": "프로세스/스레드 수 제한을 넘었습니다: 채점 중에는 새 프로세스를 많이 만들 수 없습니다.",
        "error_redacted": "이 메시지에는 숨은 테스트의 내용이 들어 있어 보여 줄 수 없습니다. 강사에게 문의하세요.",
        "error_worker": "이 제출물을 채점하던 프로세스가 비정상 종료되어 0점으로 처리했습니다. 강사에게 알려 주세요.",
        "warning_note": "참고(감점 없음): 이 테스트를 실행하는 동안 경고가 나왔습니다: {what}.",
        "warning_RuntimeWarning": "수치 경고입니다 (log(0), 0으로 나누기, exp overflow 등): 값이 맞다면 감점은 없습니다",
        "warning_DeprecationWarning": "곧 없어질 기능을 쓴다는 라이브러리 경고입니다",
        "warning_FutureWarning": "앞으로 동작이 바뀔 기능을 쓴다는 라이브러리 경고입니다",
        "warning_UserWarning": "라이브러리가 사용법에 대해 알리는 경고입니다 (예: torch의 size_average처럼 곧 없어질 인자)",
        "warning_other": "경고",
        # from-scratch exercises (lossopt.check.forbid, check_no_warnings)
        "forbidden_call": "{name}: 이 연습은 직접 구현하는 연습이라 {used}을(를) 쓰면 안 됩니다. 그 함수 없이 식으로 계산하세요.",
        "forbidden_mistake": "직접 구현하는 연습에서 라이브러리 함수를 불렀습니다",
        "warned": "{name}: 경고가 나오면 안 되는 연습인데 경고가 나왔습니다: {what}.",
        # review flags in the instructor's CSV (autograder): what the kernel did that a solution never does
        "flag_review": "검토 필요",
        "flag_patch": "라이브러리 함수 바꿔치기 ({detail})",
        "flag_introspection": "프레임·gc·동적 코드 사용 ({detail})",
        "flag_process": "프로세스·스레드·네트워크·ctypes 사용 ({detail})",
        "flag_file": "노트북 폴더 밖의 파일 접근 ({detail})",
        "flag_forbidden": "금지된 라이브러리 함수 호출 ({detail})",
        "flag_channel": "채점 통신 채널 변조 또는 끊김 ({detail})",
        "flag_other": "기타 ({detail})",
    },
}

def _collect() -> dict[str, dict[str, str]]:
    """Merge the per-section mistake tables of ``lossopt/mistakes/`` (one module per section)."""
    import importlib
    import pkgutil

    from lossopt import mistakes as package

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for lang in ("KO", "EN"):
            table = getattr(module, lang, None)
            if table is None:
                continue
            target = merged.setdefault(lang.lower(), {})
            clash = set(target) & set(table)
            if clash:
                raise ValueError(f"mistake keys defined twice ({info.name}): {sorted(clash)}")
            target.update(table)
    return merged


MISTAKES: dict[str, dict[str, str]] = _collect()


def language() -> str:
    """The feedback language: ``LOSSOPT_LANG`` if a catalogue has it, else Korean."""
    lang = os.environ.get("LOSSOPT_LANG", DEFAULT_LANG)
    return lang if lang in MESSAGES else DEFAULT_LANG


def text(key: str, **fields) -> str:
    """Return message ``key`` in the current language, formatted with ``fields``."""
    table = MESSAGES.get(language(), {})
    template = table.get(key) or MESSAGES[DEFAULT_LANG][key]
    return template.format(**fields)


def mistake(key: str) -> str:
    """Describe a known mistake; an unknown key is taken as the description itself."""
    table = MISTAKES.get(language(), {})
    return table.get(key) or MISTAKES[DEFAULT_LANG].get(key) or key
