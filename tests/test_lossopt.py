"""Unit tests of the lossopt helpers: answer checking, messages, seeding, the plot style."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from lossopt import AnswerError, as_array, check_choice, check_close, messages, seed_everything


# --- every correct container is accepted -------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [0.875, np.float64(0.875), np.array(0.875), np.array([0.875]), [0.875], torch.tensor(0.875),
     torch.tensor(0.875, dtype=torch.float32), torch.tensor(0.875, requires_grad=True) * 1, np.float32(0.875)],
    ids=lambda v: type(v).__name__,
)
def test_scalar_containers_pass(value):
    check_close(value, 0.875)


@pytest.mark.parametrize(
    "value",
    [[1.0, 2.0, 3.0], (1, 2, 3), np.array([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 3.0]),
     [torch.tensor(1.0), np.float64(2.0), 3], np.array([1, 2, 3], dtype=np.int64)],
    ids=lambda v: type(v).__name__,
)
def test_array_containers_pass(value):
    check_close(value, np.array([1.0, 2.0, 3.0]))


def test_float32_tolerance_is_looser_than_float64():
    exact = 1.0 / 3.0
    check_close(np.float32(exact), exact)  # float32 rounding (~3e-8 relative) passes
    with pytest.raises(AnswerError):
        check_close(exact * (1 + 1e-5), exact)  # a float64 answer must match to 1e-6
    check_close(np.float32(exact * (1 + 5e-6)), exact)
    with pytest.raises(AnswerError):
        check_close(np.float32(exact * (1 + 1e-4)), exact)


# --- wrong answers get a clear message ---------------------------------------------------
@pytest.mark.parametrize(
    "value, words",
    [(None, "return"), ("0.875", "문자열"), (True, "True/False"), ({"a": 1}, "dict"), ([[1, 2], [3]], "길이"),
     (np.array(["a"]), "숫자"), (1 + 2j, "복소수"), (object(), "object")],
)
def test_bad_types_are_explained(value, words):
    with pytest.raises(AnswerError) as err:
        check_close(value, 1.0, name="f(x)")
    assert words in str(err.value) and "f(x)" in str(err.value)


def test_shape_mismatch_names_shapes_and_hints_reduction():
    with pytest.raises(AnswerError) as err:
        check_close(np.ones(4), 1.0, name="mse")
    text = str(err.value)
    assert "(4,)" in text and "reduction" in text


def test_nan_and_inf_are_reported():
    with pytest.raises(AnswerError, match="NaN"):
        check_close([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(AnswerError, match="inf"):
        check_close([1.0, np.inf], [1.0, 2.0])
    check_close([np.nan], [np.nan])  # a NaN that is expected is no error


def test_mismatch_shows_expected_and_actual():
    with pytest.raises(AnswerError) as err:
        check_close(0.7, 0.875, name="mse")
    text = str(err.value)
    assert "0.875" in text and "0.7" in text and "추정되는 실수" not in text


def test_known_mistake_is_named_by_key_value_or_callable():
    with pytest.raises(AnswerError) as err:
        check_close(0.75, 0.875, mistakes={"mae_instead_of_mse": 0.75})
    assert messages.mistake("mae_instead_of_mse") in str(err.value)
    with pytest.raises(AnswerError) as err:
        check_close([1.0, 2.0], 1.5, mistakes={"sum_instead_of_mean": 3.0, "평균을 내지 않았습니다": lambda: [1.0, 2.0]})
    assert "평균을 내지 않았습니다" in str(err.value)
    with pytest.raises(AnswerError) as err:  # a mistake that cannot be computed is skipped
        check_close(2.0, 1.0, mistakes={"boom": lambda: 1 / 0})
    assert "추정되는 실수" not in str(err.value)


def test_answer_error_is_an_assertion_error():
    assert issubclass(AnswerError, AssertionError)


def test_as_array_reports_precision():
    assert as_array(np.float32(1))[1] and not as_array(1.0)[1] and as_array(torch.ones(2))[1]


# --- choices -----------------------------------------------------------------------------
def test_choice_ignores_case_and_spacing():
    check_choice("  Huber ", "huber")
    check_choice("smooth l1", {"huber", "smooth  L1"})


def test_choice_messages():
    with pytest.raises(AnswerError, match="보기에 없습니다"):
        check_choice("hinge", "huber", options=["mse", "mae", "huber"])
    with pytest.raises(AnswerError) as err:
        check_choice("mse", "huber", options=["mse", "mae", "huber"], mistakes={"mse": "이상치에 끌려갑니다"})
    assert "이상치에 끌려갑니다" in str(err.value)
    with pytest.raises(AnswerError, match="문자열"):
        check_choice(3, "huber")
    with pytest.raises(AnswerError, match="None"):
        check_choice(None, "huber")


# --- messages ----------------------------------------------------------------------------
def test_messages_fall_back_to_korean(monkeypatch):
    monkeypatch.setenv("LOSSOPT_LANG", "xx")
    assert messages.language() == "ko"
    assert "None" in messages.text("none", name="f")
    assert messages.mistake("no such key") == "no such key"


def test_every_mistake_is_a_sentence():
    for key, sentence in messages.MISTAKES["ko"].items():
        assert sentence.strip() and sentence != key


# --- seeding and plotting ----------------------------------------------------------------
def test_seed_everything_is_deterministic():
    a = seed_everything(3).normal(size=5)
    ta = torch.rand(3)
    b = seed_everything(3).normal(size=5)
    tb = torch.rand(3)
    assert np.array_equal(a, b) and torch.equal(ta, tb)
    with pytest.raises(TypeError):
        seed_everything("0")


def test_plot_style_renders_hangul(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossopt.plot import hangul_font_path, use_style

    use_style()
    assert "NanumGothic" in hangul_font_path()
    fig, ax = plt.subplots()
    ax.set_title("손실 함수와 최적화")
    ax.set_xlabel("오차 (error)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        fig.savefig(tmp_path / "hangul.png")
    plt.close(fig)
    assert (tmp_path / "hangul.png").stat().st_size > 1000


def test_strict_fonts_catch_mathtext_gaps_and_log_scale_avoids_them(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossopt.plot import log_scale, use_style

    monkeypatch.setenv("LOSSOPT_STRICT_FONTS", "1")
    use_style()
    fig, ax = plt.subplots()
    ax.semilogy([1, 2, 3], [1e-3, 1e-1, 1])  # default labels: \mathdefault{10^{-3}}, no minus in NanumGothic
    with pytest.raises(RuntimeError, match="log_scale"):
        fig.savefig(tmp_path / "bad.png")
    plt.close(fig)
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1e-3, 1e-1, 1])
    log_scale(ax, "y")
    ax.set_title("로그 축")
    fig.savefig(tmp_path / "good.png")
    plt.close(fig)


def test_object_dtype_array_of_numbers_is_accepted():
    """An answer built with np.frompyfunc (object dtype) counts when every element is a real number."""
    add = np.frompyfunc(lambda a, b: a + b, 2, 1)
    check_close(add(np.arange(3.0), 1.0), [1.0, 2.0, 3.0])
    with pytest.raises(AnswerError) as err:
        check_close(np.array([1.0, "x"], dtype=object), [1.0, 2.0], name="f(x)")
    assert "문자열" in str(err.value)
    with pytest.raises(AnswerError):
        check_close(np.array([1.0, None], dtype=object), [1.0, 2.0])
