"""Known mistakes of ch03 section 2 (adaptive optimizers): key -> sentence, per language.

Keys with placeholders ({name}, {t}, ...) are formatted by ``lossopt.steps``.
"""

KO = {
    # run errors (lossopt.steps.follow / check_state)
    "adapt_returned_none": "{name}이(가) None을 돌려주었습니다: 새 파라미터 배열을 return하세요 (state만 고치고 끝내면 안 됩니다).",
    "adapt_shape_changed": "{name}: {t}번째 스텝의 결과 모양이 {actual}입니다. 파라미터와 같은 모양 {expected}이어야 합니다.",
    "adapt_zero_division": "{name}: {t}번째 스텝에서 0으로 나누었습니다. 스텝 수 t를 0에서 시작해 편향 보정 1 − β^t = 0으로 나누지 않았나요? torch처럼 스텝 수를 먼저 1 늘린 뒤(첫 스텝 t = 1) 쓰세요.",
    "adapt_state_key_error": "{name}: {t}번째 스텝에서 state의 키 {key!r}을(를) 찾지 못했습니다. 첫 스텝에는 state가 빈 dict이므로, 없는 키는 만들어 넣어야 합니다.",
    "adapt_state_not_dict": "{name}: state가 dict가 아닙니다 ({type}). 인자로 받은 dict를 그 자리에서(in place) 고치세요.",
    "adapt_state_missing_key": "{name}: state에 키 {key!r}이(가) 없습니다 (필요한 키: {keys}; 받은 키: {got}). 받은 state dict를 그 자리에서 고치고, 키 이름은 torch.optim과 같게 지으세요.",
    # every step function
    "adapt_eps_inside_root": "ε를 제곱근 안에 넣었습니다: torch는 제곱근을 먼저 씌우고 ε를 더합니다 (√v + ε, √(v + ε)가 아님).",
    "adapt_eps_hardcoded": "eps 인자를 쓰지 않았습니다: ε를 1e-8 같은 고정된 값으로 적지 말고, 받은 eps를 제곱근 뒤에 더하세요 (√v + eps, √(v + eps)가 아님).",
    "adapt_eps_added_to_w": "ε를 분모가 아니라 파라미터에 더했습니다(괄호 누락: w − lr·m̂/√v̂ + ε): ε는 분모에 더합니다, w − lr·m̂/(√v̂ + ε).",
    "adapt_grad_not_squared": "기울기를 제곱하지 않고 누적했습니다: 2차 모멘트(누적합, 이동평균)에는 g² = g * g를 더합니다.",
    "adapt_no_sqrt": "제곱근을 빠뜨렸습니다: 기울기를 √v + ε로 나누어야 합니다 (v + ε가 아님).",
    "adapt_wd_ignored": "weight_decay를 쓰지 않았습니다: weight_decay > 0이면 감쇠를 적용해야 합니다.",
    "adapt_decoupled_instead_of_l2": "weight_decay를 파라미터에 직접 곱해 줄였습니다(분리된 감쇠): Adagrad, RMSProp, Adam의 weight_decay는 기울기에 λ·w를 더하는 L2 방식입니다 (분리된 감쇠는 AdamW).",
    # RMSProp
    "adapt_alpha_swapped": "alpha를 반대로 썼습니다: square_avg = alpha·square_avg + (1 − alpha)·g²입니다 (alpha = 0.99가 과거의 몫).",
    "adapt_rmsprop_bias_corrected": "RMSProp에 편향 보정을 넣었습니다: torch.optim.RMSprop은 square_avg를 (1 − alpha^t)로 나누지 않습니다 (편향 보정은 Adam에만 있습니다).",
    "adapt_rmsprop_is_adagrad": "이동평균 대신 누적합을 썼습니다: 이것은 Adagrad입니다. RMSProp은 square_avg = alpha·square_avg + (1 − alpha)·g²입니다.",
    # Adam / AdamW
    "adapt_no_bias_correction": "편향 보정을 빠뜨렸습니다: m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)로 나누어 쓰세요.",
    "adapt_bias_only_m": "편향 보정을 m에만 했습니다: v도 v̂ = v / (1 − β2^t)로 보정해야 합니다.",
    "adapt_bias_only_v": "편향 보정을 v에만 했습니다: m도 m̂ = m / (1 − β1^t)로 보정해야 합니다.",
    "adapt_step_from_zero": "첫 스텝의 스텝 수가 0입니다: 1 − β^0 = 0으로 나누어 NaN이 되었습니다. 스텝 수를 먼저 1 늘린 뒤 쓰세요 (첫 스텝 t = 1).",
    "adapt_step_off_by_one": "스텝 수가 하나 어긋났습니다: 첫 스텝의 편향 보정에 t = 1을 써야 하는데 t = 2를 썼습니다 (스텝 수를 두 번 늘리거나 1에서 시작해 먼저 늘렸습니다).",
    "adapt_betas_hardcoded": "betas 인자를 쓰지 않았습니다: β1, β2를 0.9, 0.999로 고정하지 말고 받은 betas에서 꺼내 쓰세요 (beta1, beta2 = betas).",
    "adapt_betas_swapped": "β1과 β2를 바꾸어 썼습니다: m(exp_avg)에는 β1 = betas[0], v(exp_avg_sq)에는 β2 = betas[1]을 씁니다.",
    "adapt_decoupled_in_adam": "Adam에 분리된 가중치 감쇠(AdamW 방식)를 썼습니다: torch.optim.Adam의 weight_decay는 기울기에 λ·w를 더하는 L2입니다.",
    "adapt_l2_in_adamw": "AdamW에서 λ·w를 기울기에 더했습니다(Adam + L2): AdamW는 w ← w·(1 − lr·λ)로 따로 줄인 뒤 기울기만으로 Adam 스텝을 합니다.",
    "adapt_decay_after_step": "감쇠를 Adam 스텝 뒤에 적용했습니다: torch의 AdamW는 스텝 전의 가중치로 w ← w·(1 − lr·λ)를 먼저 한 뒤 Adam 스텝을 뺍니다.",
    "adapt_decay_without_lr": "감쇠에 학습률을 곱하지 않았습니다: torch의 AdamW는 w ← w·(1 − lr·λ)입니다 (1 − λ가 아님).",
    # variables: bias correction (practice question 2)
    "adapt_corr_not_inverted": "보정 계수로 (1 − β^t)를 적었습니다: 보정 계수는 그 역수 1 / (1 − β^t)입니다 (m̂ = m × 보정 계수).",
    "adapt_hat_is_raw": "보정하지 않은 m, v를 그대로 m̂, v̂로 적었습니다: (1 − β^t)로 나누어야 합니다.",
    "adapt_v_not_squared": "v에 g² 대신 g를 넣었습니다: 2차 모멘트는 기울기 제곱의 이동평균입니다 (예: g = 5이면 g² = 25).",
    "adapt_t_minus_one": "스텝 100이 아니라 스텝 99의 값을 계산했습니다: t = 100이면 β^100입니다.",
    # variables: decay per step
    "adapt_decay_times_sqrt_v": "√v̂로 나누지 않고 곱했습니다: Adam + L2의 감쇠 항 λ·w는 다른 기울기처럼 √v̂ + ε로 나뉩니다.",
    "adapt_l2_not_scaled": "Adam + L2의 감쇠를 AdamW와 같게 lr·λ로 두었습니다: L2 항도 √v̂ + ε로 나뉘므로 파라미터마다 다릅니다.",
    "adapt_halflife_approx": "반감기를 ln 2 / d로 어림했습니다: (1 − d)^n = 1/2을 정확히 풀면 n = ln(1/2) / ln(1 − d)입니다.",
    "adapt_halflife_rounded": "반감기를 정수로 반올림(올림)했습니다: (1 − d)^n = 1/2을 푼 실수 n을 그대로 적으세요.",
}
