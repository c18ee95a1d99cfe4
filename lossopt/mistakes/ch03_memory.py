"""Known mistakes of ch03 section 3 (optimizer memory and choice): key -> sentence, per language."""

KO = {
    "mem_gib_not_gb": "GiB(2^30 바이트)로 나누었습니다: 이 문제의 GB는 10^9 바이트입니다.",
    "mem_gb_not_gib": "GB(10^9 바이트) 값을 그대로 적었습니다: GiB는 바이트 수를 2^30 = 1,073,741,824로 나눈 값입니다.",
    "mem_gib_wrong_direction": "GB를 GiB로 바꾸는 방향이 반대입니다: GiB가 GB보다 큰 단위이므로 GiB로 적은 숫자는 더 작아야 합니다 (바이트 ÷ 2^30).",
    "mem_gib_one_1024": "1.024로 한 번만 나누었습니다: 2^30 / 10^9 = 1.024^3 ≈ 1.0737이므로 바이트 수를 2^30으로 직접 나누세요.",
    "mem_bits_not_bytes": "비트(bit) 수를 셌습니다: float32는 32비트 = 4바이트이므로 값 하나에 4바이트를 곱해야 합니다.",
    "mem_bytes_not_gb": "바이트 수를 그대로 적었습니다: GB로 적으려면 10^9으로 나누세요.",
    "mem_bf16_not_fp32": "값 하나를 2바이트(bf16)로 셌습니다: 이 문제는 float32(4바이트)입니다.",
    "mem_weights_as_state": "가중치 자체를 옵티마이저 상태로 셌습니다: 상태는 옵티마이저가 가중치 말고 따로 저장하는 값(모멘텀 버퍼, m, v 등)뿐이고, 순수 SGD에는 상태가 없습니다.",
    "mem_adam_one_state": "Adam(W)의 상태를 하나만 셌습니다: 1차 모멘트 m(exp_avg)과 2차 모멘트 v(exp_avg_sq), 파라미터마다 두 개입니다.",
    "mem_momentum_no_state": "모멘텀 SGD의 속도 버퍼(momentum_buffer)를 빠뜨렸습니다: 파라미터마다 값 하나를 더 저장합니다.",
    "mem_adaptive_no_state": "Adagrad와 RMSProp도 상태가 있습니다: 기울기 제곱의 누적합(sum) 또는 지수이동평균(square_avg)을 파라미터마다 하나씩 저장합니다.",
    "mem_rmsprop_two_states": "torch.optim.RMSprop(기본 설정)은 square_avg 하나만 저장합니다: momentum > 0이나 centered=True일 때만 상태가 늘어납니다.",
    "mem_total_one_short": "파라미터당 값 네 개(가중치, 기울기, m, v) 가운데 하나가 빠졌습니다 (28 GB 부족): 흔히 인용되는 7B 모델의 'Adam ~84GB'처럼 기울기를 빠뜨리는 경우가 많습니다.",
    "mem_forgot_gradients": "기울기를 세지 않았습니다: backward가 만든 기울기도 step이 끝날 때까지 파라미터마다 값 하나씩 차지합니다.",
    "mem_mixed_no_master": "fp32 마스터 가중치(4바이트)를 빠뜨렸습니다: 혼합 정밀도에서는 bf16 가중치 2 + bf16 기울기 2 + fp32 마스터 4 + m 4 + v 4 = 16바이트입니다.",
    "mem_mixed_all_bf16": "모든 값을 2바이트로 셌습니다: 혼합 정밀도에서도 마스터 가중치와 Adam 상태(m, v)는 fp32(4바이트)로 둡니다.",
    "mem_mixed_fp32_grads": "기울기를 fp32(4바이트)로 셌습니다: Megatron-LM의 bf16 기본 설정은 그렇게 해서 파라미터당 18바이트이지만, 이 연습은 §4 표(ZeRO 논문의 셈법)대로 bf16 기울기 2바이트, 합 16바이트로 셉니다.",
    "mem_mixed_one_bf16_missing": "bf16 사본(가중치 2바이트 또는 기울기 2바이트) 하나를 빠뜨렸습니다: 2 + 2 + 4 + 4 + 4 = 16바이트입니다.",
}
