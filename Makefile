# A thin wrapper for the two set-up commands: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, as root or via sudo),
# then configure meson and build. Everything else lives in meson.build.

BUILD ?= build
SANITIZE_BUILD ?= build-sanitize
EXAMPLE ?= examples/three-authorities/assessment.ini
PACKAGES = gcc meson ninja-build pkg-config python3 liblua5.4-dev libinih-dev libcmocka-dev libsqlite3-dev libpq-dev libxlsxwriter-dev libzip-dev libexpat1-dev libxxhash-dev cmark-gfm

SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test bench bench-xlsx clean fuzz

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Plugins writable by group or others are refused at load time, so a build
# under a permissive umask must not produce them.
define configure_and_build
	@[ -f $(1)/build.ninja ] || meson setup $(1) $(2)
	@meson compile -C $(1)
	@find $(1) -name '*.so' -exec chmod go-w {} +
endef

build: deps
	$(call configure_and_build,$(BUILD),)

run: build
	@$(BUILD)/engine/sustain run $(EXAMPLE)

# The whole suite, in a normal build and under AddressSanitizer and
# UndefinedBehaviorSanitizer; the last line counts every test case.
test: build
	$(call configure_and_build,$(SANITIZE_BUILD),-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Doptimization=0)
	@python3 tests/summary.py $(BUILD) $(SANITIZE_BUILD)

# The national benchmark (tests/bench/national.sh): 155 authorities at scales
# 0.25, 1, 4 and 8 (data generated under $(BUILD)/national/, about 500 MB at
# scale 8), median of RUNS (7) runs; then at every scale side by side with a
# DuckDB script on node and a pandas script computing the OC3 indicators, their
# figures checked against the plan; last, the speed targets, met or not. Needs
# Debian's python3-pandas, and node and npm (Debian's nodejs and npm when there
# are none); DuckDB itself comes from the npm registry, pinned by
# tests/bench/package-lock.json, into $(BUILD)/bench-node/ when absent (the
# comparison is skipped, saying why, when npm cannot reach the registry).
bench: build
	@$(MAKE) --no-print-directory deps PACKAGES=python3-pandas
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  $(MAKE) --no-print-directory deps PACKAGES="nodejs npm" || \
	  echo "nodejs and npm could not be installed: the DuckDB comparison will be skipped"
	@sh tests/bench/national.sh $(BUILD)

# Loading the national sources from one Excel workbook (the xlsx plugin) against their
# CSV files (tests/bench/xlsx.sh); the workbook is written by Debian's python3-openpyxl.
bench-xlsx: build
	@$(MAKE) --no-print-directory deps PACKAGES=python3-openpyxl
	@sh tests/bench/xlsx.sh $(BUILD)

# libFuzzer targets (tests/fuzz/): the CSV parser, the INI loader, rule
# evaluation, the plan writers, the SSDA903 XML reader and the xlsx plugin's reading, built
# with clang and sanitizers into $(FUZZ_BUILD), each run for
# FUZZ_SECONDS. Inputs that crash or hang are saved as $(FUZZ_BUILD)/crash-*.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory deps PACKAGES=clang
	@tests/fuzz/build.sh $(FUZZ_BUILD)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BUILD)

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD)
