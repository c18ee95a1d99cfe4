"""Known mistakes of ch05 section 6 (the capstone: fixing a broken training script): key -> sentence, per language."""

KO = {
    # micro_batch_loss
    "cap_softmax_before_ce": "로짓에 softmax를 씌운 뒤 교차 엔트로피에 넣었습니다: F.cross_entropy는 안에서 log_softmax를 하므로 로짓을 그대로 받습니다. 확률을 넣으면 클래스가 3개일 때 손실이 ln(1 + 2/e) ≈ 0.551 아래로 내려갈 수 없고 기울기가 작아집니다.",
    "cap_mean_not_divided": "마이크로배치의 평균 손실을 나누지 않고 돌려주었습니다: 네 마이크로배치의 backward가 더해지면 기울기가 전체 평균의 기울기의 마이크로배치 수(4)배가 됩니다. 마이크로배치의 손실 합을 n_total로 나눕니다.",
    "cap_sum_not_divided": "마이크로배치의 손실 합(reduction=\"sum\")을 나누지 않았습니다: 기울기가 n_total배 커집니다. 합을 n_total로 나눕니다.",
    "cap_mean_over_total": "마이크로배치의 평균 손실을 n_total로 나누었습니다: 평균은 이미 마이크로배치 크기로 나눈 값이라 두 번 나눈 셈입니다. 손실의 합을 n_total로 나눕니다.",
    "cap_mean_over_k": "마이크로배치마다 평균 손실을 마이크로배치 수로 나누었습니다: 크기가 모두 같을 때만 전체 평균과 같습니다. 크기가 다르면(마지막 마이크로배치가 작을 때) 손실의 합을 전체 개수 n_total로 나눠야 합니다.",
    # train_fixed
    "cap_no_zero_grad": "스텝마다 기울기를 0으로 되돌리지 않았습니다(optimizer.zero_grad()가 없음): backward는 .grad에 더하므로 지난 스텝들의 기울기가 계속 쌓이고 기울기 노름이 스텝마다 커집니다. 한 스텝의 누적을 시작하기 전에(또는 optimizer.step() 뒤에) 한 번 부릅니다.",
    "cap_zero_grad_per_micro": "마이크로배치마다 zero_grad()를 불렀습니다: 누적이 사라지고 마지막 마이크로배치의 기울기만 남습니다. zero_grad()는 옵티마이저 스텝마다 한 번, 첫 마이크로배치 전에 부릅니다.",
    "cap_scheduler_before_step": "scheduler.step()을 optimizer.step()보다 먼저 불렀습니다: 스케줄의 첫 값(워밍업의 시작 0.05)을 건너뛰고 학습률 전체가 한 스텝 앞당겨집니다 (PyTorch가 \"Detected call of lr_scheduler.step() before optimizer.step()\" 경고로 알려 줍니다). optimizer.step() 다음에 scheduler.step()을 부릅니다.",
    "cap_lr_logged_after_scheduler": "학습률을 scheduler.step() 뒤에 기록했습니다: 학습 자체는 맞지만 lr에는 다음 스텝의 값이 적혔습니다. lr에는 그 스텝의 optimizer.step()이 쓴 값(optimizer.step() 직전의 param_groups[0][\"lr\"])을 적습니다.",
    "cap_scheduler_warning": "학습 중에 \"lr_scheduler.step() before optimizer.step()\" 경고가 났습니다: scheduler.step()이 첫 optimizer.step()보다 먼저 불렸습니다.",
    "cap_no_clipping": "클리핑이 없습니다: 스텝 140의 망가진 미니배치에서 기울기 노름이 평소의 100배 넘게 커지고, 그 한 스텝이 모델을 망가뜨려 손실이 회복하지 못합니다. optimizer.step() 직전에 torch.nn.utils.clip_grad_norm_(model.parameters(), cap.MAX_NORM)을 부릅니다.",
    "cap_clip_by_value": "기울기를 값으로 잘랐습니다(clip_grad_value_): 이 스크립트는 전역 2-노름으로 자릅니다(clip_grad_norm_, max_norm = cap.MAX_NORM). 값으로 자르면 기울기의 방향이 바뀝니다 (5.3절).",
    "cap_norm_after_clip": "클리핑한 뒤의 노름을 기록했습니다: grad_norm에는 clip_grad_norm_이 돌려주는 클리핑 전의 전역 노름을 적습니다.",
    "cap_accum_not_divided": "기울기 누적에서 손실을 나누지 않았습니다: 마이크로배치마다 평균 손실을 그대로 backward하면 네 번 더한 기울기가 전체 평균의 4배입니다 (학습률을 4배 올린 것과 같고, 클리핑이 자주 걸립니다).",
    "cap_outcome_missing": "train_fixed가 돌려준 dict에 필요한 열쇠가 없거나 길이가 steps와 다릅니다: \"loss\", \"lr\", \"grad_norm\"은 길이 steps의 리스트, \"val_loss\"는 float입니다.",
    # symptom choices
    "cap_sym_floor": "이 패널의 손실은 0.55 아래로 한 번도 내려가지 않고 기울기 노름도 다른 실행의 절반 아래입니다: 확률에 다시 교차 엔트로피를 씌웠을 때의 바닥 ln(1 + 2/e) ≈ 0.551입니다 (softmax_before_ce).",
    "cap_sym_growing_norm": "기울기 노름이 처음 몇 스텝 동안 스텝마다 커지고, 대부분의 스텝에서 클리핑 기준을 넘습니다: 지난 스텝의 기울기가 지워지지 않고 쌓이는 모습입니다 (no_zero_grad).",
    "cap_sym_after_spike": "스텝 140까지는 버그 없는 실행과 똑같고, 그 스텝에서 튄 뒤 회복하지 못합니다: 망가진 미니배치 하나의 큰 기울기가 그대로 쓰인 것입니다 (no_clipping).",
    "cap_sym_scaled_norm": "기울기 노름이 처음부터 버그 없는 실행의 몇 배로 일정하게 크고 클리핑이 자주 걸립니다: 기울기 전체가 일정한 배수만큼 커진 것입니다 (accum_not_divided).",
    "cap_sym_invisible": "스케줄러를 먼저 부르는 버그는 손실과 기울기 노름 곡선에서 거의 보이지 않습니다: 학습률이 한 스텝 앞당겨질 뿐이어서 마지막 손실도 비슷합니다. 학습률 로그와 경고에서만 드러납니다 (scheduler_order).",
}
