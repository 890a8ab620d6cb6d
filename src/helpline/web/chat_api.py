"""Live chat over HTTP: REST endpoints (documented in OpenAPI) and the WebSocket at ``/api/v1/chat``.

Both go through the same ChatService, whose actions store every change and then publish it themselves.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from helpline.chat.service import MAX_MESSAGE_CHARS, ChatService
from helpline.web.api import ServicesDep
from helpline.web.ratelimit import check_rate

router = APIRouter(prefix="/api/v1", tags=["chat"])
TokenHeader = Annotated[str, Header(alias="X-Conversation-Token", description="The token given at creation.")]


class StartReply(BaseModel):
    conversation_id: str
    token: str = Field(description="Secret: send it as X-Conversation-Token (or in the WebSocket hello).")
    last_seq: int
    service: dict[str, Any]


class MessageIn(BaseModel):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                           description="Made by the client (a UUID); a resend with the same id is stored once.")
    text: str = Field(max_length=MAX_MESSAGE_CHARS)


class MessageAck(BaseModel):
    message_id: int
    seq: int
    duplicate: bool


class FollowUpIn(BaseModel):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(max_length=200)
    contact: str = Field(max_length=320, description="An e-mail address or a phone number.")
    question: str = Field(max_length=MAX_MESSAGE_CHARS)
    conversation_id: str | None = Field(default=None, max_length=32)


class FollowUpAck(BaseModel):
    follow_up_id: int


class EventsReply(BaseModel):
    reset: bool = Field(description="True: the position is too old or unknown; refetch the conversation.")
    events: list[dict[str, Any]]


def chat_service(helpline: ServicesDep) -> ChatService:
    return helpline.chat


Chat = Annotated[ChatService, Depends(chat_service)]


@router.get("/service", summary="Whether live chat is staffed now, its hours and the 24/7 phone number")
def service_status(chat: Chat) -> dict[str, Any]:
    return chat.service_status()


@router.post("/conversations", status_code=201, response_model=StartReply, summary="Start a chat")
async def start(request: Request, chat: Chat) -> dict[str, Any]:
    check_rate(request, "address")
    conversation_id, token = await run_in_threadpool(chat.start)
    return {"conversation_id": conversation_id, "token": token, "last_seq": 0, "service": chat.service_status()}


@router.get("/conversations/{conversation_id}", summary="The whole conversation (refetch after a reset)")
async def conversation(conversation_id: str, token: TokenHeader, chat: Chat) -> dict[str, Any]:
    return await run_in_threadpool(chat.state, conversation_id, token)


@router.get("/conversations/{conversation_id}/events", response_model=EventsReply,
            summary="Events after a sequence number, for a client catching up without the WebSocket")
async def events(conversation_id: str, token: TokenHeader, chat: Chat,
                 after: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    found = await run_in_threadpool(chat.events_after, conversation_id, token, after)
    return {"reset": found is None, "events": [event.as_json() for event in found or []]}


@router.post("/conversations/{conversation_id}/messages", response_model=MessageAck,
             summary="Send a visitor message; the first responder's reply arrives as an event")
async def post_message(request: Request, conversation_id: str, body: MessageIn, token: TokenHeader, chat: Chat
                       ) -> dict[str, Any]:
    check_rate(request, "chat", conversation_id)
    check_rate(request, "address")
    posted = await run_in_threadpool(chat.post, conversation_id, token, body.client_id, body.text)
    return {"message_id": posted.message_id, "seq": posted.seq, "duplicate": posted.duplicate}


@router.post("/conversations/{conversation_id}/handoff", summary="Ask for a person (queue, or chat hours)")
async def handoff(conversation_id: str, token: TokenHeader, chat: Chat) -> dict[str, Any]:
    found = await run_in_threadpool(chat.request_person, conversation_id, token)
    return {"events": [event.as_json() for event in found],
            "queue": await run_in_threadpool(chat.queue_place, conversation_id, token)}


@router.post("/follow-ups", status_code=201, response_model=FollowUpAck,
             summary="Leave a message for the specialists (outside chat hours)")
async def follow_up(request: Request, body: FollowUpIn, chat: Chat,
                    token: Annotated[str | None, Header(alias="X-Conversation-Token")] = None) -> dict[str, Any]:
    check_rate(request, "forms")
    item, found = await run_in_threadpool(chat.leave_message, body.conversation_id, token, body.client_id,
                                          body.name, body.contact, body.question)
    return {"follow_up_id": item}
