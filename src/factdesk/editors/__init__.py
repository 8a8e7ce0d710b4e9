"""Editors' and newsrooms' tools: `factdesk new`, JSON Schemas, `check --base` and `diff`, `migrate`, `init`."""
