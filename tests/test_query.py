"""The bundled questions run on the embedded store and give the review's answers."""

from __future__ import annotations

import pytest

from bbao.errors import BBAOError
from bbao.query import bundled, format_rows, resolve, run
from bbao.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_every_bundled_query_states_its_question_and_runs(store):
    queries = bundled()
    assert {"top-down-regulation", "bone-to-brain"} <= set(queries)
    for query in queries.values():
        assert query.question.endswith("?"), query.name
        columns, rows = run(query, store)
        assert rows, query.name


def test_top_down_regulation_answers(store):
    columns, rows = run(resolve("top-down-regulation"), store)
    table = {(r[columns.index("regulatorLabel")], r[columns.index("targetLabel")], r[columns.index("sign")],
              r[columns.index("site")]) for r in rows}
    assert ("noradrenaline", "osteoblast differentiation", "negative", "peripheral") in table
    assert ("leptin", "osteoblast proliferation", "negative", "central") in table
    assert ("leptin", "osteoblast differentiation", "positive", "peripheral") in table
    assert ("neuropeptide Y", "ossification", "negative", "central") in table


def test_bone_to_brain_answers(store):
    columns, rows = run(resolve("bone-to-brain"), store)
    found = {(r[columns.index("factorLabel")], r[columns.index("targetLabel")], r[columns.index("placeLabel")]) for r in rows}
    assert ("undercarboxylated osteocalcin", "GPR158", "hippocampal formation") in found
    assert ("undercarboxylated osteocalcin", "GPR158", "midbrain") in found
    assert ("FGF23", "long-term synaptic potentiation", "hippocampal formation") in found


def test_query_file_with_syntax_error(tmp_path, store):
    bad = tmp_path / "bad.rq"
    bad.write_text("# broken\nSELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    with pytest.raises(BBAOError, match="bad.rq: SPARQL syntax error"):
        run(resolve(str(bad)), store)


def test_unknown_query_lists_the_names():
    with pytest.raises(BBAOError, match="unknown query 'nope'; bundled queries: .*top-down-regulation"):
        resolve("nope")


def test_formats():
    assert format_rows(["a", "b"], [["x", "y"]], "tsv") == "a\tb\nx\ty"
    assert format_rows(["a"], [["x"]], "json") == '[\n {\n  "a": "x"\n }\n]'
    assert format_rows(["a"], [["x"]], "table").endswith("(1 row)")
