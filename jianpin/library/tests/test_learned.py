"""The trained title and type scorer: what it reads, how it is fitted, and that the shipped
weights come from the tuning parts only and are reproduced by the training command."""
from __future__ import annotations

import json

import pytest

from jianpin.library.text import extract_metadata, learned, train
from jianpin.library.text.chrome import find_title, title_candidates

PAGE = ["首页", "政策文件", "关于做好2024年防止返贫监测帮扶工作的通知",
        "各乡镇人民政府,县直各单位:现将做好2024年防止返贫监测帮扶工作有关事项通知如下,"
        "请认真贯彻落实防止返贫监测帮扶工作的各项要求。"]


def test_without_weights_the_rules_choose() -> None:
    learned.use({})
    try:
        early, best, candidates = title_candidates(PAGE)
        # The channel label scores 1 (a heading's shape, nothing more): a candidate the
        # rules would not take alone.
        assert (early, best, [i for i, _ in candidates]) == (None, 2, [1, 2])
        assert find_title(PAGE) == 2
        assert learned.choose_type({"rule:通知": 1.0}, "通知") == "通知"
    finally:
        learned.use(None)


def test_a_candidates_features_are_general() -> None:
    _, _, [(_, label), (i, features)] = title_candidates(PAGE, hint="做好防止返贫监测帮扶工作的通知")
    assert i == 2
    # Too little text under it to tell its support; two of the three lines around it are short.
    assert (features["typed"], features["guanyu"], features["len20-40"], features["rule"],
            features["support_unknown"], features["short_around"], features["hint_share"]) == \
        (1.0, 1.0, 1.0, 1.75, 1.0, 2 / 3, 13 / 16)
    assert (label["typed"], label["len<8"], label["rule"], label["hint_share"]) == \
        (0.0, 1.0, 0.25, 0.0)
    assert learned.rank_title([(1, label), (2, features)], 2) == 2


def test_type_features_share_the_rules_and_the_ending_across_types() -> None:
    signals = {"rule:规划": 1.0, "end:规划": 1.0, "signed": 1.0}
    assert learned.kind_features(signals, "规划") == {
        "规划|rule:规划": 1.0, "规划|end:规划": 1.0, "规划|signed": 1.0, "=rule": 1.0, "=end": 1.0}
    assert learned.kind_features(signals, "通知")["=rule"] == 0.0


def test_fit_prefers_the_right_choice_and_is_deterministic() -> None:
    lists = [([{"a": 1.0}, {"b": 1.0}], {0}), ([{"b": 1.0, "c": 1.0}, {"a": 1.0}], {1})]
    weights = train.fit(lists, rounds=50)
    assert weights == train.fit(lists, rounds=50)
    assert weights["a"] > 0 > weights["b"]


def test_the_shipped_weights_come_from_the_tuning_parts_only() -> None:
    model = learned.weights()
    assert model["trained_on"] == ["tuning", "tuning-10", "tuning-5", "tuning-6", "tuning-7",
                                   "tuning-8", "tuning-9"]
    assert {"title", "type"} <= set(model)
    assert extract_metadata("\n".join(PAGE)).doc_type == "通知"


@pytest.mark.slow
def test_the_training_command_reproduces_the_shipped_weights(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "model.json"
    train.main(["--out", str(out)])
    assert json.loads(out.read_text(encoding="utf-8")) == learned.weights()
