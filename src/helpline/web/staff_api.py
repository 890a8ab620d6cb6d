"""The specialists' console API under ``/api/v1/staff``: queue, conversations, assist, desk and reports.

Every endpoint needs a staff session (and, for changes, the CSRF header); what each role may do is checked by
the operations themselves against ``helpline.accounts.permissions``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from helpline.chat.service import MAX_MESSAGE_CHARS
from helpline.console.views import (
    CannedView,
    FollowUpView,
    Gap,
    Queue,
    ReportSummary,
    ResourceView,
    SuggestionView,
    Transcript,
)
from helpline.web.api import ServicesDep
from helpline.web.staff_deps import StaffDep

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])
MAX_ROW_ID = 2**31 - 1  # the databases' integer ids: a larger number names nothing
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A row's id.")]
ConversationId = Annotated[str, Field(max_length=32)]


class ReplyIn(BaseModel):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str = Field(max_length=MAX_MESSAGE_CHARS)
    citations: list[str] = Field(default_factory=list, max_length=5,
                                 description="Section keys '<article_id>#<anchor>' of inserted passages.")


class NoteIn(BaseModel):
    text: str = Field(max_length=MAX_MESSAGE_CHARS)


class TransferIn(BaseModel):
    to: str = Field(max_length=80, description="The username of the specialist taking over.")


class CloseIn(BaseModel):
    topics: list[str] = Field(max_length=6)
    summary: str = Field(max_length=2000)


class ReferralIn(BaseModel):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    resource_id: int = Field(ge=1, le=MAX_ROW_ID)


class CannedIn(BaseModel):
    title: str = Field(max_length=200)
    text: str = Field(max_length=MAX_MESSAGE_CHARS)


class FollowUpCloseIn(BaseModel):
    outcome: str = Field(max_length=2000)


class PhoneContactIn(BaseModel):
    topics: list[str] = Field(max_length=6)
    summary: str = Field(max_length=2000)
    resource_ids: list[Annotated[int, Field(ge=1, le=MAX_ROW_ID)]] = Field(
        default_factory=list, max_length=10, description="Referrals given on the call.")


class Done(BaseModel):
    ok: bool = True
    id: int | None = None
    events: list[dict[str, Any]] = Field(default_factory=list)


def _done(events: list[Any], item: int | None = None) -> dict[str, Any]:
    return {"ok": True, "id": item, "events": [event.as_json() for event in events]}


# The queue and conversations -----------------------------------------------------------------------------------

@router.get("/queue", response_model=Queue,
            summary="Waiting conversations, most urgent first, and the ones being worked")
async def queue(staff: StaffDep, helpline: ServicesDep) -> Queue:
    return await run_in_threadpool(helpline.work.queue, staff)


@router.get("/conversations/{conversation_id}", response_model=Transcript,
            summary="A transcript with the first responder's reasons and notes")
async def transcript(conversation_id: str, staff: StaffDep, helpline: ServicesDep) -> Transcript:
    return await run_in_threadpool(helpline.work.transcript, staff, conversation_id)


@router.post("/conversations/{conversation_id}/claim", response_model=Done, summary="Take a waiting conversation")
async def claim(conversation_id: str, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    events = await run_in_threadpool(helpline.work.claim, staff, conversation_id)
    return _done(events)


@router.post("/conversations/{conversation_id}/messages", response_model=Done, summary="Reply to the visitor")
async def reply(conversation_id: str, body: ReplyIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    message_id, events = await run_in_threadpool(helpline.work.reply, staff, conversation_id, body.client_id,
                                                 body.text, body.citations)
    return _done(events, message_id)


@router.post("/conversations/{conversation_id}/referrals", response_model=Done,
             summary="Give the visitor a resource from the directory (a message, and a counted referral)")
async def refer(conversation_id: str, body: ReferralIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    message_id, events = await run_in_threadpool(helpline.work.refer, staff, conversation_id, body.client_id,
                                                 body.resource_id)
    return _done(events, message_id)


@router.post("/conversations/{conversation_id}/notes", response_model=Done, summary="A private note")
async def note(conversation_id: str, body: NoteIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    return _done([], await run_in_threadpool(helpline.work.note, staff, conversation_id, body.text))


@router.post("/conversations/{conversation_id}/transfer", response_model=Done, summary="Hand over to a colleague")
async def transfer(conversation_id: str, body: TransferIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    events = await run_in_threadpool(helpline.work.transfer, staff, conversation_id, body.to)
    return _done(events)


@router.post("/conversations/{conversation_id}/close", response_model=Done, summary="Close with topic codes")
async def close(conversation_id: str, body: CloseIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    events = await run_in_threadpool(helpline.work.close, staff, conversation_id, body.topics, body.summary)
    return _done(events)


@router.post("/conversations/{conversation_id}/typing", response_model=Done, summary="Show the visitor a typing sign")
async def typing(conversation_id: str, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    await run_in_threadpool(helpline.work.typing, staff, conversation_id)
    return _done([])


@router.get("/conversations/{conversation_id}/suggestions", response_model=list[SuggestionView],
            summary="Agent assist: library passages for the visitor's last question (or q), with citations")
async def suggestions(conversation_id: str, staff: StaffDep, helpline: ServicesDep,
                      q: Annotated[str | None, Query(max_length=MAX_MESSAGE_CHARS)] = None) -> list[SuggestionView]:
    return await run_in_threadpool(helpline.work.suggestions, staff, conversation_id, q)


# The desk ------------------------------------------------------------------------------------------------------

@router.get("/canned", response_model=list[CannedView], summary="Canned responses")
async def canned(staff: StaffDep, helpline: ServicesDep) -> list[CannedView]:
    return await run_in_threadpool(helpline.desk.canned, staff)


@router.post("/canned", response_model=Done, summary="Add a canned response (supervisors)")
async def add_canned(body: CannedIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    return _done([], await run_in_threadpool(helpline.desk.save_canned, staff, body.title, body.text))


@router.put("/canned/{canned_id}", response_model=Done, summary="Change a canned response (supervisors)")
async def change_canned(canned_id: RowId, body: CannedIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    return _done([], await run_in_threadpool(helpline.desk.save_canned, staff, body.title, body.text, canned_id))


@router.delete("/canned/{canned_id}", response_model=Done, summary="Retire a canned response (supervisors)")
async def retire_canned(canned_id: RowId, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    await run_in_threadpool(helpline.desk.retire_canned, staff, canned_id)
    return _done([], canned_id)


@router.get("/directory", response_model=list[ResourceView],
            summary="Search the resource directory by need, place and words")
async def directory(staff: StaffDep, helpline: ServicesDep,
                    need: Annotated[str | None, Query(max_length=100)] = None,
                    place: Annotated[str | None, Query(max_length=100)] = None,
                    q: Annotated[str | None, Query(max_length=500)] = None) -> list[ResourceView]:
    return await run_in_threadpool(helpline.work.directory, staff, need, place, q)


@router.get("/follow-ups", response_model=list[FollowUpView], summary="Messages left outside chat hours")
async def follow_ups(staff: StaffDep, helpline: ServicesDep,
                     status: Annotated[str, Query(pattern="^(open|closed)$")] = "open") -> list[FollowUpView]:
    return await run_in_threadpool(helpline.desk.follow_ups, staff, status)


@router.post("/follow-ups/{follow_up_id}/close", response_model=Done, summary="Close a follow-up with its outcome")
async def close_follow_up(follow_up_id: RowId, body: FollowUpCloseIn, staff: StaffDep,
                          helpline: ServicesDep) -> dict[str, Any]:
    await run_in_threadpool(helpline.desk.close_follow_up, staff, follow_up_id, body.outcome)
    return _done([], follow_up_id)


@router.post("/phone-contacts", response_model=Done, summary="Log a phone contact (counts beside chats)")
async def phone_contact(body: PhoneContactIn, staff: StaffDep, helpline: ServicesDep) -> dict[str, Any]:
    return _done([], await run_in_threadpool(helpline.work.log_call, staff, body.topics, body.summary,
                                             body.resource_ids))


# Reports -------------------------------------------------------------------------------------------------------

@router.get("/reports", response_model=ReportSummary,
            summary="The supervisor's view: online staff, queue, contacts by topic, waits, gaps")
async def reports(staff: StaffDep, helpline: ServicesDep) -> ReportSummary:
    return await run_in_threadpool(helpline.reports.summary, staff)


@router.get("/gaps", response_model=list[Gap],
            summary="Questions the first responder abstained on (the library's content gaps)")
async def gaps(staff: StaffDep, helpline: ServicesDep,
               days: Annotated[int, Query(ge=1, le=365)] = 30) -> list[Gap]:
    return await run_in_threadpool(helpline.reports.content_gaps, staff, days)
