# netwerk: two commands, `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi:app

.PHONY: run test test-sqlite test-postgres lint format translations bench install clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change, so a second run is fast.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Compiled catalogues are build products, not sources.
netwerk/translations/en/LC_MESSAGES/messages.mo: netwerk/translations/en/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy --statistics -d netwerk/translations

install: $(STAMP) netwerk/translations/en/LC_MESSAGES/messages.mo

run: install
	@mkdir -p instance
	FLASK_DEBUG=1 $(BIN)/flask db upgrade
	FLASK_DEBUG=1 $(BIN)/flask demo load
	@echo ""
	@echo "  netwerk draait op http://127.0.0.1:5000  (stoppen met Ctrl+C)"
	@echo ""
	FLASK_DEBUG=1 $(BIN)/flask run --host 127.0.0.1 --port 5000

# Two workers (the machine has two cores); a module's tests stay on one worker, so module-scoped
# fixtures are built once. Each worker has its own database.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile

test: install
	$(BIN)/ruff check .
	$(PYTEST)
	@if [ -n "$$NETWERK_TEST_POSTGRES_URL" ]; then \
		echo "== De testsuite opnieuw op PostgreSQL (zonder browser- en afdruktests: die liepen al op SQLite) =="; \
		NETWERK_TEST_BACKEND=postgres $(PYTEST) -m "not browser and not paper"; \
	else \
		echo "NETWERK_TEST_POSTGRES_URL is niet gezet: de PostgreSQL-run is overgeslagen."; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract the Dutch source strings and merge them into the English catalogue.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --ignore-dirs ".* ._" -o /tmp/netwerk-messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i /tmp/netwerk-messages.pot -d netwerk/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile --use-fuzzy -d netwerk/translations

# Not part of `make test`: loads Flanders-sized data into PostgreSQL (database netwerk_bench,
# admin URL in NETWERK_BENCH_POSTGRES_URL) and writes docs/benchmarks.md.
bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance/netwerk.db
