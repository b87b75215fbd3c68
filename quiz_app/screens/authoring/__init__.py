"""The question editor page (teachers) and its forms and pack tools."""
