"""Known mistakes of ch04 section 4 (the warmup experiment: a per-step schedule for a training budget)."""

KO = {
    # per_step_lrs
    "sched_exp_ignores_accumulation": "기울기 누적을 무시하고 미니배치마다 한 스텝으로 세었습니다: 옵티마이저 스텝은 에폭마다 ceil(batches_per_epoch / accumulation_steps)번이고, 스케줄의 길이와 total_steps도 이 수로 셉니다.",
    "sched_exp_floor_division": "에폭 끝의 모자란 누적 묶음을 버렸습니다(//): 이 연습에서는 에폭의 마지막 묶음도 옵티마이저 스텝을 하므로 에폭당 스텝 수는 ceil(batches_per_epoch / accumulation_steps)입니다.",
    "sched_exp_ends_at_last_step": "코사인이 마지막 옵티마이저 스텝(N − 1)에서 min_lr에 닿게 했습니다: 이 연습의 코사인은 스텝 N(= 전체 스텝 수)에서 min_lr이 되므로 진행률의 분모는 N − warmup_steps입니다.",
    "sched_exp_per_epoch": "스케줄을 에폭마다 한 번만 바꾸었습니다: 이 연습의 스케줄러는 옵티마이저 스텝마다 부르므로 학습률이 스텝마다 바뀝니다.",
}
