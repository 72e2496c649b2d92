"""Demo and scale data, for the command line only (`flask demo load`, `flask demo scale`).

cli          the `demo` command group and load_demo, which runs the feature loaders in order
users        the demo logins (DEMO_PASSWORD, DEMO_USERS)
schools, networks, meetings, effort
             a small believable dataset per feature, loaded idempotently
scale/       a Flanders-sized dataset, generated in Python and written in bulk

Nothing in a feature package imports this one: it stands at the top, beside create_app.
"""
