import json
import subprocess
import sys
from pathlib import Path

import pytest

from bbao import paths, prefixes
from bbao.prefixes import (
    CONTEXT,
    IDENTIFIERS_ORG,
    OBO_PREFIXES,
    PREFIX_MAP,
    CurieError,
    compress,
    derive_prefix_map,
    expand,
    prefix_map_for_build,
    read_context,
    render_context,
)


def test_obo_and_identifiers_org_iris():
    assert expand("CHEBI:33569") == "http://purl.obolibrary.org/obo/CHEBI_33569"
    assert expand("HGNC:23689") == "http://identifiers.org/hgnc/23689"
    assert expand("NCBIGene:632") == "http://identifiers.org/ncbigene/632"
    assert compress("http://purl.obolibrary.org/obo/MONDO_0858950") == "MONDO:0858950"
    assert compress("https://example.org/x") == "https://example.org/x"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("FOO:123", "unknown prefix 'FOO'"),
        ("GO0001649", "malformed CURIE"),
        ("GO:00016 49", "malformed CURIE"),
        ("GO:abc", "malformed local identifier"),
        ("BBAO:12345", "malformed local identifier"),
    ],
)
def test_bad_curies_are_refused(bad, message):
    with pytest.raises(CurieError, match=message):
        expand(bad)


def _duplicates_in_linear_time(attribute: str):  # type: ignore[no-untyped-def]
    """curies' check that no two records share a prefix (or URI prefix), in linear time: curies 0.15.7 compares
    every pair of Bioregistry's ~2,000 records (``itertools.combinations``), 14 of the 15 s Bioregistry takes to
    build its OBO context. The same verdict (a duplicate is reported, and the converter refused, exactly when two
    records share a value); only the order of the reported pairs may differ."""
    from curies.api import DuplicateSummary

    def duplicates(records):  # type: ignore[no-untyped-def]
        first: dict[str, object] = {}
        found = []
        for record in records:
            for value in getattr(record, attribute):
                if value in first and first[value] is not record:
                    found.append(DuplicateSummary(first[value], record, value))
                first.setdefault(value, record)
        return found

    return duplicates


@pytest.fixture(scope="module")
def obo_context() -> dict[str, str]:
    """Bioregistry's OBO context prefix map, computed by Bioregistry, with curies' duplicate check made linear
    (:func:`_duplicates_in_linear_time`: 15-20 s to about 1 s)."""
    import bioregistry
    from curies import api

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "_get_duplicate_uri_prefixes", _duplicates_in_linear_time("_all_uri_prefixes"))
        patch.setattr(api, "_get_duplicate_prefixes", _duplicates_in_linear_time("_all_prefixes"))
        return dict(bioregistry.get_obo_context_prefix_map())


def test_the_linear_duplicate_check_gives_curies_verdict():
    from curies import Record, api

    records = [Record(prefix="A", uri_prefix="http://a/", prefix_synonyms=["x"]),
               Record(prefix="B", uri_prefix="http://b/", uri_prefix_synonyms=["http://a/"]),
               Record(prefix="C", uri_prefix="http://c/", prefix_synonyms=["x"])]
    for attribute, slow in (("_all_uri_prefixes", api._get_duplicate_uri_prefixes),
                            ("_all_prefixes", api._get_duplicate_prefixes)):
        fast = _duplicates_in_linear_time(attribute)
        for chosen in (records, records[:1], [records[0], records[2]], [records[1], records[2]]):
            assert sorted(map(str, fast(chosen))) == sorted(map(str, slow(chosen)))


def test_obo_entries_are_bioregistrys_obo_context(obo_context):
    for prefix in OBO_PREFIXES:
        assert PREFIX_MAP[prefix] == obo_context[prefix] == f"http://purl.obolibrary.org/obo/{prefix}_"


def test_shipped_context_is_what_bioregistry_derives_today():
    shipped = read_context(CONTEXT.path().read_bytes())
    assert shipped == PREFIX_MAP == derive_prefix_map()
    assert list(shipped) == list(derive_prefix_map())  # same order, so Turtle prefixes stay in place


def test_hgnc_and_ncbigene_keep_identifiers_org_iris_deliberately(obo_context):
    """Bioregistry's OBO context gives genenames.org and UniProt IRIs; BBAO keeps the identifiers.org IRIs
    that Mondo and the verified reference use. Bioregistry knows them as the same resources, and its
    BioContext prefixes (Mondo's) are BBAO's; the OBO context writes HGNC in lower case."""
    import bioregistry

    assert obo_context["hgnc"] == "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/"
    assert obo_context["NCBIGene"] == "http://purl.uniprot.org/geneid/"
    assert PREFIX_MAP["HGNC"] == "http://identifiers.org/hgnc/"
    assert PREFIX_MAP["NCBIGene"] == "http://identifiers.org/ncbigene/"
    for prefix, local in (("HGNC", "1043"), ("NCBIGene", "632")):
        resource = bioregistry.get_resource(prefix)
        assert tuple(bioregistry.parse_iri(expand(f"{prefix}:{local}"))) == (resource.prefix, local)
        assert resource.get_mappings()["biocontext"] == prefix
    assert "NCBIGene" in obo_context and "HGNC" not in obo_context
    assert bioregistry.normalize_prefix("HGNC") == "hgnc"
    assert set(IDENTIFIERS_ORG) == {"HGNC", "NCBIGene"}


def test_without_the_shipped_context_the_map_is_derived(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    assert not CONTEXT.path().exists()
    assert prefixes._load_prefix_map() == PREFIX_MAP


def test_cli_start_and_prefix_parsing_do_not_import_bioregistry():
    code = ("import sys; from bbao.cli import parser; parser().format_help(); "
            "from bbao.prefixes import expand; expand('GO:0001503'); print('bioregistry' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BBAO_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_build_map_is_derived_once_then_read_from_the_cache(cache, monkeypatch):
    first = prefix_map_for_build()
    assert first == PREFIX_MAP and list(first) == list(PREFIX_MAP)
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].name == f"prefix-map-{prefixes._derivation_key()}.json"
    monkeypatch.setattr(prefixes, "derive_prefix_map", lambda: pytest.fail("Bioregistry asked again"))
    again = prefix_map_for_build()
    assert again == first and list(again) == list(first)  # same order: the context bytes stay the same
    assert render_context(again) == CONTEXT.path().read_bytes()


def poisoned(cache: Path, **changes: str) -> dict[str, str]:
    """Store in the cache the shipped map with ``changes`` (prefix -> URI prefix); returns that map."""
    cache.mkdir(exist_ok=True)
    poison = {**PREFIX_MAP, **changes}
    (cache / f"prefix-map-{prefixes._derivation_key()}.json").write_text(json.dumps([list(p) for p in poison.items()]))
    return poison


def test_fresh_asks_bioregistry_whatever_the_cache_holds_and_writes_nothing(cache, monkeypatch):
    poison = poisoned(cache, GO="http://example.org/GO_")
    assert prefix_map_for_build() == poison  # a build trusts the cache: `bbao build --check` is the control
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    monkeypatch.setattr(prefixes, "derive_prefix_map", lambda: dict(PREFIX_MAP))
    assert prefix_map_for_build(fresh=True) == PREFIX_MAP
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before  # a check writes nothing


@pytest.mark.parametrize("stored", [[], [["GO", "http://example.org/"]], {"GO": "x"}, [["BBAO", "http://x/"]]],
                         ids=["empty", "prefixes-missing", "not-a-list", "own-prefix-wrong"])
def test_a_cache_that_bioregistry_could_not_have_given_is_replaced(cache, monkeypatch, stored):
    cache.mkdir()
    path = cache / f"prefix-map-{prefixes._derivation_key()}.json"
    path.write_text(json.dumps(stored))
    monkeypatch.setattr(prefixes, "derive_prefix_map", lambda: dict(PREFIX_MAP))
    assert prefix_map_for_build() == PREFIX_MAP
    assert json.loads(path.read_text()) == [list(p) for p in PREFIX_MAP.items()]


def test_an_unreadable_or_unwritable_cache_is_passed_over(cache, monkeypatch):
    monkeypatch.setattr(prefixes, "derive_prefix_map", lambda: {"X": "http://x/"})
    cache.mkdir()
    (cache / f"prefix-map-{prefixes._derivation_key()}.json").write_text("{not json")
    assert prefix_map_for_build() == {"X": "http://x/"}
    cache_file = cache / "not-a-folder"
    cache_file.write_text("")
    monkeypatch.setenv("BBAO_CACHE_DIR", str(cache_file))
    assert prefix_map_for_build() == {"X": "http://x/"}
    assert sorted(p.name for p in cache.iterdir()) == ["not-a-folder", f"prefix-map-{prefixes._derivation_key()}.json"]


def test_the_cache_key_changes_with_bioregistrys_files(monkeypatch, tmp_path):
    key = prefixes._derivation_key()
    assert key and len(key) == 32
    monkeypatch.setattr(prefixes, "_BIOREGISTRY_FILES", ("version.py", "data/bioregistry.json"))
    assert prefixes._derivation_key() not in (None, key)
    monkeypatch.setattr(prefixes, "_BIOREGISTRY_FILES", ("no-such-file.json",))
    assert prefixes._derivation_key() is None


@pytest.mark.parametrize("engine", ["oxigraph", "pyld", "rdflib"])
def test_the_shipped_context_expands_obo_curies_in_json_ld_1_1(engine):
    """The shipped context, inlined in a user's JSON-LD file, makes ``GO:0001649`` the GO IRI under independent
    JSON-LD 1.1 processors (Oxigraph's in Rust, json-ld.org's PyLD, rdflib's), not an IRI with the scheme ``GO:``."""
    import pyoxigraph
    from pyld import jsonld
    from rdflib import Graph

    context = json.loads(CONTEXT.path().read_text(encoding="utf-8"))["@context"]
    assert context["@version"] == 1.1
    assert context["GO"] == {"@id": "http://purl.obolibrary.org/obo/GO_", "@prefix": True}
    doc = {"@context": context, "@id": "BBAC:0000005", "BBAO:0000102": {"@id": "GO:0001649"}}
    if engine == "oxigraph":
        triples = {(q.subject.value, q.predicate.value, q.object.value)
                   for q in pyoxigraph.parse(json.dumps(doc).encode(), format=pyoxigraph.RdfFormat.JSON_LD)}
    elif engine == "pyld":
        (node,) = jsonld.expand(doc)
        triples = {(node["@id"], p, v["@id"]) for p, values in node.items() if p != "@id" for v in values}
    else:
        triples = {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data=json.dumps(doc), format="json-ld")}
    assert triples == {(expand("BBAC:0000005"), expand("BBAO:0000102"), expand("GO:0001649"))}


def test_the_shipped_context_compacts_back_to_curies():
    """Compacting full IRIs with the shipped context (PyLD, the JSON-LD 1.1 compaction algorithm) writes CURIEs."""
    from pyld import jsonld

    context = json.loads(CONTEXT.path().read_text(encoding="utf-8"))
    full = {"@id": expand("BBAC:0000005"), expand("BBAO:0000102"): {"@id": expand("GO:0001649")}}
    compacted = jsonld.compact(full, context)
    assert (compacted["@id"], compacted["BBAO:0000102"]) == ("BBAC:0000005", {"@id": "GO:0001649"})
