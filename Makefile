# Two commands for a fresh machine:
#   make demo   set up and open the console with a relay, SQLite and a simulated district
#   make test   set up and run the whole test suite (SQLite and a throwaway PostgreSQL)
#   make i18n             compile the translations (.ts -> .qm; setup does it too)
#   make i18n-update      re-extract the console's texts into the .ts (then translate the unfinished ones)
#   make installer        build the station package dist/jingwang_<version>_<arch>.deb (installer/)
#   make installer-smoke  build it, unpack it into a clean root and run the frozen program there
.PHONY: demo test lint bench setup setup-test installer installer-smoke clean i18n i18n-update

demo: setup
	.venv/bin/jingwang demo

test: setup-test
	.venv/bin/ruff check console tests bench installer
	.venv/bin/lint-imports
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider

bench: setup-test
	.venv/bin/python -m bench.relay_throughput
	.venv/bin/python -m bench.e2e_latency
	.venv/bin/python -m bench.overload
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.queue
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.map_render
	.venv/bin/python -m bench.geofence
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.calls
	.venv/bin/python -m bench.signalling
	.venv/bin/python -m bench.web_call
	.venv/bin/python -m bench.summary
	.venv/bin/python -m bench.replay --workers 2000 --hours 2
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.replay_playback
	.venv/bin/python -m bench.poison
	.venv/bin/python -m bench.risk
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.heat
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.dispatch_desk

lint: setup-test
	.venv/bin/ruff check console tests bench installer
	.venv/bin/lint-imports

i18n: setup
	.venv/bin/python -m console.ui.i18n.catalogue release

i18n-update: setup
	.venv/bin/python -m console.ui.i18n.catalogue update

installer:
	installer/build.sh

installer-smoke: installer
	installer/smoke.sh

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .ruff_cache .import_linter_cache .grimp_cache
