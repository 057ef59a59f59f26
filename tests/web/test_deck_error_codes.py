"""The deck API's error codes, each as docs/protocol.md lists it (Deck library and editor)."""
import io


def code_of(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def test_the_deck_api_answers_each_documented_refusal_with_its_code(client):
    assert code_of(client.get("/api/decks/no-such-deck")) == (404, "unknown_deck")
    assert code_of(client.delete("/api/decks/cx-ecosystem-nl")) == (403, "deck_read_only")
    broken = client.post("/api/decks/import", data={"file": (io.BytesIO(b"id = "), "x.toml")},
                         content_type="multipart/form-data")
    assert code_of(broken) == (422, "deck_invalid")
    # The body built by hand: the test client spools a large generated one to a temporary file it
    # never closes (a ResourceWarning, an error here, in whichever test collects it).
    file = b"#" * (1024 * 1024 + 1)
    body = (b'--cut\r\nContent-Disposition: form-data; name="file"; filename="x.toml"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n" + file + b"\r\n--cut--\r\n")
    huge = client.post("/api/decks/import", data=body, content_type="multipart/form-data; boundary=cut")
    assert code_of(huge) == (413, "too_large")
