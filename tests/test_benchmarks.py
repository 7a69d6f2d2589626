"""The bucketing benchmark runs end to end on a few real reviews (its timings
here mean nothing; the README quotes a full run)."""

import json

from benchmarks import bucketing


def test_bucketing_benchmark_writes_both_timings_and_the_speedup(tmp_path):
    output = tmp_path / "benchmark.json"
    assert bucketing.main(["--train-size", "300", "--output", str(output)]) == 0
    result = json.loads(output.read_text())
    assert result["reviews"] == 240  # 300 reviews less the validation share
    for variant in ("fixed_length", "length_bucketed"):
        assert result[variant]["seconds_per_epoch"] > 0 and result[variant]["tokens_per_second"] > 0
    assert result["fixed_length"]["padded_time_steps"] == 240 * bucketing.MAXLEN
    assert result["length_bucketed"]["padded_time_steps"] < result["fixed_length"]["padded_time_steps"]
    assert result["speedup"] == round(result["fixed_length"]["seconds_per_epoch"]
                                      / result["length_bucketed"]["seconds_per_epoch"], 2)
