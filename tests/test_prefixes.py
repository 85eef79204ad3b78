import pytest

from bbao.prefixes import CurieError, compress, expand


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
