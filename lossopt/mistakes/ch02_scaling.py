"""Known mistakes of ch02 section 3 (learning-rate scaling, gradient accumulation): key -> sentence."""

KO = {
    # scaled_lr
    "gd_lr_ratio_inverted": "배치 비를 뒤집었습니다(base_batch / batch): 배치가 커지면 학습률도 커집니다 (linear: base_lr · batch / base_batch).",
    "gd_lr_sqrt_for_linear": "rule='linear'에 제곱근 규칙을 썼습니다: 선형 규칙은 배치 비 k를 그대로 곱합니다.",
    "gd_lr_linear_for_sqrt": "rule='sqrt'에 선형 규칙을 썼습니다: 제곱근 규칙은 √k를 곱합니다.",
    "gd_lr_ignores_base_lr": "배율(k 또는 √k)만 돌려주었습니다: 기준 학습률 base_lr에 곱해야 합니다.",
    # accumulated_grad
    "gd_acc_no_division": "마이크로배치마다의 평균 기울기를 나누지 않고 더했습니다: 마이크로배치가 K개면 기울기가 약 K배가 됩니다. 각 마이크로배치에 (그 크기)/N의 무게를 주세요.",
    "gd_acc_divide_by_k": "마이크로배치의 평균 손실을 마이크로배치 수 K로 나누었습니다: 마지막 마이크로배치가 짧으면 그 샘플들이 더 큰 무게를 받습니다. 각 마이크로배치의 손실 합을 전체 샘플 수 N으로 나누세요.",
    "gd_acc_skip_short": "짧은 마지막 마이크로배치를 건너뛰었습니다: 모든 샘플이 전체 배치의 기울기에 들어가야 합니다.",
    "gd_acc_sum_loss": "합 손실의 기울기를 더하기만 했습니다: MSELoss는 평균이므로 전체 샘플 수 N으로 나누어야 합니다.",
    "gd_acc_not_zeroed": "두 번째 호출에서 앞 호출의 기울기가 남아 있었습니다(.grad를 0으로 만들지 않음): 호출할 때마다 새 텐서에서 시작하거나 .grad를 지우세요.",
}
