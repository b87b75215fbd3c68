"""Study app for the January 2022 unrest in Kazakhstan: question bank, quiz engine and Streamlit UI."""

__version__ = "0.1.0"
