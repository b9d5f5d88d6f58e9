"""The console in another language: the message catalogue (``.ts`` → ``.qm``) and the language setting."""
