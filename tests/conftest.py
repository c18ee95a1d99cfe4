"""Shared fixtures: the repository paths and one grading run that several tests read."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

from autograder.nbutil import assignments, is_solution, nbgrader_meta, notebook_names, read  # noqa: E402

# Partly solved submissions: which solution cells are filled in, and which graded tests must
# then pass (every other graded cell must score zero). Each notebook adds its own line.
PARTIAL = {
    "ch01_losses": {
        "01_regression_losses": {"fill": ["mse", "mae"], "pass": ["mse_tests", "mae_tests"]},
        "02_classification": {"fill": ["sigmoid", "bce_with_logits", "log_softmax"],
                              "pass": ["sigmoid_tests", "bce_with_logits_tests", "log_softmax_tests"]},
        "03_cross_entropy_smoothing_focal": {"fill": ["smooth_targets", "focal_weights"],
                                             "pass": ["smooth_targets_tests", "focal_weights_tests"]},
        "05_distributions_embeddings": {"fill": ["kl", "triplet"], "pass": ["kl_tests", "triplet_tests"]},
        "04_language_modeling": {"fill": ["next_token_loss"], "pass": ["next_token_loss_tests"]},
        "06_preference_learning": {"fill": ["dpo_loss"], "pass": ["dpo_loss_tests"]},
        "07_combining_and_choosing": {"fill": ["weights", "bug3", "fix_mse"],
                                      "pass": ["weights_tests", "bug3_tests", "fix_mse_tests"]},
    },
    "ch02_gradient_descent": {
        "01_batch_sgd_minibatch": {"fill": ["iterations_per_epoch", "minibatches"],
                                   "pass": ["iterations_per_epoch_tests", "minibatches_tests"]},
        "02_gradient_noise": {"fill": ["gradient_noise_scale"], "pass": ["gradient_noise_scale_tests"]},
        "03_scaling_accumulation": {"fill": ["scaled_lr"], "pass": ["scaled_lr_tests"]},
    },
    "ch03_optimizers": {
        "01_sgd_momentum": {"fill": ["ema_step", "effective_multiplier"], "pass": ["ema_step_tests", "effective_multiplier_tests"]},
        "02_adaptive": {"fill": ["adagrad", "adam", "bias_values"], "pass": ["adagrad_tests", "adam_tests", "bias_values_tests"]},
        "03_memory_and_choice": {"fill": ["optimizer_state_bytes", "memory_totals"],
                                 "pass": ["optimizer_state_bytes_tests", "memory_totals_tests"]},
        "04_experiments": {"fill": ["stable_lr_bound"], "pass": ["stable_lr_bound_tests"]},
    },
    "ch04_schedules": {
        "01_decay_schedules": {"fill": ["step_lr", "cosine_lr"], "pass": ["step_lr_tests", "cosine_lr_tests"]},
        "02_warmup": {"fill": ["warmup_linear_lr"], "pass": ["warmup_linear_lr_tests"]},
        "03_one_cycle": {"fill": ["one_cycle_lr"], "pass": ["one_cycle_lr_tests"]},
        "04_warmup_experiment": {"fill": ["per_step_lrs"], "pass": ["per_step_lrs_tests"]},
    },
    "ch05_diagnosis": {
        "01_reading_curves": {"fill": ["early_stopping"], "pass": ["early_stopping_tests"]},
        "02_lr_range_test": {"fill": ["smoothed_losses", "suggest_lr"], "pass": ["smoothed_losses_tests", "suggest_lr_tests"]},
        "03_gradients_clipping": {"fill": ["clip_grad_value", "init_std"], "pass": ["clip_grad_value_tests", "init_std_tests"]},
        "04_mixed_precision_nan": {"fill": ["fp16_underflows"], "pass": ["fp16_underflows_tests"]},
        "05_regularisation": {"fill": ["weight_decay_for_l2"], "pass": ["weight_decay_for_l2_tests"]},
        "06_capstone": {"fill": ["micro_batch_loss"], "pass": ["micro_batch_loss_tests"]},
    },
}

# Wrong answers whose feedback must name the mistake: per notebook, a list of
# (solution cell, complete wrong source, the test that fails, words the feedback must contain).
MISTAKES = {
    "ch01_losses": {
        "01_regression_losses": [
            ("mse", 'def mse(y_true, y_pred):\n    """MAE by mistake."""\n    return np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true)))',
             "mse_tests", "MAE를 계산했습니다"),
            ("mae", 'def mae(y_true, y_pred):\n    """The library call the exercise forbids."""\n    import torch\n'
                    '    return torch.nn.functional.l1_loss(torch.as_tensor(y_pred), torch.as_tensor(y_true)).item()',
             "mae_tests", "직접 구현하는 연습"),
        ],
        "02_classification": [
            ("weighted_cross_entropy",
             "def weighted_cross_entropy(logits, targets, weight):\n"
             "    z = np.asarray(logits, dtype=np.float64)\n"
             "    t = np.asarray(targets).astype(int)\n"
             "    w = np.asarray(weight, dtype=np.float64)[t]\n"
             "    m = z.max(axis=1, keepdims=True)\n"
             "    log_probs = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
             "    return np.mean(-w * log_probs[np.arange(len(t)), t])",
             "weighted_cross_entropy_tests", "샘플 수 N으로 나누었습니다"),
            ("log_softmax",
             "def log_softmax(z, axis=-1):\n"
             "    z = np.asarray(z)\n"
             "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
             "    return np.log(e / np.sum(e, axis=axis, keepdims=True))",
             "log_softmax_tests", "log(softmax(z))로 계산했습니다"),
        ],
        "03_cross_entropy_smoothing_focal": [
            ("smooth_targets",
             "def smooth_targets(targets, num_classes, smoothing):\n"
             "    out = np.full((len(targets), num_classes), smoothing / num_classes)\n"
             "    out[range(len(targets)), targets] = 1 - smoothing\n"
             "    return out",
             "smooth_targets_tests", "정답 클래스에 ε/K를 더하지 않았습니다"),
            ("focal_loss",
             "def focal_loss(logits, targets, alpha=0.25, gamma=2.0):\n"
             "    x = np.asarray(logits, dtype=float); t = np.asarray(targets, dtype=float)\n"
             "    bce = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))\n"
             "    p = 1 / (1 + np.exp(-x))\n"
             "    p_t = p * t + (1 - p) * (1 - t)\n"
             "    return np.mean((1 - p_t) ** gamma * bce)",
             "focal_loss_tests", "α_t 가중치를 빠뜨렸습니다"),
        ],
        "05_distributions_embeddings": [
            ("distill",
             "def distillation_loss(student_logits, teacher_logits, temperature):\n"
             "    def log_softmax(z):\n"
             "        z = z - z.max(axis=-1, keepdims=True)\n"
             "        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))\n"
             "    log_q = log_softmax(np.asarray(student_logits, dtype=float) / temperature)\n"
             "    log_p = log_softmax(np.asarray(teacher_logits, dtype=float) / temperature)\n"
             "    return np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=-1))",
             "distill_tests", "T²를 곱하지 않았습니다"),
            ("kl",
             "def kl_divergence(p, q):\n"
             "    p, q = np.asarray(q, dtype=float), np.asarray(p, dtype=float)\n"
             "    return np.mean(np.sum(p * np.log(p / q), axis=-1))",
             "kl_tests", "KL의 두 분포를 바꾸었습니다"),
        ],
        "04_language_modeling": [
            ("next_token_loss",
             "def next_token_loss(logits, targets, ignore_index=-100):\n"
             "    z = np.asarray(logits)\n"
             "    y = np.asarray(targets)\n"
             "    z = z - z.max(axis=-1, keepdims=True)\n"
             "    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))\n"
             "    keep = y != ignore_index\n"
             "    picked = np.take_along_axis(log_probs, np.where(keep, y, 0)[..., None], axis=-1)[..., 0]\n"
             "    return -(picked * keep).sum() / keep.sum()",
             "next_token_loss_tests", "한 칸 밀기(shift)를 하지 않았습니다"),
        ],
        "06_preference_learning": [
            ("dpo_loss",
             "def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1):\n"
             "    chosen = np.asarray(policy_chosen_logps) - np.asarray(ref_chosen_logps)\n"
             "    rejected = np.asarray(policy_rejected_logps) - np.asarray(ref_rejected_logps)\n"
             "    margin = beta * (rejected - chosen)\n"
             "    return np.mean(np.logaddexp(0, -margin))",
             "dpo_loss_tests", "chosen과 rejected를 바꾸었습니다"),
        ],
        "07_combining_and_choosing": [
            ("fix_ce",
             'def fixed_ce_loss(logits, labels):\n'
             '    """Mean cross-entropy of (N, K) logits and integer class labels (N,)."""\n'
             '    return F.cross_entropy(F.softmax(logits, dim=1), labels)',
             "fix_ce_tests", "softmax를 씌운 확률을 cross_entropy에 넣었습니다"),
        ],
    },
    "ch02_gradient_descent": {
        "01_batch_sgd_minibatch": [
            ("iterations_per_epoch",
             "def iterations_per_epoch(n_samples, batch_size, drop_last=False):\n    return n_samples // batch_size",
             "iterations_per_epoch_tests", "N/B를 내림했습니다"),
        ],
        "02_gradient_noise": [
            ("minibatch_grad_variance",
             "def minibatch_grad_variance(per_sample_grads, batch_size, replace):\n"
             "    g = np.asarray(per_sample_grads, dtype=float)\n"
             "    return g.var(axis=0) / batch_size",
             "minibatch_grad_variance_tests", "복원 추출의 식 σ²/B를 썼습니다"),
        ],
        "03_scaling_accumulation": [
            ("accumulated_grad",
             "def accumulated_grad(w, X, y, micro_batch_size):\n"
             "    n = len(y)\n"
             "    parts = [(X[s:s + micro_batch_size], y[s:s + micro_batch_size]) for s in range(0, n, micro_batch_size)]\n"
             "    means = [2 * xb.T @ (xb @ w - yb) / len(yb) for xb, yb in parts]\n"
             "    return sum(means) / len(means)",
             "accumulated_grad_tests", "마이크로배치 수 K로 나누었습니다"),
        ],
    },
    "ch03_optimizers": {
        "01_sgd_momentum": [
            ("sgd_step",
             "def sgd_step(w, g, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):\n"
             "    g = g + weight_decay * w\n"
             "    d = g\n"
             "    if momentum:\n"
             "        buf = momentum * state.get('momentum_buffer', np.zeros_like(g)) + (1 - dampening) * g\n"
             "        state['momentum_buffer'] = buf\n"
             "        d = g + momentum * buf if nesterov else buf\n"
             "    return w - lr * d",
             "sgd_step_options_tests", "첫 스텝에 g를 그대로 복사"),
        ],
        "02_adaptive": [
            ("adam",
             "def adam_step(w, g, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):\n"
             "    w, g = np.asarray(w), np.asarray(g)\n"
             "    beta1, beta2 = betas\n"
             "    state['step'] = state.get('step', 0) + 1\n"
             "    if weight_decay != 0:\n"
             "        g = g + weight_decay * w\n"
             "    m = state['exp_avg'] = beta1 * state.get('exp_avg', np.zeros_like(w)) + (1 - beta1) * g\n"
             "    v = state['exp_avg_sq'] = beta2 * state.get('exp_avg_sq', np.zeros_like(w)) + (1 - beta2) * g * g\n"
             "    return w - lr * m / (np.sqrt(v) + eps)",
             "adam_tests", "편향 보정을 빠뜨렸습니다"),
        ],
        "03_memory_and_choice": [
            ("memory_totals",
             "total_adamw_fp32_gb = 7e9 * 12 / 1e9\n"
             "mixed_precision_adamw_gb = 7e9 * 16 / 1e9\n"
             "total_adamw_fp32_gib = 7e9 * 12 / 2**30",
             "memory_totals_tests", "기울기를 빠뜨리는"),
            ("optimizer_state_bytes",
             "def optimizer_state_bytes(n_params, optimizer, bytes_per_value=4):\n"
             '    k = {"sgd": 0, "momentum": 1, "adagrad": 1, "rmsprop": 1, "adam": 1, "adamw": 1}[optimizer]\n'
             "    return k * n_params * bytes_per_value",
             "optimizer_state_bytes_tests", "상태를 하나만 셌습니다"),
        ],
        "04_experiments": [
            ("momentum_lr_bound",
             "def momentum_lr_bound(eigenvalues, beta):\n"
             "    return 2.0 / max(eigenvalues)",
             "momentum_lr_bound_tests", "모멘텀을 무시했습니다"),
        ],
    },
    "ch04_schedules": {
        "01_decay_schedules": [
            ("cosine_lr",
             "def cosine_lr(step, base_lr, T_max, eta_min=0.0):\n"
             "    if step >= T_max:\n"
             "        return eta_min\n"
             "    return eta_min + 0.5 * (base_lr - eta_min) * (1 + math.cos(math.pi * step / T_max))",
             "cosine_lr_tests", "T_max 뒤에 eta_min에 머물렀습니다"),
        ],
        "02_warmup": [
            ("warmup_cosine_lr",
             "def warmup_cosine_lr(step, peak_lr, warmup_steps, total_steps, min_lr=0.0):\n"
             "    if step < warmup_steps:\n"
             "        return peak_lr * step / warmup_steps\n"
             "    return min_lr + (peak_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * step / total_steps))",
             "warmup_cosine_lr_tests", "코사인의 시계를 워밍업 끝에서 시작하지 않았습니다"),
        ],
        "03_one_cycle": [
            ("one_cycle_lr",
             "def one_cycle_lr(step, max_lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4,\n"
             "                 anneal_strategy='cos', three_phase=False):\n"
             "    start = max_lr / div_factor\n"
             "    end = start / final_div_factor\n"
             "    e1 = pct_start * total_steps\n"
             "    if step <= e1:\n"
             "        a, b, q = start, max_lr, step / e1\n"
             "    else:\n"
             "        a, b, q = max_lr, end, (step - e1) / (total_steps - e1)\n"
             "    return b + (a - b) / 2 * (1 + math.cos(math.pi * q))",
             "one_cycle_lr_tests", "첫 구간의 끝을 pct_start·total_steps에 두었습니다"),
        ],
        "04_warmup_experiment": [
            ("per_step_lrs",
             "def per_step_lrs(peak_lr, epochs, batches_per_epoch, warmup_steps, min_lr=0.0, accumulation_steps=1):\n"
             "    n = epochs * batches_per_epoch\n"
             "    return [peak_lr * t / warmup_steps if t < warmup_steps\n"
             "            else min_lr + (peak_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (n - warmup_steps)))\n"
             "            for t in range(n)]",
             "per_step_lrs_tests", "기울기 누적을 무시하고"),
        ],
    },
    "ch05_diagnosis": {
        "01_reading_curves": [
            ("early_stopping",
             "def early_stopping(val_losses, patience, min_delta=0.0):\n"
             "    best, best_epoch, wait = float('inf'), 0, 0\n"
             "    for epoch, loss in enumerate(val_losses):\n"
             "        if loss < best - min_delta:\n"
             "            best, best_epoch, wait = loss, epoch, 0\n"
             "        else:\n"
             "            wait += 1\n"
             "            if wait > patience:\n"
             "                return epoch, best_epoch\n"
             "    return len(val_losses) - 1, best_epoch",
             "early_stopping_tests", "ReduceLROnPlateau의 규칙"),
        ],
        "02_lr_range_test": [
            ("smoothed_losses",
             "def smoothed_losses(losses, beta=0.98):\n"
             "    out, avg = [], 0.0\n"
             "    for loss in losses:\n"
             "        avg = beta * avg + (1 - beta) * loss\n"
             "        out.append(avg)\n"
             "    return np.array(out)",
             "smoothed_losses_tests", "편향 보정을 빠뜨렸습니다"),
        ],
        "03_gradients_clipping": [
            ("clip_grad_norm",
             "def clip_grad_norm(grads, max_norm, norm_type=2.0):\n"
             "    grads = [np.asarray(g, dtype=float) for g in grads]\n"
             "    total = np.sqrt(sum(np.sum(g ** 2) for g in grads))\n"
             "    return [g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for g in grads], total",
             "clip_grad_norm_tests", "기울기마다 따로 잘랐습니다"),
        ],
        "04_mixed_precision_nan": [
            ("scaler_update",
             "def scaler_update(scale, growth_tracker, found_inf, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000):\n"
             "    if found_inf:\n"
             "        return scale * backoff_factor, 0, True\n"
             "    growth_tracker += 1\n"
             "    if growth_tracker == growth_interval:\n"
             "        return scale * growth_factor, 0, True\n"
             "    return scale, growth_tracker, True",
             "scaler_update_tests", "inf/NaN이 나온 스텝도 밟았다고"),
        ],
        "05_regularisation": [
            ("dropout",
             "def dropout(x, p, training, rng):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    if not training:\n"
             "        return x\n"
             "    return x * (rng.random(x.shape) < p) / p",
             "dropout_tests", "p를 남기는 확률로 썼습니다"),
        ],
        "06_capstone": [
            ("micro_batch_loss",
             "def micro_batch_loss(logits, y, n_total):\n"
             "    return F.cross_entropy(F.softmax(logits, dim=1), y, reduction='sum') / n_total",
             "micro_batch_loss_tests", "로짓에 softmax를 씌운 뒤"),
        ],
    },
}


def fill(release_nb, solution_nb, grade_ids):
    """The release notebook with the solutions of ``grade_ids`` copied in."""
    sources = {nbgrader_meta(c).get("grade_id"): c.source for c in solution_nb.cells if is_solution(c)}
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if is_solution(cell) and gid in grade_ids:
            cell.source = sources[gid]
    return nb


def replace(release_nb, sources):
    """The release notebook with the cells named in ``sources`` (grade_id -> source) replaced."""
    from autograder.nbutil import with_sources

    return with_sources(release_nb, sources)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Grade one class of made-up students, once: the solutions, the untouched release, a
    partly solved one, one with a known mistake, a broken file and a missing one."""
    from autograder.grade import grade

    subs = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("grading")
    for aid in assignments():
        for name in notebook_names(aid):
            sol = read(REPO / "solutions" / aid / f"{name}.ipynb")
            rel = read(REPO / "notebooks" / aid / f"{name}.ipynb")
            made = {"solved": sol, "untouched": rel}
            spec = PARTIAL.get(aid, {}).get(name)
            if spec:
                made["partial"] = fill(rel, sol, spec["fill"])
            wrong = MISTAKES.get(aid, {}).get(name)
            if wrong:
                made["mistaken"] = replace(rel, {cell: source for cell, source, _, _ in wrong})
            if (aid, name) == (assignments()[0], notebook_names(assignments()[0])[0]):
                # the grader's own behaviour, checked once: a deleted test cell scores zero
                tampered = nbformat.from_dict(sol)
                first_test = next(c for c in tampered.cells if nbgrader_meta(c).get("grade") and not is_solution(c))
                tampered.cells.remove(first_test)
                made["tampered"] = tampered
            for student, nb in made.items():
                folder = subs / student / aid
                folder.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, str(folder / f"{name}.ipynb"))
            broken = subs / "broken" / aid
            broken.mkdir(parents=True, exist_ok=True)
            (broken / f"{name}.ipynb").write_text('{"cells": [', encoding="utf-8")
        (subs / "missing" / aid).mkdir(parents=True, exist_ok=True)
    (subs / "stray" / "no_such_assignment").mkdir(parents=True)
    (subs / "README.txt").write_text("not a student\n", encoding="utf-8")
    before = sorted((p.relative_to(subs), p.read_bytes()) for p in subs.rglob("*") if p.is_file())
    result = grade(subs, out, workers=2)
    after = sorted((p.relative_to(subs), p.read_bytes()) for p in subs.rglob("*") if p.is_file())
    result["submissions_unchanged"] = before == after
    result["out"] = out
    yield result
    shutil.rmtree(subs, ignore_errors=True)


@pytest.fixture(scope="session")
def book_site(tmp_path_factory):
    """The book, built once (warnings are errors) for the tests that read it: its html folder."""
    from autograder.book import build

    return build(tmp_path_factory.mktemp("book") / "book").parent
