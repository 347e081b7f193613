"""Scheduled work: reminders before each statutory deadline, escalations when missed."""
