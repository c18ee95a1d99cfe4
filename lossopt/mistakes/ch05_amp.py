"""Known mistakes of ch05 section 4 (NaN/inf, fp16, loss scaling): key -> sentence, per language."""

KO = {
    # scaler_update
    "amp_tracker_not_reset": "배율을 키운 뒤 카운터를 0으로 되돌리지 않았습니다: 배율을 growth_factor배 한 스텝에서 카운터도 0이 됩니다.",
    "amp_grow_one_late": "배율을 한 스텝 늦게 키웠습니다: 카운터가 growth_interval에 **닿는** 스텝(카운터 == growth_interval)에서 키웁니다.",
    "amp_step_on_inf": "inf/NaN이 나온 스텝도 밟았다고 했습니다: GradScaler.step은 그 스텝의 optimizer.step()을 건너뜁니다 (셋째 값 False).",
    "amp_tracker_kept_on_inf": "inf/NaN이 나왔을 때 카운터를 그대로 두었습니다: 배율을 줄이는 스텝에서 카운터는 0이 됩니다.",
    # fp16_underflows
    "amp_underflow_subnormal_threshold": "경계를 가장 작은 부정규수 2⁻²⁴로 잡았습니다: fp16 변환은 반올림하므로 2⁻²⁵보다 큰 수(예: 4e-8)는 2⁻²⁴로 올라가고, 크기가 2⁻²⁵ 이하인 수만 0이 됩니다.",
    "amp_underflow_normal_threshold": "경계를 가장 작은 정규수 2⁻¹⁴ ≈ 6.1e-5로 잡았습니다: 그보다 작은 수도 부정규수로 표현되어 0이 되지 않습니다. 0이 되는 것은 크기가 2⁻²⁵ 이하인 수뿐입니다.",
    "amp_underflow_zero_counted": "원래 0인 값도 True로 세었습니다: 0은 fp16에서 0이지만 사라진 것이 아니므로 False입니다.",
    "amp_underflow_sign": "음수를 빠뜨렸습니다: 크기(절댓값)로 판단하므로 −2e-8도 0이 됩니다.",
}
