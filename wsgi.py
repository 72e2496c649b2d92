"""Entry point for gunicorn: gunicorn -w 4 wsgi:app."""

import gc

from netwerk import create_app

app = create_app()
# What the app holds now lives as long as the process: out of the collector's sight, a full
# collection scans only what requests made. A report page of thousands of rows spent a fifth of
# its time (120 ms at Flanders scale) in full collections over the whole app.
gc.freeze()
