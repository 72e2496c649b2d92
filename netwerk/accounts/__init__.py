"""Account administration: the users pages, the user forms and `flask users`."""
