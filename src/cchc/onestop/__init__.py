"""One-stop statistics: dossier records imported from one-stop systems, and their rates."""
