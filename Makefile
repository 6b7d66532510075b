# The two commands of the README: `make demo` runs the main job, `make test` runs every test.
# Each installs what is missing for itself first (scripts/setup.sh demo|test), then builds:
# the demo only the build libraries and its run-time data; the tests also their tools and peers.
SWIFT ?= swift
OUT ?= out
# Tests run optimised: exact coverage at 0.01° and 1 km is a release-speed workload.
TESTFLAGS ?= -c release -Xswiftc -enable-testing

.PHONY: setup setup-demo setup-test build release demo test bench clean

setup: setup-test

setup-demo:
	@scripts/setup.sh demo

setup-test:
	@scripts/setup.sh test

build: setup-demo
	$(SWIFT) build

release: setup-demo
	$(SWIFT) build -c release

# Main job: the map of the default bundle (EDGAR v7.0 2021 by sector, GPW population, WRI power
# plants, DCW-GMT boundaries, 0.1° grid; consumption from OWID; natural sources and sinks from
# ../shared/data when it is there) into $(OUT)/build, then exact coverage
# samples of the boundaries as COG, CF NetCDF, PNG and a summary table.
demo: release
	@mkdir -p $(OUT)
	.build/release/holomap --version
	.build/release/holomap build --out $(OUT)/build --overwrite
	.build/release/holomap coverage --grid global-0.1 --country CHN,USA,JPN,ZAF,LSO,ITA,VAT,SMR,FJI,RUS \
	    --out $(OUT)/coverage.tif --overwrite
	.build/release/holomap coverage --grid global-0.1 --country CHN,USA,JPN,ZAF,LSO,ITA,VAT,SMR,FJI,RUS \
	    --out $(OUT)/coverage.nc --overwrite
	.build/release/holomap coverage --grid china-albers-1km --country CHN --out $(OUT)/china-albers-1km.tif --overwrite
	.build/release/holomap coverage --grid global-0.1 --country ZAF --out $(OUT)/zaf.png --overwrite
	.build/release/holomap coverage --grid global-0.1 --country all --summary $(OUT)/coverage-summary.csv --overwrite
	@echo "demo: outputs in $(OUT)/build (production.tif, consumption.tif, natural.tif, country.tif with country.tif.aux.xml and country.csv, holomap.nc, tiles/, manifest.json) and $(OUT)/ (coverage.tif, coverage.nc, china-albers-1km.tif, zaf.png, coverage-summary.csv)"

# One build of everything, the holomap executable the tests run and the test bundle, then the
# tests on that build (--skip-build with the same flags): each module compiles once.
test: setup-test
	$(SWIFT) build --build-tests $(TESTFLAGS)
	HOLOMAP_PYTHON=$(CURDIR)/.venv/bin/python $(SWIFT) test --skip-build $(TESTFLAGS)

# The benchmarks compare with exactextract from .venv.
bench: setup-test release
	scripts/bench_coverage.sh

clean:
	rm -rf .build $(OUT)
