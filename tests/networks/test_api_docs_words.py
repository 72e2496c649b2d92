"""The readable API docs speak the interface language: Dutch summaries in Dutch, the
docstrings (English) in English; openapi.json keeps the docstrings."""

from netwerk.networks.api_summaries import SUMMARIES

OPERATIONS = ("get", "post", "put", "patch", "delete")


def _operations(client) -> dict:
    spec = client.get("/api/v1/openapi.json").get_json()
    return {
        (method, path): op["summary"]
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in OPERATIONS
    }


def test_every_operation_has_a_dutch_summary(client):
    """A new endpoint without a Dutch summary, or a summary for a gone one, fails here."""
    assert set(SUMMARIES) == set(_operations(client))


def test_docs_page_in_dutch_then_in_english(client):
    """Dutch mode: the Dutch summary and not the docstring; English mode: the docstring."""
    documented = _operations(client)[("get", "/api/v1/programmes")]
    assert documented == "List the programmes."
    dutch = client.get("/api/v1/docs").get_data(as_text=True)
    assert "De programma&#39;s." in dutch and documented not in dutch
    client.post("/taal", data={"lang": "en", "next": "/api/v1/docs"})
    english = client.get("/api/v1/docs").get_data(as_text=True)
    assert documented in english and "De programma&#39;s." not in english
