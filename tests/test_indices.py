"""Indices, listings, related sessions and badges agree with the sessions."""

from __future__ import annotations

import json

import pytest
from site_properties import (
    INDICES,
    check_card_badges_link_to_index_entries,
    check_index_lists_the_sessions_of_each_entry,
    check_project_matrices,
    check_related_sessions,
)

@pytest.fixture(scope="module")
def sessions(real_site) -> list[dict]:
    return json.loads((real_site / "sessions.json").read_text())["sessions"]


@pytest.mark.parametrize("field", INDICES)
def test_each_index_lists_exactly_the_sessions_of_each_entry(real_site, sessions, field):
    check_index_lists_the_sessions_of_each_entry(real_site, sessions, field)


def test_project_matrix_agrees_with_the_entries(real_site):
    check_project_matrices(real_site, json.loads((real_site / "sessions.json").read_text()))


def test_card_badges_link_to_existing_index_entries(real_site, sessions):
    check_card_badges_link_to_index_entries(real_site, sessions)


def test_every_session_page_shows_related_sessions(real_site, sessions):
    check_related_sessions(real_site, sessions)
