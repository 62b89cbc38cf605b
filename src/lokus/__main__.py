"""``python -m lokus …``: the same as the ``lokus`` command."""

from lokus.cli.main import entry

if __name__ == "__main__":
    entry()
