"""Known mistakes of ch05 section 3 (gradient clipping, initialisation): key -> sentence, per language."""

KO = {
    # clip_grad_norm
    "clip_returned_post_norm": "자른 뒤의 노름을 돌려주었습니다: clip_grad_norm_은 자르기 **전의** 전체 노름을 돌려줍니다 (학습 중에 기록할 값).",
    "clip_norm_of_first": "첫 기울기의 노름만 계산했습니다: 전체 노름은 모든 기울기를 이어 붙인 벡터의 노름입니다.",
    "clip_no_eps": "계수에서 1e-6을 빠뜨렸습니다: torch는 max_norm/(노름 + 1e-6)을 씁니다 (그래서 자른 뒤의 노름이 max_norm보다 아주 조금 작습니다).",
    "clip_per_tensor": "기울기마다 따로 잘랐습니다: clip_grad_norm_은 모든 파라미터를 합친 노름 하나로 계수 하나를 구해 모두에 곱합니다.",
    "clip_only_above": "노름이 max_norm 이하일 때 기울기를 그대로 두었습니다: torch는 조건 없이 min(1, max_norm/(노름 + 1e-6))을 곱하므로, 노름이 1e-6 근처로 작으면 max_norm 이하여도 줄어듭니다.",
    "clip_inf_as_l2": "norm_type=inf를 무시하고 2-노름을 계산했습니다: inf-노름은 모든 원소의 절댓값 중 최댓값입니다.",
    "clip_inf_signed_max": "inf-노름에서 절댓값을 빼먹었습니다: 최댓값은 |g|에 대해 구합니다.",
    "clip_nan_ignored": "NaN을 빼고 노름을 계산했습니다: torch는 NaN을 그대로 계산하므로 전체 노름과 계수가 NaN이 되고, 모든 기울기가 NaN이 됩니다.",
    "clip_nan_skipped": "노름이 NaN일 때 기울기를 그대로 두었습니다: torch는 NaN 계수를 그대로 곱하므로 모든 기울기가 NaN이 됩니다.",
    # clip_grad_value
    "clip_value_one_sided": "위쪽만 잘랐습니다: 원소마다 [−clip_value, clip_value]로 자릅니다 (음수 쪽도).",
    "clip_value_by_norm": "노름으로 잘랐습니다: clip_grad_value_는 원소마다 따로 자르고, 방향이 바뀌어도 괜찮습니다.",
    # xavier_std, he_std
    "init_xavier_fan_in_only": "fan_in만 썼습니다: Xavier의 분산은 2/(fan_in + fan_out)입니다.",
    "init_xavier_no_two": "분자 2를 빠뜨렸습니다: Xavier의 표준편차는 gain·√(2/(fan_in + fan_out))입니다.",
    "init_xavier_variance": "표준편차 대신 분산을 돌려주었습니다: 제곱근을 씌우세요.",
    "init_he_no_gain": "gain을 빠뜨렸습니다: He 초기화의 표준편차는 calculate_gain(nonlinearity, a)/√fan_in입니다 (ReLU이면 √2/√fan_in).",
    "init_he_variance": "표준편차 대신 분산을 돌려주었습니다: 제곱근을 씌우세요.",
    "init_he_leaky_default_001": "leaky_relu의 음수 쪽 기울기를 0.01로 두었습니다(calculate_gain을 혼자 부를 때의 기본값): kaiming_normal_은 자기 인자 a(기본값 0)를 넘기므로 gain은 √(2/(1 + a²))입니다.",
}
