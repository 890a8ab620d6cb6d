"""A running service follows an import made beside it (another process, or the CLI) without a restart."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from conftest import STARTER, make_services
from helpline.ingest.action import import_paths
from helpline.web.app import create_app

NEW_PAGE = """---
title: Zorblatinib, a made-up test drug
url: https://helpline.example.org/library/zorblatinib
topic: Tests > Reload
last_revised: 2026-11-01
---
## How zorblatinib is taken
Zorblatinib is a pill taken with breakfast.
"""


def test_an_import_while_serving_is_searchable_without_a_restart(tmp_path: Path) -> None:
    services = make_services(tmp_path / "data", dense_enabled=False, library_check_seconds=0.2)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    with TestClient(create_app(services)) as client:
        assert client.get("/api/v1/search", params={"q": "zorblatinib"}).json()["results"] == []
        page = tmp_path / "zorblatinib.md"
        page.write_text(NEW_PAGE)
        importer = make_services(tmp_path / "data", dense_enabled=False)  # as a second process would
        assert not import_paths(importer.sessions, importer.encoder, [page]).failures
        deadline = time.monotonic() + 30
        while True:
            results = client.get("/api/v1/search", params={"q": "zorblatinib"}).json()["results"]
            if results or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert results and results[0]["section"] == "How zorblatinib is taken"
    importer.engine.dispose()
    services.engine.dispose()
