"""Known mistakes of ch05 section 5 (weight decay, dropout): key -> sentence, per language."""

KO = {
    # weight_decay_for_l2
    "reg_wd_same_lambda": "lam을 그대로 돌려주었습니다: lam·Σw²의 기울기는 2·lam·w이므로 같은 SGD 갱신은 weight_decay = 2·lam입니다 (weight_decay = λ는 (λ/2)·‖w‖²와 같습니다).",
    "reg_wd_half_lambda": "lam/2를 돌려주었습니다: 방향이 반대입니다. lam·Σw²의 기울기 2·lam·w가 weight_decay·w와 같아야 하므로 2·lam입니다.",
    # dropout
    "drop_p_is_keep": "p를 남기는 확률로 썼습니다(일부 강의 자료의 관례): 이 연습과 PyTorch에서 p는 버리는 확률이므로, 0이 되는 비율이 p여야 합니다.",
    "drop_not_scaled": "남은 값을 1/(1 − p)배 하지 않았습니다: 역 드롭아웃은 학습 중에 남은 값을 키워서 출력의 기댓값을 유지합니다.",
    "drop_scaled_by_p": "남은 값을 p로 나누었습니다: 나누는 값은 남기는 확률 1 − p입니다.",
    "drop_times_keep": "남은 값에 1 − p를 곱했습니다: 1 − p로 나누어야 기댓값이 유지됩니다 (곱하는 것은 옛 방식에서 평가 때 하던 일).",
    "drop_eval_scaled": "평가 모드에서 값을 바꾸었습니다: 역 드롭아웃은 학습 중에 이미 1/(1 − p)배 하므로, 평가 모드에서는 x를 그대로 돌려줍니다.",
}
