"""Known mistakes of ch01 section 4 (language modeling loss, perplexity): key -> sentence, per language."""

KO = {
    "lm_no_shift": "한 칸 밀기(shift)를 하지 않았습니다: 위치 t의 로짓은 다음 토큰 targets[:, t+1]을 예측하므로 logits[:, :-1]과 targets[:, 1:]를 짝지어야 합니다.",
    "lm_wrong_shift": "반대 방향으로 밀었습니다: logits[:, 1:]과 targets[:, :-1]이 아니라 logits[:, :-1]과 targets[:, 1:]를 짝지어야 합니다.",
    "lm_ignore_not_handled": "ignore_index를 처리하지 않았습니다: 정답이 ignore_index(-100)인 위치를 그대로 인덱스로 써서 오류가 났습니다. 그 위치는 안전한 번호(예: 0)로 바꿔 고른 뒤 가리고(mask), 평균은 남은 토큰 수로 나누세요.",
    "lm_mean_over_ignored": "무시할 토큰(ignore_index)까지 개수에 넣어 평균을 냈습니다: 무시하지 않은 토큰의 수로만 나누어야 합니다.",
    "lm_double_softmax": "softmax를 두 번 적용했습니다: 확률을 다시 로짓처럼 넣었습니다. 로짓에 log_softmax를 한 번만 적용하세요.",
    "lm_log2": "밑이 2인 로그(log2, 비트 단위)를 썼습니다: 이 책의 교차 엔트로피와 퍼플렉서티는 torch처럼 자연로그(nats)와 exp를 씁니다.",
    "lm_ppl_wrong_base": "자연로그로 구한 교차 엔트로피에 2**를 씌웠습니다: 자연로그에는 exp, 비트 단위 교차 엔트로피에는 2**를 짝지어야 합니다.",
    "lm_ppl_is_ce": "퍼플렉서티 대신 교차 엔트로피를 돌려주었습니다: 평균 교차 엔트로피에 exp를 씌워야 합니다.",
    "lm_mean_of_seq_ppl": "문장(시퀀스)마다 퍼플렉서티를 구한 뒤 평균을 냈습니다: 모든 토큰의 교차 엔트로피 평균을 먼저 구하고 exp를 한 번만 씌워야 합니다.",
    "lm_ppl_is_prob": "퍼플렉서티 자리에 토큰 하나의 확률(1/V)을 적었습니다: 퍼플렉서티는 그 역수 exp(CE)입니다.",
    "lm_ce_is_log_v_base10": "상용로그(log10)를 썼습니다: 교차 엔트로피는 자연로그로 계산합니다.",
}
