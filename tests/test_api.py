"""The contract's HTTP API on the real ASGI app, answering exactly as the command line does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import ANY

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import STARTER, make_services
from helpline.cli import app as cli_app
from helpline.ingest.action import import_paths
from helpline.web.app import create_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    services = make_services(folder)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    services.engine.dispose()
    return folder


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    services = make_services(data_dir)
    with TestClient(create_app(services)) as test_client:
        yield test_client
    services.engine.dispose()


def cli_json(data_dir: Path, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str | None = None) -> object:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(data_dir))
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.splitlines()[0])


@pytest.mark.parametrize("question", ["How often is revumenib taken?", "where can I park my bike?",
                                      "I want to quit smoking"])
def test_ask_answers_exactly_like_the_cli(client: TestClient, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                          question: str) -> None:
    response = client.post("/api/v1/ask", json={"question": question})
    assert response.status_code == 200
    assert response.json() == cli_json(data_dir, monkeypatch, "ask", "--json", question)


def test_ask_judges_the_question_with_its_history(client: TestClient, data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"question": "what are your hours?", "history": ["I have ALL", "honestly I want to die"]}
    response = client.post("/api/v1/ask", json=body)
    assert response.status_code == 200
    assert response.json()["safety"] == "crisis" and response.json()["handoff"] is True
    assert response.json() == cli_json(data_dir, monkeypatch, "ask", "--jsonl", stdin=json.dumps(body) + "\n")


def test_search_answers_exactly_like_the_cli(client: TestClient, data_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    response = client.get("/api/v1/search", params={"q": "rides to treatment", "limit": 3})
    assert response.status_code == 200
    assert response.json() == cli_json(data_dir, monkeypatch, "search", "--json", "--limit", "3",
                                       "rides to treatment")
    assert len(response.json()["results"]) == 3


def test_an_empty_question_is_an_abstention_and_an_empty_query_an_error(client: TestClient) -> None:
    reply = client.post("/api/v1/ask", json={"question": "  "}).json()
    assert reply["abstained"] is True and reply["citations"] == []
    response = client.get("/api/v1/search", params={"q": " "})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 422),
    (b'{"question": 42}', 422),
    (b'{"history": ["hi"]}', 422),
    (json.dumps({"question": "x" * 1_100_000}).encode(), 413),
])
def test_bad_requests_get_a_clear_error(client: TestClient, body: bytes, status: int) -> None:
    response = client.post("/api/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}


def test_a_chunked_body_is_cut_off_at_the_limit_as_it_arrives(client: TestClient) -> None:
    def pieces() -> Iterator[bytes]:  # no Content-Length: sent chunked, 30 MB if the server kept reading
        for _ in range(600):
            yield b"x" * 50_000

    response = client.post("/api/v1/ask", content=pieces(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("GET", "/api/v1/no-such-thing", 404, "not_found"),
    ("DELETE", "/api/v1/ask", 405, "method_not_allowed"),
])
def test_routing_errors_keep_the_error_shape(client: TestClient, method: str, path: str, status: int,
                                             code: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status and response.json() == {"error": {"code": code, "message": ANY}}


def test_a_100_kb_question_is_answered(client: TestClient) -> None:
    response = client.post("/api/v1/ask", json={"question": "what is leukemia? " * 5_600})
    assert response.status_code == 200
    assert response.json()["answer"]


def test_the_openapi_document_describes_the_contract(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/search"} <= set(document["paths"])
    assert set(document["components"]["schemas"]["AskReply"]["properties"]) == {
        "question", "answer", "citations", "topic", "safety", "handoff", "abstained"}


@pytest.mark.parametrize("path", ["/", "/api/v1/search?q=leukemia", "/static/chat.js", "/api/v1/no-such-thing",
                                  "/library/%00"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_a_crash_answers_in_the_error_shape_without_its_details(data_dir: Path) -> None:
    from helpline.config import Settings
    from helpline.services import Services
    from helpline.web.app import create_app

    app = create_app(Services(Settings(data_dir=data_dir)), warm_up=False)

    def broken() -> None:
        raise RuntimeError("secret internals: /etc/passwd")

    app.add_api_route("/api/v1/broken", broken)
    response = TestClient(app, raise_server_exceptions=False).get("/api/v1/broken")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error" and "secret" not in response.text
