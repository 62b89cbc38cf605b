"""The command-line shell: parses options, calls the core, renders. No rule lives here."""
