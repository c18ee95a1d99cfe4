"""Known mistakes of ch04 section 2 (warmup, warmup + cosine, warmup + linear decay, worked numbers)."""

KO = {
    # warmup_cosine_lr, warmup_linear_lr
    "sched_warmup_not_from_zero": "워밍업을 peak_lr/warmup_steps에서 시작했습니다((step + 1)/warmup_steps): 이 연습의 워밍업은 스텝 0에서 학습률 0으로 시작하는 step/warmup_steps입니다.",
    "sched_warmup_from_min": "워밍업을 min_lr에서 시작했습니다: 이 연습의 워밍업은 0에서 peak_lr까지 올라가는 peak_lr·step/warmup_steps이고, min_lr은 감쇠의 바닥에만 씁니다.",
    "sched_cos_clock_not_shifted": "코사인의 시계를 워밍업 끝에서 시작하지 않았습니다: 진행률은 step/total_steps가 아니라 (step − warmup_steps)/(total_steps − warmup_steps)입니다.",
    "sched_warmup_no_min": "min_lr을 빠뜨렸습니다: 감쇠 구간은 min_lr + (peak_lr − min_lr)·(감쇠 계수)이고, 마지막 스텝에서 min_lr이 됩니다.",
    "sched_warmup_plus_one": "워밍업을 (step + 1)/(warmup_steps + 1)로 계산했습니다(nanoGPT의 방식): 이 연습의 워밍업은 스텝 0에서 0으로 시작하는 step/warmup_steps이고, 스텝 warmup_steps에서 peak_lr입니다.",
    "sched_linear_as_cosine": "선형 감쇠 대신 코사인 감쇠를 썼습니다: warmup_linear_lr의 감쇠 계수는 (total_steps − step)/(total_steps − warmup_steps)입니다.",
    # worked numbers
    "sched_readings_swapped": "두 읽기를 바꾸어 적었습니다: lr_shifted는 코사인의 시계가 워밍업 끝에서 시작하는 읽기, lr_unshifted는 스텝 0부터 재는 읽기입니다.",
}
