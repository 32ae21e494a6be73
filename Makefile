# fouille -- one non-recursive Makefile.
#
#   make            build bin/indexer and bin/server
#   make deps       install the Debian packages that are missing (as root):
#                   what building and running need; deps-test adds the
#                   test tools (make check, fuzz, check-valgrind use it)
#   make check      deps, build, every test; then again under ASan+UBSan;
#                   then each fuzz target for CHECK_FUZZ_SECONDS, then
#                   check-valgrind (about a minute)
#   make fuzz       build the libFuzzer targets (clang) and run each for
#                   FUZZ_SECONDS (tests/fuzz/README.md)
#   make soak       the long reliability tests (more kill -9 rounds)
#   make check-valgrind  the server, and readers on an overwritten
#                   revision, under valgrind memcheck
#   make run        deps, build, index archive/ into var/index, serve it
#   make install    bin/fouille-indexer, bin/fouille-server, web files, man
#                   pages, systemd units under DESTDIR+PREFIX (dist/install.mk);
#                   make uninstall removes them
#   make clean
#
# Sources are found by folder: lib/*.c and lib/*.cc make build/libfouille.a,
# indexer/*.c make bin/indexer, server/*.c make bin/server, each
# tests/unit/test-*.c makes a TAP test. SANITIZE=address,undefined builds
# everything under build/san/ instead, so both builds live side by side.

CC  ?= gcc
CXX ?= g++
ifeq ($(origin CC),default)
CC  = gcc
endif
ifeq ($(origin CXX),default)
CXX = g++
endif

SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD := build
BIN   := bin
SANFLAGS :=
else
BUILD := build/san
BIN   := build/san/bin
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

LIB_PKGS    := xapian-core glib-2.0 poppler-glib cairo libxml-2.0 jansson tesseract lept libzip zlib
SERVER_PKGS := libmicrohttpd

# Recursive (=) so that pkg-config runs only when something is compiled,
# after `make deps` has had its chance.
PKG_CFLAGS  = $(shell pkg-config --cflags $(LIB_PKGS) $(SERVER_PKGS))
LIB_LIBS    = $(shell pkg-config --libs $(LIB_PKGS))
SERVER_LIBS = $(shell pkg-config --libs $(SERVER_PKGS))

WARN := -Wall -Wextra -Werror
CWARN := $(WARN) -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings \
         -Wvla -Wold-style-definition -fno-common
OPT ?= -O2 -g
ALL_CFLAGS   = -std=c11 -D_GNU_SOURCE -DFOUILLE_VERSION='"$(VERSION)"' \
               -Ilib $(OPT) $(CWARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 -DFOUILLE_VERSION='"$(VERSION)"' -Ilib $(OPT) \
               $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CXXFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)

LIB_C   := $(wildcard lib/*.c)
LIB_CC  := $(wildcard lib/*.cc)
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CC:%.cc=$(BUILD)/%.o)
LIBA    := $(BUILD)/libfouille.a

INDEXER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/*.c))
SERVER_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/*.c))
UNIT_SRC    := $(wildcard tests/unit/test-*.c)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.t)
TOOLS_SRC   := $(wildcard tools/*.c)
TOOLS_BIN   := $(TOOLS_SRC:tools/%.c=build/tools/%)
# The sample archive's PDFs, built from tools/archive-src/DIR/NAME.pdf.txt.
ARCHIVE_SRC := $(wildcard tools/archive-src/*.pdf.txt tools/archive-src/*/*.pdf.txt)
ARCHIVE_PDF := $(ARCHIVE_SRC:tools/archive-src/%.txt=archive/%)

# The indexer's translations (lib/i18n.h): po/LANG.po -> BUILD/locale.
PO_SRC := $(wildcard po/*.po)
LOCALE_MO := $(PO_SRC:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/fouille.mo)

PROGRAMS := $(BIN)/indexer
ifneq ($(SERVER_OBJ),)
PROGRAMS += $(BIN)/server
endif

.PHONY: all deps deps-test check test test-build unit run clean tools archive fuzz fuzz-build \
        soak check-valgrind locale
all: $(PROGRAMS) archive locale

deps:
	@sh tools/deps.sh

deps-test:
	@sh tools/deps.sh --test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/locale/%/LC_MESSAGES/fouille.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

locale: $(LOCALE_MO)

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/indexer: $(INDEXER_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(BIN)/server: $(SERVER_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS) $(SERVER_LIBS)

# The server's modules but http.c and main.c, for unit tests of its
# self-contained ones (proxy, guard, jobs): only what a test uses is linked.
SERVERA := $(BUILD)/libserver.a
$(SERVERA): $(filter-out $(BUILD)/server/http.o $(BUILD)/server/main.o,$(SERVER_OBJ))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/%.t: $(BUILD)/tests/unit/%.o $(SERVERA) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS) $(SERVER_LIBS) -pthread

# Small tools (the sample archive's PDF and scan maker) link with cairo and
# Leptonica only; they
# are always built in build/tools/, also under SANITIZE.
build/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(OPT) $(CWARN) $(shell pkg-config --cflags cairo lept libzip) -o $@ $< $(shell pkg-config --libs cairo lept libzip) -lm

tools: $(TOOLS_BIN)

archive: $(ARCHIVE_PDF)

archive/%.pdf: tools/archive-src/%.pdf.txt build/tools/mkpdf
	@mkdir -p $(dir $@)
	build/tools/mkpdf $< $@

unit: $(UNIT_BIN)

# The load client of the fault tests (plain sockets and threads).
LOADC := $(BUILD)/tests/loadc
$(LOADC): tests/load/loadc.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -pthread -o $@ $< $(ALL_LDFLAGS) -pthread

# Run every test once with this build: C unit tests and shell tests, TAP
# through prove. Shell tests find the build through FOUILLE_BIN; the tests
# of the search budget and of the load make their archives with
# bench/synth.
PROVE_JOBS ?= 2
test-build: $(PROGRAMS) $(UNIT_BIN) $(LOADC) archive tools locale build/bench/synth
test: test-build
	FOUILLE_BIN=$(CURDIR)/$(BIN) FOUILLE_BUILD=$(CURDIR)/$(BUILD) \
	FOUILLE_SRC=$(CURDIR) LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	prove -j$(PROVE_JOBS) --exec '' $(UNIT_BIN) $(sort $(wildcard tests/T*.sh))

# Each build of `check` runs JOBS compilers at once (one per core: without
# -j the three builds took half of the run on 2 cores); the tests then run
# as `prove -j$(PROVE_JOBS)` and the fuzz targets FUZZ_JOBS at a time.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check: deps-test
	$(MAKE) -j$(JOBS) test-build
	$(MAKE) test
	$(MAKE) -j$(JOBS) test-build SANITIZE=address,undefined
	$(MAKE) test SANITIZE=address,undefined
	$(MAKE) -j$(JOBS) fuzz-build
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) FUZZ_JOBS=$(JOBS)
	$(MAKE) check-valgrind

# ---- Fuzzing (libFuzzer, clang), soak and valgrind --------------------
# Each tests/fuzz/fuzz-*.c is a target linked with the library, the
# server's modules but http.c and main.c, and a test double of the replies
# (tests/fuzz/http-double.c), all compiled by clang under ASan+UBSan.
# New inputs go to build/fuzz/corpus/T, seeded from tests/fuzz/corpus/T;
# a crash leaves build/fuzz/crash-T-* and fails the run.
FUZZ_CC  ?= clang
FUZZ_CXX ?= clang++
FUZZ_SECONDS ?= 60
CHECK_FUZZ_SECONDS ?= 10
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -DFOUILLE_VERSION='"$(VERSION)"' \
                -Ilib -Iserver -O1 -g $(CWARN) -fsanitize=fuzzer-no-link \
                $(FUZZ_SAN) $(PKG_CFLAGS)
FUZZ_CXXFLAGS = -std=c++17 -DFOUILLE_VERSION='"$(VERSION)"' -Ilib -O1 -g \
                $(WARN) -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ := $(LIB_C:%.c=build/fuzz/%.o) $(LIB_CC:%.cc=build/fuzz/%.o) \
            $(patsubst %.c,build/fuzz/%.o,tests/fuzz/http-double.c tests/fuzz/seed-index.c \
              $(filter-out server/http.c server/main.c,$(wildcard server/*.c)))

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libfuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz-%: build/fuzz/tests/fuzz/fuzz-%.o build/fuzz/libfuzz.a
	$(FUZZ_CXX) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LIB_LIBS) $(SERVER_LIBS)

fuzz-build: $(FUZZ_BIN)
.SECONDARY: $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/tests/fuzz/%.o)

# `make fuzz` runs every target for FUZZ_SECONDS, FUZZ_JOBS targets at a
# time (each its own process: one core each).
FUZZ_JOBS ?= 1
FUZZ_RUNS := $(FUZZ_SRC:tests/fuzz/%.c=fuzz-run-%)
.PHONY: $(FUZZ_RUNS)
fuzz: deps-test fuzz-build
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) $(FUZZ_RUNS)

$(FUZZ_RUNS): fuzz-run-%:
	@mkdir -p build/fuzz/corpus/$*
	@echo "fuzz: $* for $(FUZZ_SECONDS) s"
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  build/fuzz/$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crash-$*- \
	    build/fuzz/corpus/$* tests/fuzz/corpus/$* \
	    >build/fuzz/$*.log 2>&1 || { tail -60 build/fuzz/$*.log; exit 1; }
	@grep -E '^stat::number_of_executed_units' build/fuzz/$*.log | sed 's/^/$*: /'

SOAK_KILLS ?= 200
SOAK_LOAD_SECONDS ?= 60
soak: all $(LOADC)
	FOUILLE_BIN=$(CURDIR)/$(BIN) FOUILLE_BUILD=$(CURDIR)/$(BUILD) \
	FOUILLE_SRC=$(CURDIR) FOUILLE_KILLS=$(SOAK_KILLS) \
	FOUILLE_LOAD_SECONDS=$(SOAK_LOAD_SECONDS) prove -v --exec '' tests/T701-kill9.sh tests/T702-load-faults.sh

# A leak inside libxapian reproduced with Xapian alone (no fouille code):
# tests/valgrind/modified.sh checks it is still there.
XAPIAN_LEAK := $(BUILD)/tests/xapian-metadata-leak
$(XAPIAN_LEAK): tests/valgrind/xapian-metadata-leak.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -O1 -g $(WARN) $(shell pkg-config --cflags xapian-core) -o $@ $< \
	    $(shell pkg-config --libs xapian-core)

check-valgrind: deps-test all $(LOADC) $(UNIT_BIN) $(XAPIAN_LEAK)
	FOUILLE_BIN=$(CURDIR)/$(BIN) FOUILLE_BUILD=$(CURDIR)/$(BUILD) \
	FOUILLE_SRC=$(CURDIR) prove -v --exec sh tests/valgrind/server.sh tests/valgrind/modified.sh

include dist/install.mk

INDEX ?= var/index
run: deps all
	$(BIN)/indexer --index $(INDEX) archive
	@if [ -x $(BIN)/server ]; then \
	  echo "fouille: serving http://127.0.0.1:8080 (Ctrl-C stops)"; \
	  exec $(BIN)/server --listen 127.0.0.1:8080 --index $(INDEX) --archive archive --web web; \
	else \
	  $(BIN)/indexer --index $(INDEX) --search "association"; \
	fi

# Benchmarks (not part of check): bench/run.sh measures fouille against
# omindex and pdftotext; SCALE=100000 adds the 100k synthetic run.
BENCH_TOOLS := build/bench/synth build/bench/floor build/bench/xfloor

bench-deps:
	@sh bench/deps.sh

build/bench/synth: bench/synth.c bench/vocab.c bench/pdfw.c bench/vocab.h bench/pdfw.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(OPT) $(CWARN) -o $@ bench/synth.c bench/vocab.c bench/pdfw.c -lm

build/bench/floor: build/bench/floor.o build/libfouille.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

# The Xapian floor links libxapian only (bench/xfloor.cc says why).
build/bench/xfloor: bench/xfloor.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 $(OPT) $(WARN) $$(pkg-config --cflags xapian-core) -o $@ $< $$(pkg-config --libs xapian-core)

bench: bench-deps
	$(MAKE) all $(BENCH_TOOLS)
	sh bench/run.sh $(SCALE)

clean:
	rm -rf build bin

-include $(LIB_OBJ:.o=.d) $(INDEXER_OBJ:.o=.d) $(SERVER_OBJ:.o=.d) \
         $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d) \
         $(wildcard build/fuzz/*/*.d build/fuzz/*/*/*.d)
