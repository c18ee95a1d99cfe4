"""Known mistakes of ch05 section 1 (reading loss curves, early stopping): key -> sentence, per language."""

KO = {
    # early_stopping
    "es_one_based": "에폭 번호를 1부터 셌습니다: 이 연습은 0부터 셉니다 (val_losses[0]이 에폭 0).",
    "es_waits_one_more": "개선 없는 에폭이 patience번을 넘을 때(patience + 1번째) 멈췄습니다: 그것은 ReduceLROnPlateau의 규칙입니다. 조기 종료(Keras, Lightning)는 카운터가 patience에 닿는 에폭에서 멈춥니다.",
    "es_best_is_stop": "최선 에폭 자리에 멈춘 에폭을 돌려주었습니다: 최선 에폭은 마지막으로 개선이 있었던(검증 손실이 가장 낮았던) 에폭입니다.",
    "es_tie_improves": "지금까지의 최저값과 같은 손실도 개선으로 쳤습니다: 개선은 loss < best − min_delta일 때뿐이고, 같은 값은 개선이 아닙니다.",
    "es_min_delta_ignored": "min_delta를 무시했습니다: best − min_delta보다 작아야 개선입니다.",
    "es_min_delta_from_previous": "직전 에폭의 손실과 비교했습니다: 비교 대상은 지금까지의 최저값 best입니다.",
    "es_no_stop_len": "끝까지 멈추지 않을 때 len(val_losses)를 돌려주었습니다: 그때 멈춘 에폭은 마지막 에폭 len(val_losses) − 1입니다.",
    # curve diagnosis
    "curve_spike_not_overfit": "처음 몇 에폭에 기준선 ln 3 위로 크게 튀고 요동하는 곡선은 학습률이 너무 큰 경우입니다: 과적합이면 학습 손실은 매끄럽게 내려가고 검증 손실만 최저점 뒤에 오릅니다.",
    "curve_bug_vs_low_lr": "학습률이 작으면 검증 손실이 느리지만 매 에폭 꾸준히 내려갑니다: ln 3 근처에 붙어 100 에폭 동안 내려가지 않는 것은 입력과 레이블의 짝이 맞지 않는 데이터 버그의 표시입니다.",
    "curve_overfit_gap": "학습 손실은 계속 내려가고 검증 손실만 최저점 뒤에 다시 오르는 곡선은 과적합입니다: 학습률이 너무 크면 학습 손실부터 요동합니다.",
    "curve_low_lr_still_falls": "이 곡선은 느리지만 마지막 에폭까지 계속 내려갑니다(학습률이 작음): 데이터 버그라면 ln 3 근처에서 내려가지 않습니다.",
}
