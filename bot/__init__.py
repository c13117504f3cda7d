"""Diplomacy Desk: reads diplomacy news articles and answers questions about people, meetings and events."""

__version__ = "0.1.0"
