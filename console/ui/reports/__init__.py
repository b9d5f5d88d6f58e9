"""Reports painted with Qt: the daily summary and incident reports as PDFs (``QPdfWriter``), and the charts.

The data they print is Qt-free (:mod:`console.reports`, :mod:`console.domain.summary`).
"""
