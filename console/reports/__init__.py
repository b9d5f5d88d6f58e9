"""Report contents without Qt: the daily summary's tables and XLSX workbook, an incident report's data and HTML.

The PDFs are painted by :mod:`console.ui.reports`; the console's export buttons and the ``jingwang summary``
command lay out the same tables (:mod:`console.reports.summary_tables`), so they write identical files.
"""
