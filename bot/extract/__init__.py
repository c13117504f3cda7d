"""Extraction: turning an article's text into people, roles, meetings and dated events."""

from bot.extract.engine import extract
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord

__all__ = ["EventRecord", "Extraction", "MeetingRecord", "PersonRecord", "RoleRecord", "extract"]
