"""Command-line tools of itsvc: set-up, demo centre, batch jobs."""
