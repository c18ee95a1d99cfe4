"""Known mistakes of ch01 section 2 (classification losses): key -> sentence, per language."""

KO = {
    # sigmoid
    "cls_sigmoid_overflow": "큰 음수 z에서 exp(-z)가 넘쳐(overflow) 경고가 났습니다: exp(-|z|)처럼 지수가 항상 0 이하가 되게 계산하세요. np.where는 두 식을 모두 계산하므로 쓰지 않는 쪽에서도 넘칩니다.",
    "cls_sigmoid_negated": "부호가 반대입니다: 1/(1+exp(z))는 σ(-z) = 1 - σ(z)입니다. σ(z) = 1/(1+exp(-z))입니다.",
    "cls_sigmoid_no_one": "분모의 1을 빠뜨렸습니다: σ(z) = 1/(1+exp(-z))입니다.",
    # BCE on probabilities
    "cls_missing_clipping": "확률을 [eps, 1-eps]로 자르지(clipping) 않았습니다: p가 0이나 1이면 log(0)이 되어 inf나 nan이 나옵니다.",
    "cls_torch_log_clamp": "PyTorch의 binary_cross_entropy처럼 log를 -100에서 잘랐습니다: 이 문제는 확률 p를 [eps, 1-eps]로 자르는 식을 요구합니다.",
    "cls_missing_minus": "앞의 음수 부호(-)를 빠뜨렸습니다: 로그 확률은 음수이므로 손실은 그 음수를 뒤집은 값입니다.",
    "cls_eps_fixed_small": "eps 인자를 쓰지 않고 아주 작은 고정값(1e-15)으로 확률을 잘랐습니다: 함수가 받은 eps로 [eps, 1-eps]에 자르세요.",
    "cls_eps_ignored": "eps 인자를 쓰지 않고 1e-7을 고정해서 썼습니다: 함수의 eps 인자로 자르세요.",
    "cls_bce_one_term": "두 항 가운데 하나만 계산했습니다: y·log(p)와 (1-y)·log(1-p)를 모두 더해야 합니다.",
    "cls_bce_hard_targets": "y가 정확히 0이나 1일 때만 맞는 식을 썼습니다: y가 0과 1 사이의 실수(소프트 타깃)여도 y·log(p) + (1-y)·log(1-p)를 그대로 계산하세요.",
    "cls_bce_on_logits": "확률이 와야 할 자리에 로짓(logit)을 그대로 넣었습니다 (시그모이드를 빠뜨림).",
    # BCE with logits
    "cls_sigmoid_twice": "시그모이드를 두 번 적용했습니다: BCEWithLogits는 안에서 시그모이드를 계산하므로 로짓을 그대로 넣어야 합니다.",
    "cls_naive_logits_bce": "시그모이드를 계산한 뒤 log를 취했습니다: 로짓이 크면 σ가 정확히 0이나 1이 되어 log(0)에서 inf나 nan이 납니다. max(z,0) - z·y + log(1+exp(-|z|))를 쓰세요.",
    "cls_sigmoid_then_clipped_bce": "시그모이드로 확률을 만든 뒤 eps로 잘랐습니다: 로짓이 크게 틀리면 손실이 -log(eps) ≈ 16.1에서 멈춥니다. 로짓에서 바로 계산하는 안정한 식을 쓰세요.",
    "cls_softplus_without_abs": "log(1+exp(-z))에서 절댓값을 빠뜨렸습니다: max(z,0)와 함께 쓰려면 log(1+exp(-|z|))여야 합니다 (z < 0에서 값이 틀리고, 큰 음수 z에서는 넘칩니다).",
    "cls_softplus_overflow": "log(1+exp(z))를 그대로 계산했습니다: z가 크면 exp(z)가 넘쳐 inf가 됩니다. max(z,0) + log(1+exp(-|z|))로 바꿔 쓰세요.",
    # softmax / log-softmax
    "cls_softmax_no_max": "최댓값을 빼지 않고 exp를 계산했습니다: 로짓이 크면 exp가 inf가 되어 inf/inf = nan이 됩니다 (LSE 트릭).",
    "cls_wrong_axis": "다른 축(axis)으로 정규화했습니다: 인자로 받은 axis를 따라 합해야 합니다.",
    "cls_softmax_global_sum": "배열 전체의 합으로 나누었습니다: axis를 따라 합하고 keepdims=True로 모양을 맞추세요.",
    "cls_no_keepdims": "합을 구할 때 keepdims=True를 빠뜨려, 다른 축으로 브로드캐스트(broadcast)되었습니다.",
    "cls_log_of_softmax": "log(softmax(z))로 계산했습니다: 확률이 0으로 내려가면(underflow) -inf가 됩니다. z - max - log(sum(exp(z - max)))로 계산하세요.",
    "cls_log_softmax_no_lse": "log(sum(exp(...)))를 빼지 않았습니다: z - max(z)만으로는 로그 확률이 되지 않습니다.",
    "cls_log_softmax_is_softmax": "로그 확률이 아니라 확률(softmax)을 돌려주었습니다.",
    # cross-entropy with class weights
    "cls_weighted_mean_over_n": "가중합을 샘플 수 N으로 나누었습니다: weight를 쓰면 평균은 정답 클래스 가중치의 합 Σ w[t_i]로 나눕니다.",
    "cls_weight_ignored": "가중치(weight)를 쓰지 않았습니다: 일반 교차 엔트로피의 평균을 계산했습니다.",
    "cls_softmax_before_ce": "softmax를 먼저 적용한 확률을 로짓처럼 다시 넣었습니다: cross_entropy는 안에서 log_softmax를 계산하므로 로짓을 넣어야 합니다.",
    "cls_logsumexp_no_max": "log-sum-exp를 최댓값을 빼지 않고 계산해, 큰 로짓에서 inf나 nan이 났습니다.",
    # choice
    "cls_tags_cooccur": "태그는 한 사진에 여러 개가 함께 붙을 수 있습니다: 클래스별 시그모이드 + BCE를 쓰는 다중 레이블(multi-label) 문제입니다.",
    "cls_exactly_one_class": "정답이 항상 정확히 하나인 문제입니다: softmax + 교차 엔트로피를 쓰는 다중 클래스(multi-class) 문제입니다.",
}
