"""Import a station's own tables (Excel .xlsx or CSV): the roster, standard addresses, 三实 records, accounts.

Reading and checking only (no database, no relay): :func:`check.check_file` names every problem by file,
sheet, row and column; :mod:`.template` writes an empty table with one example row; :mod:`.badfile`
writes the rows that were refused, with their reasons; :mod:`.accounts` reads and checks the accounts
table. ``console.services.data_import`` and ``console.services.account_import`` write the good rows,
through the relay or into the database.
"""
