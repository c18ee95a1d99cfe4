"""Known mistakes of ch01 section 7 (choosing and combining losses): key -> sentence, per language."""

KO = {
    # choosing a loss and an output activation
    "mix_mse_outliers": "MSE는 드물게 아주 비싼 매물의 큰 오차를 제곱하므로 그 몇 개가 손실과 기울기를 지배합니다: 이상치에 강건한 Huber나 MAE를 고르세요.",
    "mix_classification_loss_for_regression": "연속값을 예측하는 회귀 문제에 분류 손실을 골랐습니다: mse, mae, huber 가운데서 고르세요.",
    "mix_regression_loss_for_classification": "클래스를 고르는 분류 문제에 회귀 손실을 골랐습니다: 클래스 번호는 크기를 비교할 수 있는 수가 아닙니다.",
    "mix_bounded_output": "sigmoid와 softmax는 출력을 0과 1 사이(softmax는 합이 1)로 묶습니다: 가격이나 좌표 같은 회귀 값은 활성화 없이(선형으로) 출력합니다.",
    "mix_no_activation_for_classification": "분류에서는 로짓을 확률로 바꾸는 활성화를 적습니다 (bce에는 sigmoid, cross_entropy에는 softmax): 학습 때 그 활성화가 손실 함수 안에 들어 있더라도 'none'이 아닙니다.",
    "mix_bce_for_exclusive": "세 감정 가운데 정확히 하나를 고르는 문제입니다: 클래스마다 따로 sigmoid를 쓰는 BCE는 여러 개를 동시에 고르는 다중 레이블용입니다.",
    "mix_bce_needs_sigmoid": "BCE는 양성 클래스의 확률 하나를 sigmoid로 만듭니다: BCE와 짝이 되는 활성화는 softmax가 아니라 sigmoid입니다.",
    "mix_ce_needs_softmax": "cross-entropy는 클래스 점수 전체에 softmax를 씌운 분포를 씁니다: cross_entropy와 짝이 되는 활성화는 softmax입니다.",
    "mix_sigmoid_for_exclusive": "sigmoid는 클래스마다 따로 확률을 내므로 합이 1이 되지 않습니다: 하나만 고르는 3클래스 문제에는 softmax를 씁니다.",
    # weighting two losses
    "mix_weights_swapped": "가중치를 뒤바꾸었습니다: 두 항을 같게 하려면 큰 손실에 작은 가중치를 줘야 합니다 (w는 초기 손실에 반비례).",
    "mix_weights_not_normalised": "w = 1/L₀를 그대로 썼습니다: 이 연습은 w_cls + w_act = 1이 되도록 정규화한 가중치를 요구합니다.",
    "mix_equal_weights": "두 가중치를 0.5로 같게 두었습니다: 스케일이 다른 두 손실에서는 큰 쪽이 결합 손실의 거의 전부를 차지합니다.",
    "mix_combined_unweighted": "결합 손실을 가중치 없이 L_cls + L_act로 계산했습니다: 가중치를 곱해서 더하세요.",
    "mix_softmax_before_ce": "softmax를 씌운 확률을 cross_entropy에 넣었습니다: cross_entropy는 안에서 log_softmax를 하므로 로짓을 그대로 넣으세요.",
    "mix_mse_in_metres": "행동을 미터로 바꾸어 MSE를 계산했습니다: 이 연습의 행동은 밀리미터 단위 그대로 씁니다.",
    # bug hunt: choices
    "mix_onehot_is_fine": "PyTorch 1.10부터 cross_entropy는 (N, K) 모양의 float 타깃을 클래스 확률로 받아들입니다: float one-hot 타깃은 에러 없이 인덱스와 같은 손실을 줍니다.",
    "mix_softmax_dim": "softmax의 dim=1은 맞습니다: (N, K) 로짓에서 클래스 축은 1번 축입니다.",
    "mix_bce_target_is_float": "BCE의 target은 로짓과 같은 모양의 float(0과 1, 또는 확률)여야 합니다: long으로 바꾸면 오히려 에러가 납니다.",
    "mix_argument_order_is_fine": "인자 순서 (입력, 정답)는 맞습니다: 버그는 다른 곳에 있습니다.",
    "mix_reduction_is_not_the_bug": "reduction을 바꾸면 값의 크기만 달라집니다: 버그는 다른 곳에 있습니다.",
    "mix_ce_for_regression": "연속값 하나를 예측하는 회귀에 CrossEntropy를 쓰면 안 됩니다: MSE가 맞고, 버그는 모양(shape)에 있습니다.",
    "mix_broadcast_ignored": "버그가 있습니다: (N, 1)과 (N,)이 (N, N)으로 브로드캐스팅되고, PyTorch는 경고만 낸 채 틀린 값을 돌려줍니다.",
    "mix_clamp_changes_loss": "확률을 1e-7에서 clamp하면 손실이 -log(1e-7) ≈ 16.1에서 잘리고 그 샘플의 기울기가 0이 됩니다: 값이 같아지지 않습니다. log_softmax로 정확한 로그 확률을 구하세요.",
    "mix_onehot_not_the_bug": "타깃 형식은 문제가 아닙니다: 인덱스 타깃은 그대로 쓸 수 있습니다.",
    "mix_sum_keeps_inf": "mean을 sum으로 바꾸어도 inf는 그대로 inf입니다: 문제는 확률이 0으로 언더플로(underflow)하는 데 있습니다.",
    "mix_divide_by_n_not_the_bug": "가중합을 Σw로 나누는 것이 가중 평균의 정의입니다: 버그는 그 앞, 샘플별 손실을 구하는 줄에 있습니다.",
    "mix_class_weight_vs_sample_weight": "cross_entropy의 weight= 인자는 클래스별 가중치 (K,)입니다: 샘플별 가중치를 넘기는 자리가 아닙니다.",
    "mix_weighted_no_bug": "버그가 있습니다: 기본 reduction='mean'이 먼저 평균을 내서 가중치가 상쇄됩니다.",
    # bug hunt: fixed functions
    "mix_double_sigmoid": "sigmoid를 씌운 확률을 binary_cross_entropy_with_logits에 넣었습니다: 이 함수는 안에서 sigmoid를 한 번 더 씌웁니다. 로짓을 그대로 넣으세요.",
    "mix_sigmoid_then_bce": "sigmoid 다음에 binary_cross_entropy를 썼습니다: 큰 로짓에서 확률이 1.0으로 반올림되어 로그가 -100에서 잘리고 값이 틀립니다. binary_cross_entropy_with_logits에 로짓을 넣으세요.",
    "mix_nll_without_log": "nll_loss에 로그를 취하지 않은 확률을 넣었습니다: nll_loss는 로그 확률(log_softmax의 출력)을 받습니다.",
    "mix_broadcast_mse": "(N, 1)과 (N,)이 브로드캐스팅되어 (N, N) 쌍 전체의 오차를 평균냈습니다: pred.squeeze(-1)처럼 모양을 맞추세요.",
    "mix_weights_after_mean": "기본 reduction='mean'이 샘플별 손실을 먼저 평균내서 가중치가 상쇄되었습니다: reduction='none'으로 샘플별 손실을 받으세요.",
    "mix_weighted_mean_divides_by_n": "가중합을 N으로 나누었습니다: 이 연습의 가중 평균은 Σ w_i·l_i / Σ w_i입니다.",
}
