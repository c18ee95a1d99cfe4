"""Known mistakes of ch03 section 1 (SGD, momentum, Nesterov): key -> sentence, per language."""

KO = {
    # sgd_step
    "sgd_wrong_sign": "부호가 반대입니다: 파라미터는 기울기(또는 버퍼)의 반대 방향으로 움직입니다 (w − lr·방향).",
    "sgd_momentum_not_kept": "모멘텀 버퍼가 스텝 사이에 남지 않았습니다: 버퍼를 state['momentum_buffer']에 저장하고(state 딕셔너리를 그 자리에서 고치기) 다음 스텝에서 꺼내 써야 합니다. 지금은 매 스텝이 첫 스텝처럼 계산됩니다.",
    "sgd_update_before_buffer": "버퍼를 갱신하기 전에 w를 움직였습니다: 이번 기울기를 먼저 버퍼에 넣은 뒤(b ← β·b + (1 − dampening)·g), 갱신된 버퍼로 w를 움직입니다.",
    "sgd_ema_buffer": "버퍼를 지수이동평균 β·b + (1 − β)·g로 만들었습니다: torch.optim.SGD의 버퍼는 β·b + (1 − dampening)·g이고, dampening의 기본값은 0입니다.",
    "sgd_first_step_dampened": "첫 스텝에서 버퍼를 0에서 시작해 (1 − dampening)·g를 넣었습니다(첫 스텝에 dampening 적용): torch.optim.SGD는 첫 스텝에 g를 그대로 복사하고, dampening은 둘째 스텝부터 씁니다.",
    "sgd_dampening_ignored": "dampening을 무시했습니다: 둘째 스텝부터 버퍼는 β·b + (1 − dampening)·g입니다.",
    "sgd_dampening_equals_momentum": "dampening을 momentum과 같게 썼습니다(버퍼 β·b + (1 − β)·g, 첫 스텝은 g 복사): 옛 Lua torch7의 optim.sgd가 dampening의 기본값을 momentum으로 둔 관례입니다. torch.optim.SGD는 받은 dampening 인자를 그대로 쓰고, 그 기본값은 0입니다 (b ← β·b + g).",
    "sgd_dampening_swapped": "새 기울기에 dampening을 곱했습니다: 곱하는 값은 1 − dampening입니다 (dampening = 0이면 g 그대로).",
    "sgd_weight_decay_ignored": "weight_decay를 빠뜨렸습니다: 맨 먼저 기울기에 weight_decay·w를 더합니다.",
    "sgd_weight_decay_sign": "weight_decay 항의 부호가 반대입니다: g + weight_decay·w입니다.",
    "sgd_weight_decay_after_momentum": "weight_decay·w를 모멘텀 버퍼를 만든 뒤에 더했습니다(분리된 가중치 감쇠): torch.optim.SGD는 버퍼에 넣기 전에 기울기에 더합니다 (L2 방식).",
    "sgd_nesterov_no_beta": "Nesterov 방향에서 버퍼에 momentum(β)을 곱하지 않았습니다: 방향은 g + β·b입니다.",
    "sgd_nesterov_ignored": "nesterov=True를 무시하고 일반 모멘텀(방향 = 버퍼)으로 움직였습니다: Nesterov의 방향은 g + β·b입니다.",
    "sgd_buffer_scaled_by_lr": "state['momentum_buffer']에 lr을 곱한 값을 저장했습니다: torch는 lr을 곱하기 전의 버퍼 b를 저장합니다.",
    "sgd_buffer_negative_lr": "state['momentum_buffer']에 속도 형태(3.1절 §2.2)의 v = −lr·b를 저장했습니다: torch는 부호도 lr도 붙지 않은 버퍼 b를 저장합니다.",
    # ema_momentum_step
    "sgd_ema_no_damping": "새 기울기에 (1 − β)를 곱하지 않았습니다: 그것은 torch.optim.SGD의 버퍼(합)입니다. 지수이동평균 형태는 v ← β·v + (1 − β)·g입니다.",
    "sgd_ema_first_copy": "첫 스텝에서 속도에 g를 그대로 넣었습니다: 이 형태는 v₀ = 0에서 시작하므로 첫 속도는 (1 − β)·g입니다.",
    "sgd_ema_bias_corrected": "속도를 1 − βᵗ로 나누었습니다(Adam의 편향 보정): 이 연습의 지수이동평균 형태에는 편향 보정이 없습니다.",
    "sgd_ema_weights_swapped": "β와 1 − β를 뒤바꾸었습니다: 이전 속도에 β, 새 기울기에 1 − β를 곱합니다.",
    "sgd_ema_not_kept": "속도가 스텝 사이에 남지 않았습니다: state['velocity']에 저장하고 다음 스텝에서 꺼내 쓰세요.",
    # momentum_effective_multiplier, ema_variance_ratio
    "sgd_multiplier_past_only": "과거 기울기들의 가중치 합 β/(1 − β)만 계산했습니다: 현재 기울기의 가중치 1을 더하면 1/(1 − β)입니다.",
    "sgd_multiplier_inverted": "배율을 뒤집었습니다: 1 − β가 아니라 1/(1 − β)입니다 (β = 0.9이면 10).",
    "sgd_multiplier_ema_form": "지수이동평균 형태의 배율(항상 1)을 답했습니다: 이 함수는 torch 형태 v ← β·v + g의 배율 1/(1 − β)입니다.",
    "sgd_variance_std_ratio": "표준편차의 비 √((1 − β)/(1 + β))를 돌려주었습니다: 분산의 비이므로 제곱근을 씌우지 않습니다.",
    "sgd_variance_no_sum": "(1 − β)²만 계산했습니다: 과거 잡음들의 분산 (1 − β)²·β²ᵏ·σ²를 k에 대해 모두 더해야 합니다 (등비급수).",
    "sgd_variance_torch_form": "torch 형태(합) 버퍼의 분산 비 1/(1 − β²)를 계산했습니다: 지수이동평균 형태에는 (1 − β)²가 더 곱해집니다.",
    "sgd_variance_inverted": "분자와 분모를 뒤바꾸었습니다: (1 − β)/(1 + β)입니다.",
}
