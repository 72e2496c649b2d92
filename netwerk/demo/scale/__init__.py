"""The scale data (`flask demo scale`): a believable Flanders-sized dataset, generated in Python
and written in bulk.

Factor 1 is "Flanders": 3,600 schools, 20 programmes, 800 networks, six school years, 30,000
registrations with about 75,000 status changes, 30,000 meetings, about 300,000 attendance rows,
3,000 staff assignments and 250,000 hour entries. Every other factor scales those numbers (the
smallest tables keep a floor, so that a tiny factor still gives a coherent dataset).

The rows go in in chunks, with COPY on PostgreSQL and SQLAlchemy Core executemany on SQLite; ids
are chosen here (above the current maximum), so no statement needs RETURNING, and PostgreSQL
sequences are moved past them afterwards.
The six school years are the current one and the five before it, so that the data always has a
past (held meetings, decided registrations) and a little future (planned meetings).

context   the target counts, the school years, the first ids, the random source, drawing helpers
registry  schools, users, programmes
networks  networks, anchors, coaches, calls, registrations and their history
meetings  meetings and attendance
effort    staff, assignments, planned FTE, hours per FTE, hour entries
bulk      the writer: chunks, COPY on PostgreSQL
load      load_scale: the parts in the order they are written, in one transaction
"""
