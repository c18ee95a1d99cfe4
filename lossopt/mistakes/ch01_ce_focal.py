"""Known mistakes of ch01 section 3 (cross-entropy with ignore_index, label smoothing, focal loss)."""

KO = {
    # cross-entropy with class-index targets
    "ce_mean_includes_ignored": "무시할 위치(ignore_index)까지 센 전체 개수 N으로 나누었습니다: 평균은 무시하지 않은 위치의 개수로 나눠야 합니다.",
    "ce_ignore_not_applied": "ignore_index를 처리하지 않았습니다: 타깃이 ignore_index인 위치는 손실의 합에서도, 평균의 분모에서도 빼야 합니다.",
    "ce_smooth_includes_ignored": "스무딩 항에 무시할 위치(ignore_index)의 행까지 더했습니다: PyTorch는 스무딩 항에서도 그 행을 뺍니다.",
    "ce_softmax_twice": "softmax를 두 번 적용했습니다: 확률에 다시 log-softmax를 씌우지 말고, 로짓(logits)에 곧바로 log-softmax를 적용하세요.",
    "ce_smoothing_ignored": "label_smoothing을 적용하지 않았습니다: ε > 0이면 목표 분포가 (1−ε)·원-핫 + ε/K로 바뀝니다.",
    # label smoothing targets
    "ce_smooth_over_k_minus_1": "ε를 정답이 아닌 K−1개 클래스에만 나누었습니다: PyTorch의 label_smoothing은 정답 클래스를 포함한 K개 클래스 모두에 ε/K를 줍니다 (정답 클래스는 1−ε+ε/K).",
    "ce_smooth_no_eps_on_true": "정답 클래스에 ε/K를 더하지 않았습니다 (1.3절 §2에서 본, 정답 칸을 1−ε로 덮어쓰는 코드와 같은 실수): 정답 클래스의 목표 확률은 1−ε가 아니라 1−ε+ε/K이고, 그래야 각 행의 합이 1입니다.",
    # binary focal loss
    "ce_focal_no_alpha": "α_t 가중치를 빠뜨렸습니다: 양성(타깃 1)에는 α, 음성(타깃 0)에는 1−α를 곱해야 합니다.",
    "ce_focal_alpha_both": "두 클래스 모두에 α를 곱했습니다: α_t = α·t + (1−α)·(1−t)이므로 음성(타깃 0)의 가중치는 1−α입니다.",
    "ce_focal_alpha_swapped": "α와 1−α를 뒤바꾸었습니다: 양성(타깃 1)의 가중치가 α, 음성(타깃 0)의 가중치가 1−α입니다.",
    "ce_focal_gamma_on_pt": "γ 제곱을 p_t에 적용했습니다: 쉬운 샘플을 줄이는 조절 인자는 p_t^γ가 아니라 (1−p_t)^γ입니다.",
    "ce_focal_p_not_pt": "p_t 대신 sigmoid 확률 p를 그대로 썼습니다: p_t는 정답 쪽의 확률이므로 타깃이 0이면 1−p입니다.",
    "ce_focal_no_gamma": "조절 인자 (1−p_t)^γ를 빠뜨렸습니다: α_t·BCE만으로는 포컬 손실이 아닙니다.",
    "ce_ratio_inverted": "비율을 거꾸로 계산했습니다: (어려운 양성 샘플의 값) ÷ (쉬운 음성 샘플의 값)입니다.",
    "ce_weight_not_loss": "가중치 α_t·(1−p_t)^γ의 비율을 적었습니다: 손실의 비율은 가중치에 BCE(= −log p_t)까지 곱한 값의 비율입니다.",
}
