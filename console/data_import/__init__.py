"""Import a station's own tables (Excel .xlsx or CSV): the roster, standard addresses and 三实 records.

Reading and checking only (no database, no relay): :func:`check.check_file` names every problem by file,
sheet, row and column; :mod:`.template` writes an empty table with one example row; :mod:`.badfile`
writes the rows that were refused, with their reasons. ``console.services.data_import`` writes the
good rows, through the relay or into the database.
"""
