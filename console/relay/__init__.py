"""The relay: the one writer of live data (validate, authorize, commit, acknowledge, fan out)."""
