"""Known mistakes of ch03 section 4 (optimizer experiments): key -> sentence, per language."""

KO = {
    "exp_bound_one_over": "2를 빠뜨렸습니다: 1/λ_max는 가장 가파른 방향의 오차를 한 step에 0으로 만드는 학습률이고, 발산이 시작되는 한계는 |1 − ηλ| = 1이 되는 2/λ_max입니다.",
    "exp_bound_min_eig": "가장 작은 고유값을 썼습니다: 모든 방향에서 |1 − ηλ| < 1이어야 하므로 가장 가파른 방향(가장 큰 고유값)이 한계를 정합니다.",
    "exp_bound_mean_eig": "고유값의 평균을 썼습니다: 한계는 가장 큰 고유값 하나가 정합니다.",
    "exp_bound_trace": "고유값의 합(헤세 행렬의 대각합)을 썼습니다: 한계는 가장 큰 고유값 하나가 정합니다 (합은 더 보수적인 값입니다).",
    "exp_bound_not_max": "첫째나 마지막 원소를 가장 큰 고유값으로 썼습니다: 고유값은 정렬되어 있지 않을 수 있으니 최댓값(max)을 쓰세요.",
    "exp_bound_ignores_beta": "모멘텀을 무시했습니다: β = 0일 때의 한계 2/λ_max를 그대로 썼습니다. 특성방정식에 z = −1을 넣어 보세요.",
    "exp_bound_one_minus_beta": "(1 − β)를 곱했습니다: 모멘텀의 '유효 학습률' η/(1 − β)로 생각하면 이렇게 되지만, 안정성 한계는 z = −1에서 정해지는 2(1 + β)/λ_max입니다.",
    "exp_bound_effective_lr": "(1 − β)로 나누었습니다: 안정성 한계는 2(1 + β)/λ_max입니다 (특성방정식에 z = −1을 넣어 보세요).",
    "exp_bound_missing_two": "2를 빠뜨렸습니다: z = −1을 넣으면 ηλ = 2(1 + β)입니다.",
}
