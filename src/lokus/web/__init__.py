"""The web app and REST API (``lokus serve``): each role sees exactly its own part.

FastAPI + Jinja2 + HTMX, every asset vendored under ``static/``; Bahasa Indonesia by default with an
English switch. Accounts (``lokus users``) carry a role and a region scope; :mod:`lokus.web._access`
is the one place that checks them. Personal data shown is audited through :func:`lokus.privacy.audit`.
Nothing in the core imports this package.
"""

from lokus.web import _messages  # noqa: F401 - registers the catalogue
from lokus.web._accounts import (
    Account,
    Role,
    add_account,
    get_account,
    list_accounts,
    parse_role,
    reset_password,
    set_disabled,
)

__all__ = ["Account", "Role", "add_account", "create_app", "get_account", "list_accounts", "parse_role",
           "reset_password", "set_disabled"]


def create_app(*args, **kwargs):  # type: ignore[no-untyped-def]
    """See :func:`lokus.web._app.create_app` (imported lazily: FastAPI only when serving)."""
    from lokus.web._app import create_app as _create

    return _create(*args, **kwargs)
