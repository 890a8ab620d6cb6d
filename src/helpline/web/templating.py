"""The site's Jinja2 templates: HTML-escaped, and every page that shows a form carries its CSRF cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.templating import Jinja2Templates, _TemplateResponse

from helpline.web import csrf


class PageTemplates(Jinja2Templates):
    """Jinja2Templates whose pages may call ``{{ csrf_token() }}``; the response then sets the token's cookie."""

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> _TemplateResponse:
        response = super().TemplateResponse(*args, **kwargs)
        csrf.set_cookie(response.context["request"], response)
        return response


@pass_context
def _csrf_token(context: Context) -> str:
    return csrf.token_for(context["request"])


TEMPLATES = PageTemplates(directory=str(Path(__file__).resolve().parent / "templates"))
TEMPLATES.env.globals["csrf_token"] = _csrf_token
