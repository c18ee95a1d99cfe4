"""Known mistakes of ch02 section 1 (batch GD, SGD, mini-batches; epochs and steps): key -> sentence."""

KO = {
    # iterations_per_epoch, total_updates
    "gd_iter_floor": "N/B를 내림했습니다: drop_last=False(기본값)이면 모자란 마지막 배치도 한 번의 반복이므로 올림 ⌈N/B⌉입니다.",
    "gd_iter_plus_one": "⌊N/B⌋ + 1로 계산했습니다: N이 B로 나누어떨어지면 마지막 배치가 따로 없으므로 올림 ⌈N/B⌉을 쓰세요.",
    "gd_iter_drop_last_ignored": "drop_last=True를 무시했습니다: 모자란 마지막 배치를 버리므로 내림 ⌊N/B⌋입니다.",
    "gd_iter_drop_last_inverted": "drop_last의 뜻을 뒤집었습니다: drop_last=True가 마지막 배치를 버리는 쪽(내림)이고, 기본값 False는 올림입니다.",
    "gd_iter_fraction": "N/B를 실수로 돌려주었습니다: 반복 수는 정수입니다 (drop_last에 따라 올림 또는 내림).",
    "gd_updates_ceil_window": "에폭 끝의 모자란 창에서도 스텝을 세었습니다(⌈len/K⌉): 이 루프는 (i + 1) % K == 0일 때만 step()을 부르므로 에폭마다 ⌊len(loader)/K⌋ 스텝입니다.",
    "gd_updates_ignore_k": "accumulation_steps를 무시하고 반복 수를 세었습니다: 옵티마이저 스텝은 마이크로배치 K개마다 한 번입니다.",
    "gd_updates_windows_cross_epochs": "전체 반복 수를 K로 나누었습니다(창이 에폭 경계를 넘는다고 봄): enumerate의 i는 에폭마다 0부터 다시 세므로 에폭마다 ⌊len(loader)/K⌋를 구해 epochs를 곱합니다.",
    "gd_updates_fraction": "반복 수를 K로 나눈 실수를 돌려주었습니다: 스텝 수는 정수이고, 에폭마다 ⌊len(loader)/K⌋입니다.",
    # minibatches
    "gd_batches_ignore_perm": "perm을 쓰지 않고 0, 1, 2, … 순서로 잘랐습니다: 배치는 perm의 원소(인덱스)를 차례로 B개씩 묶은 것입니다.",
    "gd_batches_inverse_perm": "perm의 역순열로 잘랐습니다(argsort(perm)): 배치는 perm[0:B], perm[B:2B], …처럼 perm의 값 자체입니다.",
    "gd_batches_drop_last_ignored": "drop_last를 반대로 처리했습니다: drop_last=False면 모자란 마지막 배치도 내고, True면 버립니다.",
    # sgd_epoch
    "gd_sgd_sum_not_mean": "배치 손실을 평균하지 않고 더했습니다(sum): MSELoss는 배치 크기로 나눈 평균이므로 기울기도 2·Xᵀr / (배치 크기)입니다.",
    "gd_sgd_half_mse": "½(x·w − y)²의 기울기 Xᵀr / B를 썼습니다: nn.MSELoss에는 ½이 없으므로 기울기는 2·Xᵀr / B입니다.",
    "gd_sgd_drop_last": "모자란 마지막 배치를 건너뛰었습니다: 이 연습은 drop_last=False이므로 마지막의 작은 배치로도 스텝을 밟습니다.",
    "gd_sgd_ignore_perm": "perm을 무시하고 0, 1, 2, … 순서로 배치를 만들었습니다: 배치는 perm[0:B], perm[B:2B], …입니다.",
    "gd_sgd_divide_by_batch_size": "마지막 배치도 batch_size로 나누었습니다: 평균은 그 배치의 실제 크기 len(idx)로 나눕니다.",
}
