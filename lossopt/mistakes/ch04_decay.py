"""Known mistakes of ch04 section 1 (decay schedules: step, multistep, exponential, cosine, warm restarts)."""

KO = {
    # step_lr, multistep_lr, exponential_lr
    "sched_counted_from_one": "스텝을 1부터 세었습니다(한 칸 밀림): 스텝 0의 학습률이 base_lr이고, 스케줄러를 만든 직후 값이 스텝 0의 값입니다. step 대신 step + 1을 넣지 않았는지 확인하세요.",
    "sched_step_no_floor": "step / step_size를 내림하지 않았습니다: StepLR은 step_size 스텝마다 계단처럼 한 번에 gamma배가 됩니다 (gamma ** (step // step_size)).",
    "sched_multistep_late": "이정표(milestone)에 도달한 스텝에서 아직 줄이지 않았습니다: step == milestone인 스텝부터 gamma가 곱해집니다 (bisect_right, 곧 milestone ≤ step인 개수).",
    "sched_multistep_dedup": "같은 이정표가 여러 번 나오면 그 횟수만큼 gamma를 곱해야 합니다: 중복을 없애면(set) torch의 MultiStepLR과 달라집니다.",
    "sched_multistep_unsorted": "이정표를 정렬된 것으로 가정했습니다: torch는 순서와 관계없이 milestone ≤ step인 이정표의 개수만큼 gamma를 곱합니다.",
    # cosine_lr
    "sched_cos_hold": "T_max 뒤에 eta_min에 머물렀습니다: torch의 CosineAnnealingLR은 주기 2·T_max의 코사인이라 T_max를 지나면 다시 올라갑니다 (스텝 2·T_max에서 base_lr).",
    "sched_cos_tmax_minus_one": "코사인의 분모에 T_max − 1을 썼습니다: torch는 cos(π·step / T_max)이고, 스텝 T_max에서 eta_min이 됩니다.",
    "sched_cos_no_eta_min": "eta_min을 빠뜨렸습니다: eta_min + (base_lr − eta_min)·(1 + cos(π·step/T_max))/2입니다.",
    # warm_restarts_lr
    "sched_wr_reaches_min": "주기의 분모에 T_i − 1을 써서 주기 끝에서 eta_min에 닿게 했습니다: torch는 cos(π·T_cur/T_i)이고 T_cur < T_i이므로 eta_min에 닿지 않습니다.",
    "sched_wr_tmult_ignored": "T_mult를 무시했습니다: 재시작할 때마다 주기 길이가 T_mult배가 됩니다 (T_0, T_0·T_mult, T_0·T_mult², …).",
    "sched_wr_restart_late": "재시작을 한 스텝 늦게 했습니다: 주기의 길이가 T_i이면 스텝 T_i에서 이미 새 주기가 시작해 base_lr입니다.",
}
