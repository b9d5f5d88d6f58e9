"""Assessment (考核): KPI definitions, their facts and presence projections, the engine, grading and config.

See ``docs/KPI.md`` for what each rate counts. Only :mod:`console.kpi.definitions` and
:mod:`console.kpi.engine` touch SQL; facts, presence, grading and config are pure Python.
"""
