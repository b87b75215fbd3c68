"""Images the app makes itself (QR codes), made once per server and cached."""

from __future__ import annotations

import io

import qrcode
import streamlit as st


@st.cache_data(max_entries=200, show_spinner=False)
def qr_png(url: str, box_size: int = 14) -> bytes:
    """A QR code of ``url`` as PNG; ``box_size`` pixels per module (large for a projector)."""
    image = qrcode.make(url, box_size=box_size, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
