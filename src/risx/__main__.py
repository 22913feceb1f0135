"""``python -m risx`` runs the command line."""

from risx.cli import main

main()
