# dockgate - build, test, demo, bench.
#
#   make            build ./dockgate
#   make deps       install missing Debian packages (idempotent)
#   make check      deps + build + every test (unit, ASan+UBSan, end to end, validators)
#   make demo       deps + build + audit the bundled samples and show the reports
#   make bench      benchmarks against a floor measured in the same run
#   make style      check formatting with clang-format (make style-fix applies it)
#
#   DEVELOPER=1     -Werror and stricter warnings
#   SANITIZE=address,undefined   build with sanitizers

CC ?= cc
PKGS = libarchive json-c libcurl libxml-2.0 yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPT ?= -O2 -g
ALL_CFLAGS = $(OPT) -std=c11 -Wall -Wextra -Iinclude $(PKG_CFLAGS)
ifeq ($(DEVELOPER),1)
ALL_CFLAGS += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
	-Wformat=2 -Wundef -Wvla -Wcast-align -Wwrite-strings -Wno-format-nonliteral
endif
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif
LIBS = $(PKG_LIBS)
ALL_CFLAGS += $(CFLAGS)
ALL_LDFLAGS += $(LDFLAGS)

BUILD ?= build

# Core sources. Each area adds its own in mk/<area>.mk.
SRCS = \
	src/util.c src/buf.c src/json.c src/facts.c src/facts_daemon.c src/facts_host.c \
	src/catalog.c src/engine.c src/policy.c src/policy_load.c src/baseline.c \
	src/audit.c src/cli.c \
	src/cmd_image.c src/cmd_daemon.c src/cmd_diff.c src/cmd_merge.c src/cmd_checks.c \
	src/cmd_policy.c \
	src/source_tarball.c \
	src/report.c src/report_text.c src/report_sarif.c src/report_junit.c \
	src/report_markdown.c src/report_json.c src/report_codequality.c \
	src/checks/host.c src/checks/daemon.c src/checks/daemon_files.c src/checks/image.c \
	src/checks/container.c src/checks/operations.c src/checks/swarm.c
MAIN = src/main.c

# Unit test programs (tests/unit/t_*.c, each linked with the core) and
# end-to-end shell tests (tests/e2e/*.sh, run with DOCKGATE set).
UNIT_TESTS = tests/unit/t_core
SHELL_TESTS = tests/e2e/cli.sh tests/e2e/readme.sh

.DEFAULT_GOAL := all
include $(sort $(wildcard mk/*.mk))

OBJS = $(SRCS:%.c=$(BUILD)/%.o)
DEPS = $(OBJS:.o=.d) $(MAIN:%.c=$(BUILD)/%.d) $(UNIT_TESTS:%=$(BUILD)/%.d)

all: dockgate

dockgate: $(BUILD)/dockgate
	cp $< $@

$(BUILD)/dockgate: $(OBJS) $(BUILD)/src/main.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libdockgate.a: $(OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libdockgate.a tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libdockgate.a $(LIBS)

unit: $(UNIT_TESTS:%=$(BUILD)/%)
	@for t in $^; do echo "unit: $$t"; $$t || exit 1; done

unit-asan:
	$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=address,undefined OPT="-O1 -g" unit

deps:
	@sh scripts/deps.sh

e2e: dockgate
	@for t in $(SHELL_TESTS); do echo "e2e: $$t"; DOCKGATE=$(CURDIR)/dockgate bash $$t || exit 1; done

check: deps
	$(MAKE) --no-print-directory style
	$(MAKE) --no-print-directory DEVELOPER=1 all
	$(MAKE) --no-print-directory DEVELOPER=1 unit
	$(MAKE) --no-print-directory unit-asan
	$(MAKE) --no-print-directory e2e
	@echo "check: all tests passed"

demo: deps
	$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

bench: deps all
	@sh scripts/bench.sh

readme-checks: dockgate
	@sh scripts/readme-checks.sh update

STYLE_FILES = src/*.c src/checks/*.c include/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

style:
	@clang-format --dry-run --Werror $(STYLE_FILES) && echo "style: clean"

style-fix:
	@clang-format -i $(STYLE_FILES)

clean:
	rm -rf build build-asan dockgate

.PHONY: all deps unit unit-asan e2e check demo bench readme-checks style style-fix clean

-include $(DEPS)
