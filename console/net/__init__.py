"""Network client shared by the console and the field simulator."""
