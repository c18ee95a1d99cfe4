"""lossopt: 노트북이 함께 쓰는 도우미 패키지 (the helper package every notebook imports).

- ``lossopt.plot``: 한글이 렌더링되는 그림 스타일 (Hangul-ready matplotlib style).
- ``lossopt.seed``: 모든 난수원을 고정 (seed every random source).
- ``lossopt.check``: 테스트 셀이 쓰는 답 확인 도우미 (answer checking for test cells).
- ``lossopt.messages``: 피드백 문장 카탈로그 (feedback text, one place per language).

이 패키지에는 어떤 연습문제의 정답도 들어 있지 않습니다.
(This package never holds an exercise's answer.)
"""

from lossopt.check import AnswerError, as_array, check_choice, check_close
from lossopt.seed import seed_everything

__all__ = ["AnswerError", "as_array", "check_choice", "check_close", "seed_everything"]
__version__ = "0.1.0"
