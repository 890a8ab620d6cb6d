"""The JSON API of the contract: ``POST /api/v1/ask`` and ``GET /api/v1/search``, answering as the CLI does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from helpline.answer.engine import MAX_READ_CHARS, Citation
from helpline.errors import InvalidInput
from helpline.services import Services
from helpline.web.ratelimit import check_rate

MAX_HISTORY = 50

router = APIRouter(prefix="/api/v1")


class AskRequest(BaseModel):
    """A visitor's question and, optionally, their earlier messages in the conversation, oldest first."""

    question: str = Field(max_length=MAX_READ_CHARS)
    history: list[Annotated[str, Field(max_length=MAX_READ_CHARS)]] = Field(default_factory=list,
                                                                              max_length=MAX_HISTORY)


class AskReply(BaseModel):
    """Exactly what ``helpline ask --json`` writes."""

    question: str
    answer: str
    citations: list[Citation]  # the engine's own dataclass: one definition of a citation
    topic: str
    safety: str
    handoff: bool
    abstained: bool


class SearchResult(BaseModel):
    article_id: str
    source_id: str | None
    title: str
    section: str | None
    score: float


class SearchReply(BaseModel):
    """Exactly what ``helpline search --json`` writes for one query."""

    query: str
    results: list[SearchResult]


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


@router.post("/ask", response_model=AskReply, summary="The first responder's reply to a question")
def ask(request: Request, body: AskRequest, helpline: ServicesDep) -> dict[str, object]:
    """Triage, then a cited answer from the library or an abstention. An empty question is an abstention, as in
    the CLI's stdin mode."""
    check_rate(request, "ask", message="too many questions from this address; please wait a minute and try again")
    return helpline.answers.ask(body.question, body.history).as_json()


@router.get("/search", response_model=SearchReply, summary="Ranked library sections for a query")
def search(helpline: ServicesDep, q: Annotated[str, Query(max_length=MAX_READ_CHARS)],
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, object]:
    if not q.strip():
        raise InvalidInput("the query is empty")
    return {"query": q, "results": [result.as_json() for result in helpline.search.search(q, limit)]}
