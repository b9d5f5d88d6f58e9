"""Printable and spreadsheet exports of the station chief's daily summary (PDF, XLSX).

Both exports lay out the same tables (:mod:`console.reports.summary_tables`), so the console's
export buttons and the ``jingwang summary`` command write identical files.
"""
