"""Pure domain model: places, workers, incidents, events and the one reducer.

Nothing in this package imports Qt, SQLAlchemy or websockets.
"""
