"""Reporting: the terminal tables and (later) the HTML report, sharing one column spec. No SimPy here."""
