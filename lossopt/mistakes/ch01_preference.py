"""Known mistakes of ch01 section 6 (preference learning: PPO, DPO): key -> sentence, per language."""

KO = {
    # PPO clipped surrogate
    "pref_max_instead_of_min": "min 대신 max를 썼습니다: PPO는 자르지 않은 항과 자른 항 가운데 작은(비관적인) 쪽을 택합니다.",
    "pref_clip_advantage": "비율(ratio) 대신 어드밴티지를 잘랐습니다: 자르는 것은 비율이고, 자른 항은 clip(ratio, 1-ε, 1+ε)·A입니다.",
    "pref_ratio_no_exp": "로그 확률의 차이를 그대로 비율로 썼습니다: ratio = exp(log_probs - old_log_probs)입니다.",
    "pref_ratio_from_probs": "확률을 exp로 되돌린 뒤 나누었습니다: 응답 전체의 로그 확률은 큰 음수라 exp가 0이 되어 0/0 = nan이 납니다. exp(log_probs - old_log_probs)로 구하세요.",
    "pref_ratio_inverted": "비율을 뒤집었습니다: 새 정책 ÷ 옛 정책, 곧 exp(log_probs - old_log_probs)입니다.",
    "pref_ppo_sign_flipped": "부호가 반대입니다: PPO는 목표 min(...)을 최대화하므로 손실은 그 평균의 음수입니다.",
    "pref_clipped_only": "자른 항만 썼습니다: 자르지 않은 항 ratio·A와의 min을 빠뜨렸습니다.",
    "pref_adv_normalised": "어드밴티지를 손실 안에서 정규화했습니다(평균을 빼고 표준편차로 나눔): 이 함수는 받은 어드밴티지를 그대로 씁니다. 정규화는 데이터를 모은 뒤 손실 밖에서 한 번 하는 전처리입니다.",
    "pref_adv_normalised_biased": "어드밴티지를 손실 안에서 정규화했습니다(평균을 빼고 np.std로 나눔): 이 함수는 받은 어드밴티지를 그대로 씁니다. 정규화는 데이터를 모은 뒤 손실 밖에서 한 번 하는 전처리입니다.",
    "pref_no_clip": "비율을 자르지 않았습니다: ratio·A의 평균은 자르기가 없는 정책 경사 목표입니다.",
    # DPO
    "pref_dpo_swapped": "chosen과 rejected를 바꾸었습니다: 선호 응답(chosen)의 로그 비율에서 비선호 응답(rejected)의 로그 비율을 빼야 합니다.",
    "pref_dpo_no_ref": "참조 모델(ref)의 로그 확률을 빼지 않았습니다: 마진은 β·[(정책 - 참조)_chosen - (정책 - 참조)_rejected]입니다.",
    "pref_dpo_no_beta": "β를 곱하지 않았습니다: 시그모이드에 넣기 전에 로그 비율의 차이에 β를 곱해야 합니다.",
    "pref_dpo_sign_flipped": "부호가 반대입니다: 손실은 -log σ(마진)이므로 마진이 클수록 작아져야 합니다.",
    "pref_naive_sigmoid_ratio": "σ(x)를 exp(x)/(1+exp(x))로 계산해, 마진이 크면 inf/inf = nan이 났습니다: -log σ(x) = softplus(-x) = np.logaddexp(0, -x)로 계산하세요.",
    "pref_overflow_warning": "값은 맞지만, 쓰지 않는 쪽 식까지 계산하는 np.where 같은 방식 때문에 exp가 넘쳤습니다: np.logaddexp(0, -m)처럼 어느 원소에서도 넘치지 않는 식을 쓰세요.",
    "pref_naive_log_sigmoid": "log(sigmoid(x))를 그대로 계산해, 마진이 아주 크거나 작을 때 시그모이드가 0(또는 inf/inf)이 되어 inf나 nan이 났습니다: -log σ(x) = softplus(-x) = np.logaddexp(0, -x)로 계산하세요.",
}
