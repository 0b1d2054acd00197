# paingen — build, run and test. `make run` and `make test` are all a
# newcomer needs; see README.md.

CC      ?= cc
# The VERSION file's, with the commit when this is not a tagged release
# (scripts/version.sh); `make VERSION=...` overrides it (the image's build
# context has no .git: make image passes it in).
VERSION := $(shell scripts/version.sh)
ifeq ($(VERSION),)
$(error no version: see scripts/version.sh)
endif
PKGS    := libmicrohttpd jansson libpq libcrypto libcurl libsodium

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wundef -fno-common -Werror
CFLAGS  ?= -O2 -g
# override: the project's flags stay even with `make CFLAGS=...`
override CFLAGS += -std=c17 $(WARN) -D_GNU_SOURCE -Iinclude -DPAINGEN_VERSION='"$(VERSION)"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override LDLIBS += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC     := $(shell find service -name '*.c' | sort)
LIB_SRC := $(filter-out service/main.c,$(SRC))
UNIT    := $(sort $(wildcard tests/unit/*.c))
HDRS    := $(shell find include -name '*.h')

BENCH   := bench/score_bench.c bench/static_floor.c
FUZZ    := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_SECONDS ?= 60
CORE    := $(sort $(wildcard service/scoring/*.c)) service/core/parse.c service/core/numfmt.c

.PHONY: all build web run test test-faults test-scale test-browser test-image image deps unit bench fuzz check-layering check-banned lint-bats format format-check clean
all: build
build: bin/paingen

# Rewritten only when the version changes, so that a binary is rebuilt
# when its version would differ (a commit, a change) and only then.
STAMP   := build/version
$(shell mkdir -p build && { [ "$$(cat $(STAMP) 2>/dev/null)" = '$(VERSION)' ] || echo '$(VERSION)' >$(STAMP); })
$(STAMP):
	@mkdir -p $(@D)
	@echo '$(VERSION)' >$@

bin/paingen: $(SRC) $(HDRS) Makefile $(STAMP)
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $(SRC) $(LDLIBS)

# The binary the tests run: same sources, under the sanitizers.
build/asan/paingen: $(SRC) $(HDRS) Makefile $(STAMP)
	@mkdir -p build/asan
	$(CC) $(CFLAGS) -O1 $(SAN) -o $@ $(SRC) $(LDLIBS)

build/asan/unit-tests: $(UNIT) $(LIB_SRC) $(HDRS) $(wildcard tests/unit/*.h) Makefile
	@mkdir -p build/asan
	$(CC) $(CFLAGS) -O1 $(SAN) -Itests/unit -o $@ $(UNIT) $(LIB_SRC) $(LDLIBS)

# The scoring core alone, optimised: the time per case (not a test).
build/bench/score-bench: bench/score_bench.c $(CORE) $(HDRS) Makefile
	@mkdir -p build/bench
	$(CC) $(CFLAGS) -O2 -o $@ bench/score_bench.c $(CORE) -lm

build/bench/static-floor: bench/static_floor.c Makefile
	@mkdir -p build/bench
	$(CC) $(CFLAGS) -O2 -o $@ $< $(LDLIBS)

# The benchmark harness: the live service under wrk against its floors
# (pgbench running the bare work, bench/floor/, and the service's own
# transactions; a static libmicrohttpd answer) and the scoring core
# alone; prints a table (not a test).
bench:
	@scripts/bootstrap.sh bench
	@$(MAKE) -s --no-print-directory bin/paingen build/bench/score-bench build/bench/static-floor
	@bench/run.sh

# libFuzzer targets (clang): the handlers' decoders and validators, the
# router and the cursors. make fuzz runs each for FUZZ_SECONDS from the
# committed seeds, keeping what it finds outside the tree.
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(HDRS) Makefile
	@mkdir -p build/fuzz
	clang $(CFLAGS) -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz:
	@scripts/bootstrap.sh test
	@$(MAKE) -s --no-print-directory $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ))
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ))

deps:
	@scripts/bootstrap.sh test

# The clinic app with content-hashed file names, as make run serves it.
web:
	@scripts/web-build.sh build/web

run:
	@scripts/bootstrap.sh run
	@$(MAKE) -s --no-print-directory build
	@scripts/run.sh

test:
	@scripts/bootstrap.sh test
	@scripts/test.sh

# The fault tests alone (make test runs them too).
test-faults:
	@scripts/bootstrap.sh test
	@scripts/test.sh faults

# The integration suite behind PgBouncer (transaction pooling) and two
# instances on one PostgreSQL alone (make test runs it too).
test-scale:
	@scripts/bootstrap.sh test
	@scripts/test.sh scale

# The container image of docker/Dockerfile, built with podman from
# Debian's packages alone (no container registry needed; as root), tagged
# with the version; test-image serves from it (tests/image/). See
# scripts/image.sh.
image:
	@scripts/bootstrap.sh image
	@scripts/image.sh build

test-image:
	@scripts/bootstrap.sh image
	@scripts/image.sh test

# The clinic app's browser tests alone (make test runs them too).
test-browser:
	@scripts/bootstrap.sh test
	@scripts/test.sh browser

unit: build/asan/unit-tests
	build/asan/unit-tests

# scoring/ is the pure core: no HTTP, database or JSON library.
check-layering:
	@! grep -rnE '#include *[<"](microhttpd|libpq-fe|jansson)\.h' service/scoring include/paingen/scoring \
	  || { echo "scoring/ must not include an I/O library header" >&2; exit 1; }
	@! grep -rlE '#include *[<"]libpq-fe\.h' service include | grep -vE '^(service|include/paingen)/store/' \
	  || { echo "libpq-fe.h belongs to store/ only" >&2; exit 1; }
	@! grep -rlE '#include *[<"]microhttpd\.h' service include | grep -vE '^(service|include/paingen)/http/' \
	  || { echo "microhttpd.h belongs to http/ only" >&2; exit 1; }
	@! grep -rlE '#include *[<"]curl/' service include | grep -vE '^service/http/client\.c$$' \
	  || { echo "libcurl belongs to http/client.c only" >&2; exit 1; }
	@! grep -rlE '#include *[<"]openssl/' service include | grep -vE '^service/core/(crypto|jose)\.c$$' \
	  || { echo "libcrypto belongs to core/crypto.c and core/jose.c only" >&2; exit 1; }
	@! grep -rlE '#include *[<"]sodium' service include | grep -vE '^service/core/password\.c$$' \
	  || { echo "libsodium belongs to core/password.c only" >&2; exit 1; }

check-banned:
	@! grep -rnE '\b(atoi|sprintf|strcpy|strcat|strtok|gets)[[:space:]]*\(' service include tests/unit tests/fuzz bench \
	  || { echo "banned function used (see STYLE: atoi sprintf strcpy strcat strtok gets)" >&2; exit 1; }

# bats checks that cannot fail: `a && b` as a statement, or a `!` before
# a test's last command (set -e ignores both); see scripts/lint-bats.sh.
lint-bats:
	@scripts/lint-bats.sh

format:
	clang-format -i $(SRC) $(HDRS) $(UNIT) $(BENCH) $(FUZZ)

format-check:
	@clang-format --dry-run -Werror $(SRC) $(HDRS) $(UNIT) $(BENCH) $(FUZZ)

clean:
	rm -rf bin build
