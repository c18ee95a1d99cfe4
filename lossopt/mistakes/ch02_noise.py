"""Known mistakes of ch02 section 2 (gradient noise: mini-batch variance, noise scale): key -> sentence."""

KO = {
    # minibatch_grad_variance
    "gd_var_sample_ddof": "표본 분산(N − 1로 나누기, ddof=1)을 σ²로 썼습니다: 배치는 이 N개 행 자체에서 뽑으므로 σ²는 모집단 분산(N으로 나누기, ddof=0)입니다.",
    "gd_var_no_division": "σ²를 배치 크기 B로 나누지 않았습니다: 서로 독립인 B개의 평균은 분산이 σ²/B입니다.",
    "gd_var_std": "표준편차를 돌려주었습니다: 이 함수는 분산(제곱)을 돌려줍니다.",
    "gd_var_replacement_formula": "중복 없는 추출에 복원 추출의 식 σ²/B를 썼습니다: 서로 다른 샘플을 뽑으면 음의 상관이 생겨 (N − B)/(N − 1)을 더 곱해야 합니다 (B = N이면 0).",
    "gd_var_fpc_with_replacement": "복원 추출에도 유한 모집단 보정 (N − B)/(N − 1)을 곱했습니다: 각 행을 독립으로 뽑으면 분산은 정확히 σ²/B입니다.",
    "gd_var_fpc_over_n": "보정 인자를 (N − B)/N으로 썼습니다: 모집단 분산(ddof=0) σ²를 쓸 때 정확한 인자는 (N − B)/(N − 1)입니다.",
    # gradient_noise_scale
    "gd_bnoise_sample_cov": "표본 공분산(N − 1로 나누기)을 썼습니다: 이 연습의 Σ는 모집단 공분산(ddof=0)입니다.",
    "gd_bnoise_not_squared": "|G|로 나누었습니다: 분모는 기울기 크기의 제곱 |G|² = G·G입니다.",
    "gd_bnoise_inverted": "분자와 분모를 뒤집었습니다: 잡음 척도는 tr(Σ)/|G|²입니다 (잡음이 클수록 큰 값).",
    "gd_bnoise_uncentered": "평균을 빼지 않은 이차 모멘트 E|g_i|²를 tr(Σ) 대신 썼습니다: E|g_i|² = tr(Σ) + |G|²이므로 답이 1만큼 큽니다.",
}
