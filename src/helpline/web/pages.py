"""The visitor's library site: home, search, browse and article pages, rendered on the server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from helpline.errors import NotFound
from helpline.library.catalogue import article_with_links, browse
from helpline.web.api import ServicesDep
from helpline.web.templating import TEMPLATES

router = APIRouter(default_response_class=HTMLResponse)


def text_blocks(text: str) -> list[tuple[str, list[str]]]:
    """A section's text as paragraphs and lists: ("p", [line]) or ("ul", [item, …])."""
    blocks: list[tuple[str, list[str]]] = []
    for paragraph in (part.strip() for part in text.split("\n\n")):
        for line in (line.strip() for line in paragraph.split("\n")):
            if not line:
                continue
            if line.startswith("- "):
                if blocks and blocks[-1][0] == "ul":
                    blocks[-1][1].append(line[2:])
                else:
                    blocks.append(("ul", [line[2:]]))
            else:
                blocks.append(("p", [line]))
    return blocks


TEMPLATES.env.filters["blocks"] = text_blocks


@router.get("/", summary="Home page")
def home(request: Request, helpline: ServicesDep) -> HTMLResponse:
    with helpline.sessions() as session:
        groups = browse(session)
    return TEMPLATES.TemplateResponse(request, "home.html", {"groups": groups, "contacts": helpline.contacts})


@router.get("/search", summary="Search page")
def search_page(request: Request, helpline: ServicesDep,
                q: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    results = helpline.search.search(q, 20) if q.strip() else []
    return TEMPLATES.TemplateResponse(request, "search.html", {"q": q, "results": results,
                                                               "contacts": helpline.contacts})


@router.get("/library", summary="Browse the library by cancer type and topic")
def library(request: Request, helpline: ServicesDep) -> HTMLResponse:
    with helpline.sessions() as session:
        groups = browse(session, include_medquad=True)
    return TEMPLATES.TemplateResponse(request, "browse.html", {"groups": groups, "contacts": helpline.contacts})


@router.get("/library/{article_id}", summary="An article, with a deep link to each section")
def article_page(request: Request, helpline: ServicesDep, article_id: str) -> HTMLResponse:
    with helpline.sessions() as session:
        found = article_with_links(session, article_id)
        if found is None:
            raise NotFound(f"no article {article_id!r} in the library")
        article, links = found
        return TEMPLATES.TemplateResponse(request, "article.html", {
            "article": article, "links": links, "contacts": helpline.contacts})
