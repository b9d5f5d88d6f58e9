"""Orders to grid workers (派单): the issue dialog with its duplicate-verification check, and the orders dock."""
