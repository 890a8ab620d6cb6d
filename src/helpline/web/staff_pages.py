"""The staff's HTML pages: the console, the supervisor's view, follow-ups, phone contacts, and a home page for
roles without conversations. Data comes from the staff API; pages only lay it out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from helpline.accounts import permissions
from helpline.accounts.identity import Staff
from helpline.console.views import CannedView, ReportSummary
from helpline.db.staff_tables import TOPIC_CODES
from helpline.web.api import ServicesDep
from helpline.web.staff_deps import staff_page
from helpline.web.templating import TEMPLATES

router = APIRouter(prefix="/staff", default_response_class=HTMLResponse, include_in_schema=False)

TOPIC_LABELS = {"referrals": "Referrals", "donations_website_events": "Donations, website, events",
                "tobacco": "Tobacco", "volunteering": "Volunteering", "cancer_information": "Cancer information",
                "helpline_service": "Helpline service"}


def _page(request: Request, template: str, staff: Staff, **context: Any) -> Response:
    return TEMPLATES.TemplateResponse(request, template, {
        "staff": staff, "can": lambda permission: permissions.allowed(staff.role, permission),
        "topics": [(code, TOPIC_LABELS[code]) for code in TOPIC_CODES], **context})


def _staff_allowed(request: Request, permission: str) -> Staff | Response:
    """The logged-in staff member if their role has ``permission``; else the login redirect or a refusal page."""
    staff = staff_page(request)
    if isinstance(staff, RedirectResponse):
        return staff
    if not permissions.allowed(staff.role, permission):
        return _page(request, "staff_home.html", staff, refused=permission)
    return staff


@router.get("", summary="The console (specialists, supervisors) or the role's home page")
def console(request: Request) -> Response:
    staff = staff_page(request)
    if isinstance(staff, RedirectResponse):
        return staff
    if not permissions.allowed(staff.role, "queue.view"):
        return _page(request, "staff_home.html", staff, refused=None)
    return _page(request, "staff_console.html", staff)


@router.get("/supervisor")
async def supervisor(request: Request, helpline: ServicesDep) -> Response:
    staff = _staff_allowed(request, "reports.view")
    if not isinstance(staff, Staff):
        return staff

    def build() -> tuple[ReportSummary, list[CannedView]]:
        return helpline.reports.summary(staff), helpline.desk.canned(staff)

    report, canned = await run_in_threadpool(build)
    return _page(request, "staff_supervisor.html", staff, report=report, labels=TOPIC_LABELS, canned=canned)


@router.get("/follow-ups")
async def follow_ups(request: Request, helpline: ServicesDep) -> Response:
    staff = _staff_allowed(request, "followups.work")
    if not isinstance(staff, Staff):
        return staff
    items = await run_in_threadpool(helpline.desk.follow_ups, staff, "open")
    return _page(request, "staff_followups.html", staff, items=items)


@router.get("/phone")
def phone(request: Request) -> Response:
    staff = _staff_allowed(request, "phone.log")
    if not isinstance(staff, Staff):
        return staff
    return _page(request, "staff_phone.html", staff)
