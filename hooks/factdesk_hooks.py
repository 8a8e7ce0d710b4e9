"""MkDocs hooks of a factdesk publication. All the work is in `factdesk.mkdocs_adapter`.

This file must not be named factdesk.py: MkDocs puts this folder on sys.path while loading
it, and the hook would then shadow the `factdesk` package it imports.
"""

from factdesk.mkdocs_adapter import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_post_build,
    on_post_page,
    on_pre_page,
    on_serve,
    on_shutdown,
    on_startup,
)

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_page_content", "on_page_context",
           "on_post_build", "on_post_page", "on_pre_page", "on_serve", "on_shutdown", "on_startup"]
