"""Assessment (考核): KPI definitions, the engine over the fact tables, grading and config.

See ``docs/KPI.md`` for what each rate counts. The facts and presence projections the store writes
are pure domain code (:mod:`console.domain.kpi_facts`, :mod:`console.domain.presence`), and the
summary's data types live in :mod:`console.domain.summary`, so this package sits above the store.
"""
