"""Known mistakes of ch04 section 3 (OneCycleLR: learning rate and momentum)."""

KO = {
    "sched_oc_boundary_pct_t": "첫 구간의 끝을 pct_start·total_steps에 두었습니다: torch는 스텝 번호가 0부터이므로 끝을 pct_start·total_steps − 1에 둡니다 (둘째 구간의 끝은 total_steps − 1, three_phase의 둘째 끝은 2·pct_start·total_steps − 2).",
    "sched_oc_final_from_max": "마지막 학습률을 max_lr / final_div_factor로 두었습니다: torch는 시작값 max_lr / div_factor를 다시 final_div_factor로 나눈 값에서 끝납니다.",
    "sched_oc_start_at_zero": "시작 학습률을 0(또는 옵티마이저의 lr)으로 두었습니다: OneCycleLR은 옵티마이저의 lr과 관계없이 max_lr / div_factor에서 시작합니다.",
    "sched_oc_wrong_anneal": "구간 안의 보간을 바꾸어 썼습니다: anneal_strategy='cos'이면 end + (start − end)·(1 + cos(π·pct))/2, 'linear'이면 start + (end − start)·pct입니다.",
    "sched_oc_three_phase_ignored": "three_phase=True를 무시했습니다: 세 구간은 (시작값 → max_lr), (max_lr → 시작값), (시작값 → 마지막 값)이고 끝은 pct·T − 1, 2·pct·T − 2, T − 1입니다.",
    "sched_oc_momentum_same_direction": "모멘텀을 학습률과 같은 방향으로 움직였습니다: 학습률이 오르는 동안 모멘텀은 max_momentum에서 base_momentum으로 내려가고, 학습률이 내려가는 동안 다시 올라갑니다.",
    "sched_oc_momentum_third_phase": "three_phase의 셋째 구간에서도 모멘텀을 움직였습니다: 그 구간에서 모멘텀은 max_momentum에 머뭅니다.",
}
