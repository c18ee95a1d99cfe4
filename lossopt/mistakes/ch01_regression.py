"""Known mistakes of ch01 section 1 (regression losses): key -> sentence, per language."""

KO = {
    "mae_instead_of_mse": "오차를 제곱하지 않았습니다: MAE를 계산했습니다.",
    "mse_instead_of_mae": "오차를 제곱했습니다: MAE 대신 MSE를 계산했습니다.",
    "sum_instead_of_mean": "평균(mean) 대신 합(sum)을 돌려주었습니다.",
    "rmse_instead_of_mse": "제곱근을 씌웠습니다: MSE가 아니라 RMSE입니다.",
    "half_mse": "1/2을 곱했습니다: 이 책의 MSE에는 1/2이 없습니다 (torch의 mse_loss와 같게).",
    "no_abs": "절댓값을 빼먹었습니다: 양수와 음수 오차가 서로 상쇄되었습니다.",
    "smooth_l1_instead_of_huber": "SmoothL1(beta=δ)을 계산했습니다: Huber(δ) = δ·SmoothL1(β=δ)이므로 δ를 곱해야 합니다.",
    "huber_without_half": "이차 구간에서 1/2을 빠뜨렸습니다: 0.5·e²이어야 합니다.",
    "huber_linear_no_offset": "선형 구간에서 δ²/2를 빼지 않았습니다: δ·|e| − δ²/2여야 합니다 (두 구간이 이어지지 않습니다).",
    "huber_is_mse": "모든 오차를 이차 구간으로 계산했습니다: |e| > δ인 선형 구간이 빠졌습니다.",
    "huber_delta_ignored": "delta 인자를 쓰지 않고 δ = 1로 계산했습니다: 경계와 선형 구간의 기울기 모두에 함수가 받은 delta를 쓰세요.",
    "huber_flipped_branches": "두 구간을 뒤바꾸었습니다: |e| ≤ δ일 때 이차식, |e| > δ일 때 선형식입니다.",
    "share_of_mean": "비율 대신 이상치 하나가 평균에 더한 값(기여분)을 돌려주었습니다: 전체 손실로 나누어 비율로 만드세요.",
    "share_in_percent": "비율을 백분율(%)로 적었습니다: 0과 1 사이의 비율로 적으세요.",
    "grad_no_mean": "기울기를 n으로 나누지 않았습니다: 평균 손실의 기울기는 샘플별 기울기를 n으로 나눈 값입니다.",
    "grad_wrong_sign": "기울기의 부호가 반대입니다: y_pred에 대한 미분이므로 (y_pred − y_true) 방향입니다.",
    "grad_unclipped": "기울기를 ±δ로 자르지 않았습니다: MSE의 기울기(e)를 그대로 썼습니다.",
    "smooth_l1_no_delta": "δ를 곱하지 않았습니다: 이것은 SmoothL1(β=δ)이고, Huber(δ)는 그 δ배입니다.",
    "smooth_l1_divided": "δ로 나누었습니다: Huber(δ) = δ·SmoothL1(β=δ)이므로 곱해야 합니다.",
}
