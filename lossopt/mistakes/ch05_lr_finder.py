"""Known mistakes of ch05 section 2 (the learning-rate range test): key -> sentence, per language."""

KO = {
    # smoothed_losses
    "lr_smooth_no_bias_correction": "편향 보정을 빠뜨렸습니다: 0에서 시작한 지수이동평균 aᵢ를 1 − βⁱ로 나누어야 처음 값들이 0 쪽으로 치우치지 않습니다 (첫 값은 손실 그 자체).",
    "lr_smooth_start_first": "평균을 첫 손실에서 시작했습니다(편향 보정 없음): 이 연습은 a₀ = 0에서 시작하고 aᵢ/(1 − βⁱ)를 돌려줍니다.",
    "lr_smooth_weights_swapped": "β와 1 − β를 뒤바꾸었습니다: 이전 평균에 β, 새 손실에 1 − β를 곱합니다 (β = 0.98이면 새 손실의 가중치는 0.02).",
    # lr_range_test
    "lr_rt_stop_not_recorded": "멈추게 한 스텝을 기록에서 뺐습니다: fastai는 기록한 뒤에 멈춤을 판단하므로, 최저값의 4배를 넘은 그 스텝도 lrs와 smoothed에 남습니다.",
    "lr_rt_no_stop": "멈춤 규칙을 빠뜨렸습니다: 평활 손실이 지금까지의 최저값의 4배를 넘는 스텝에서 멈춥니다.",
    "lr_rt_raw_stop": "평활하지 않은 손실로 멈춤을 판단했습니다: 멈춤 규칙은 평활 손실과 그 최저값을 비교합니다.",
    "lr_rt_logspace": "학습률을 np.logspace(start, end, num_iter)로 만들었습니다: 그 수열은 end_lr을 포함합니다. fastai의 학습률은 start·(end/start)^(i/N), i = 0 … N − 1이라 end_lr 자체는 쓰이지 않습니다.",
    # suggest_lr
    "lr_suggest_min_not_divided": "\"minimum\"에서 최저점의 학습률을 그대로 돌려주었습니다: fastai의 제안은 그 학습률의 1/10입니다.",
    "lr_suggest_min_times_ten": "\"minimum\"에서 10을 곱했습니다: 최저점의 학습률을 10으로 나눕니다.",
    "lr_suggest_steep_right_end": "가장 가파른 구간의 오른쪽 끝 학습률을 돌려주었습니다: fastai는 왼쪽 끝 lrs[j]를 씁니다.",
    "lr_suggest_steep_argmax": "기울기가 가장 큰 곳을 골랐습니다: 손실이 가장 빨리 내려가는 곳은 기울기가 가장 작은(가장 음수인) 곳입니다.",
    "lr_suggest_steep_linear_lr": "기울기를 학습률 자체의 차이로 나누었습니다: fastai는 로그 학습률의 차이 ln lrs[j+1] − ln lrs[j]로 나눕니다.",
    "lr_suggest_steep_no_division": "손실의 차이만 보고 학습률 간격으로 나누지 않았습니다: 기울기는 (losses[j+1] − losses[j])/(ln lrs[j+1] − ln lrs[j])입니다.",
    # set_lr
    "lr_attribute_ignored": "학습률이 바뀌지 않았습니다: optimizer.lr 같은 속성에 대입하면 옵티마이저는 읽지 않습니다. 학습률은 optimizer.param_groups의 각 그룹의 \"lr\"에 있습니다.",
    "lr_first_group_only": "첫 파라미터 그룹의 학습률만 바꾸었습니다: optimizer.param_groups의 모든 그룹을 고쳐야 합니다.",
}
