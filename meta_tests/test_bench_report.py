"""The benchmark report's oracle section: each command beside its bound, and the same
benchmark's seconds before and after a change, paired by name."""

from pathlib import Path

from benchmarks.report import before_and_after, oracle_rows


def _run(seconds: dict[str, float]) -> dict:
    return {"machine_info": {"cpu": {"count": 2, "brand_raw": "test CPU"}},
            "benchmarks": [{"extra_info": {"kind": "oracle", "what": what, "examples": 0,
                                           "bound_s": 1},
                            "stats": {"median": s}} for what, s in seconds.items()]}


def test_before_and_after_pairs_the_runs_by_name_and_divides():
    read = [(Path("oracle-cpu-before.json"), _run({"table": 4.0, "gone": 1.0})),
            (Path("oracle-cpu.json"), _run({"table": 0.5, "new": 2.0}))]
    lines = before_and_after(read)
    assert "| table | 4.0 | 0.5 | 8.0x |" in lines
    assert not any("gone" in line or "new" in line for line in lines)
    assert before_and_after(read[1:]) == []  # nothing to pair


def test_oracle_rows_show_the_bound_of_each_command():
    rows = oracle_rows([(Path("oracle-cpu.json"), _run({"command: f1-oracle table": 0.3}))])
    assert "| command: f1-oracle table | 0.3 | 1 | - | - | - | - |" in rows
