#!/usr/bin/python3
"""Reads an iCalendar file with Python's icalendar (Debian's python3-icalendar), as calendar
software would, and prints its METHOD and its one event's properties as JSON."""
import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = [c for c in calendar.walk() if c.name == "VEVENT"]
if len(events) != 1:
    sys.exit("expected one event, found %d" % len(events))
event = events[0]
attendees = event.get("ATTENDEE", [])
if not isinstance(attendees, list):
    attendees = [attendees]
print(json.dumps({
    "METHOD": str(calendar.get("METHOD", "")),
    "UID": str(event["UID"]),
    "SEQUENCE": str(event.get("SEQUENCE", "")),
    "STATUS": str(event.get("STATUS", "")),
    "SUMMARY": str(event["SUMMARY"]),
    "DTSTART": event.decoded("DTSTART").strftime("%Y%m%dT%H%M%SZ"),
    "ATTENDEES": str(len(attendees)),
}))
