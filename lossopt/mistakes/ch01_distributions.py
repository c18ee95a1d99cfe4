"""Known mistakes of ch01 section 5 (KL divergence, distillation, InfoNCE, triplet): key -> sentence."""

KO = {
    # KL divergence and F.kl_div conventions
    "kl_swapped": "KL의 두 분포를 바꾸었습니다: KL(P‖Q) = Σ P log(P/Q)인데 KL(Q‖P)를 계산했습니다 (증류에서는 교사가 P, 학생이 Q입니다).",
    "kl_wrong_sign": "부호가 반대입니다: Σ P log(Q/P)는 −KL입니다. log(P/Q)여야 합니다.",
    "kl_cross_entropy": "엔트로피 항을 빠뜨렸습니다: −Σ P log Q는 교차 엔트로피 H(P, Q)이고, KL은 여기서 H(P)를 뺀 값입니다.",
    "kl_log2": "밑이 2인 로그를 썼습니다: PyTorch처럼 자연로그(np.log)를 쓰세요.",
    "kl_zero_nan": "P가 0인 항에서 0·log 0을 0으로 처리하지 않아 NaN이 나왔습니다: P > 0인 항만 더하세요.",
    "kl_mean_not_batchmean": "행 수 N이 아니라 원소 수 N·K로 나누었습니다 (reduction='mean'): 행마다 클래스 축으로 합한 뒤 행에 대해 평균해야 합니다 (reduction='batchmean').",
    "kl_single_divided_by_k": "분포 하나(1차원)의 KL을 클래스 수 K로 나누었습니다: 1차원 텐서에 reduction='mean'이나 'batchmean'을 쓰면 첫 축, 곧 클래스 축의 길이 K로 나눕니다. 분포 하나의 KL은 클래스 축의 합입니다.",
    "kl_input_not_log": "로그 확률 자리에 확률을 그대로 썼습니다: Σ P (log P − Q)가 아니라 Σ P (log P − log Q)입니다 (F.kl_div의 input은 log_softmax 같은 로그 확률입니다).",
    # knowledge distillation
    "kl_no_t_squared": "T²를 곱하지 않았습니다: 부드러운 항의 기울기가 1/T²로 줄어드는 것을 보상하려고 KL에 T²를 곱합니다 (이 연습의 정의).",
    "kl_t_not_squared": "T를 한 번만 곱했습니다: 온도의 제곱 T²를 곱해야 합니다.",
    "kl_temperature_student_only": "온도를 학생 로짓에만 적용했습니다: 교사 로짓도 T로 나눈 뒤 softmax해야 합니다.",
    "kl_temperature_teacher_only": "온도를 교사 로짓에만 적용했습니다: 학생 로짓도 T로 나눈 뒤 log_softmax해야 합니다.",
    "kl_temperature_multiplied": "로짓에 T를 곱했습니다: 로짓을 T로 나누어야 분포가 부드러워집니다.",
    # InfoNCE
    "emb_no_normalize": "L2 정규화를 하지 않았습니다: 내적 전에 각 행을 길이 1로 나누어 코사인 유사도를 만들어야 합니다.",
    "emb_normalize_columns": "열(axis=0) 방향으로 정규화했습니다: 각 임베딩, 곧 각 행(axis=-1)을 길이 1로 만드세요.",
    "emb_only_z1_to_z2": "한 방향(z1에서 z2로, 유사도 행렬의 행 방향)의 교차 엔트로피만 계산했습니다: 전치한 행렬의 손실과 평균해야 합니다.",
    "emb_only_z2_to_z1": "한 방향(z2에서 z1로, 전치한 유사도 행렬)의 교차 엔트로피만 계산했습니다: 두 방향의 평균이어야 합니다.",
    "emb_directions_summed": "두 방향의 손실을 더하기만 했습니다: 2로 나누어 평균하세요.",
    "emb_no_temperature": "유사도를 온도 τ로 나누지 않았습니다.",
    "emb_times_temperature": "유사도에 τ를 곱했습니다: τ로 나누어야 합니다.",
    # triplet
    "emb_triplet_squared": "제곱 거리를 썼습니다: F.triplet_margin_loss는 제곱하지 않은 유클리드 거리 ‖a − p + eps‖₂를 씁니다.",
    "emb_triplet_no_hinge": "max(0, ·)을 빠뜨렸습니다: 이미 margin 이상 떨어진 삼중쌍의 음수 값이 평균을 깎았습니다.",
    "emb_triplet_swapped": "d(a, p)와 d(a, n)의 자리를 바꾸었습니다: 손실은 max(0, d(a, p) − d(a, n) + margin)입니다.",
    "emb_triplet_no_eps": "거리 안에 eps = 1e-6을 더하지 않았습니다: torch처럼 ‖a − p + eps‖₂로 계산하세요 (차이는 작지만 허용 오차를 넘습니다).",
    "emb_triplet_eps_sign": "eps를 p − a 쪽에 더했습니다: torch는 앵커에서 뺀 차이에 더합니다, ‖a − p + eps‖₂.",
}
