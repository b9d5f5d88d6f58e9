"""The station chief's daily summary (日报 / 考核): KPI cards, charts, tables, drill-down and export."""
