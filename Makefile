# fenliu — build with GNU make.  `make help` lists the targets.
#
# Every target needs the Debian packages listed in DEB_PACKAGES: the first
# build (or `make deps`) installs the missing ones and records the compiler
# flags in $(BUILD)/config.mk, which make then reads.

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
V       ?= 0

DEB_PACKAGES := build-essential pkg-config libsqlite3-dev libpcre2-dev \
                libxml2-dev libxml2-utils libncurses-dev libcmocka-dev \
                libsodium-dev sqlite3 tmux gettext locales
PKG_MODULES  := libxml-2.0 sqlite3 libpcre2-8 libsodium ncursesw cmocka

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n' $(1) $(2)
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla
ifneq ($(CI),)
WARN    += -Werror
endif
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined
endif
CPPFLAGS += -D_GNU_SOURCE -Itriage -Itests -I$(BUILD)/gen
CFLAGS   += -std=c11 $(OPT) $(WARN) -MMD -MP -pthread

# Filled in by $(BUILD)/config.mk (pkg-config output, after deps are installed).
PKG_CFLAGS ?=
PKG_LIBS   ?=
UI_LIBS    ?=
TEST_LIBS  ?=

ENGINE_SRC := $(sort $(wildcard triage/*.c))
UI_SRC     := $(sort $(wildcard ui/*.c))
TEST_SRC   := $(sort $(wildcard tests/test_*.c))
DATA       := schemas/filing.xsd schemas/rules.xsd schemas/rules/default.xml \
              schemas/calendar.xsd schemas/calendar/cn.xml schemas/periods.xml \
              $(sort $(wildcard schemas/migrations/*.sql))

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
UI_OBJ     := $(UI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIB        := $(BUILD)/libfenliu.a
BIN        := $(BUILD)/fenliu
FGEN       := $(BUILD)/fgen
BENCH_TOOLS:= $(BUILD)/runstat $(BUILD)/bench-classify $(BUILD)/bench-mkcases

# The interface's labels in Chinese (docs/ui.md, "Languages"): one gettext
# catalog per language in ui/po, compiled beside the binary, where it finds
# them ($(BUILD)/locale).  The tests compile the zh_CN.UTF-8 locale itself
# into $(BUILD)/locales (LOCPATH), so they need no root and no system locale.
LINGUAS    := zh_CN
MO         := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/fenliu.mo)
TEST_LOCALES := $(LINGUAS:%=$(BUILD)/locales/%.UTF-8/LC_CTYPE)
XGETTEXT   := xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
              --package-name=fenliu --msgid-bugs-address='the fenliu maintainers' \
              --foreign-user

# Keep objects make considers intermediate (test objects), so nothing rebuilds twice.
.SECONDARY:

.PHONY: all deps check check-asan bench bench-ui demo install uninstall clean help pot po
all: $(BIN) $(FGEN) $(MO)

help:
	@echo 'make            build build/fenliu (and the filing generator build/fgen)'
	@echo 'make deps       install missing Debian packages: $(DEB_PACKAGES)'
	@echo 'make check      build and run every test; last line is the summary'
	@echo 'make check-asan the same under AddressSanitizer + UBSan (build/asan)'
	@echo 'make bench      run the benchmarks and print their figures'
	@echo 'make bench-ui   only the terminal interface on 1,000,000 cases (its database is kept)'
	@echo 'make demo       generate demo filings, ingest them into demo/fenliu.db, open fenliu'
	@echo 'make install    install to $$(PREFIX) (now $(PREFIX)); DESTDIR honoured'
	@echo 'make pot        remake ui/po/fenliu.pot, the labels to translate'
	@echo 'make po         merge it into ui/po/*.po, and count what is left to translate'
	@echo 'V=1 shows the commands; CI=1 turns warnings into errors'

ifeq ($(filter clean help,$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif

deps:
	$(Q)sh tools/deps.sh $(DEB_PACKAGES)
	$(Q)$(MAKE) --no-print-directory -B $(BUILD)/config.mk

$(BUILD)/config.mk: tools/deps.sh Makefile
	$(Q)sh tools/deps.sh $(DEB_PACKAGES)
	$(Q)mkdir -p $(@D)
	$(Q){ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKG_MODULES))"; \
	  echo "PKG_LIBS := $$(pkg-config --libs libxml-2.0 sqlite3 libpcre2-8 libsodium) -lm"; \
	  echo "UI_LIBS := $$(pkg-config --libs ncursesw)"; \
	  echo "TEST_LIBS := $$(pkg-config --libs cmocka)"; } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

# Data files are compiled into the binary, so it needs nothing at run time
# from the build tree or the install prefix.
$(BUILD)/tools/embed: tools/embed.c
	$(call say,HOSTCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra $< -o $@

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(DATA) Makefile
	$(call say,EMBED,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BUILD)/tools/embed $@ $(DATA)

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) -std=c11 $(OPT) -c $< -o $@

$(LIB): $(ENGINE_OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# Where the catalogs are installed: the last place fenliu looks (ui/main.c).
$(BUILD)/ui/main.o: CPPFLAGS += -DLOCALEDIR='"$(PREFIX)/share/locale"'

$(BIN): $(UI_OBJ) $(LIB)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(UI_OBJ) $(LIB) $(PKG_LIBS) $(UI_LIBS) -o $@

$(FGEN): $(BUILD)/tests/gen/fgen.o
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $^ -o $@

$(BUILD)/bench-classify: $(BUILD)/tests/bench/classify.o $(LIB)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $< $(LIB) $(PKG_LIBS) -o $@

$(BUILD)/bench-mkcases: $(BUILD)/tests/bench/mkcases.o $(LIB)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $< $(LIB) $(PKG_LIBS) -o $@

$(BUILD)/runstat: $(BUILD)/tests/bench/runstat.o
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $^ -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/testutil.o $(LIB)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) $< $(BUILD)/tests/testutil.o $(LIB) $(PKG_LIBS) $(TEST_LIBS) -o $@

$(BUILD)/locale/%/LC_MESSAGES/fenliu.mo: ui/po/%.po | $(BUILD)/config.mk
	$(call say,MSGFMT,$<)
	$(Q)mkdir -p $(@D)
	$(Q)msgfmt --check -o $@.tmp $< && mv $@.tmp $@

$(BUILD)/locales/%.UTF-8/LC_CTYPE: | $(BUILD)/config.mk
	$(call say,LOCALE,$*.UTF-8)
	$(Q)rm -rf $(@D) && mkdir -p $(dir $(@D))
	$(Q)localedef --no-archive -i $* -f UTF-8 $(@D)

# The template: every _(), N_() and ngettext() of ui/*.c, and the groups and
# help of the key table (TUI_ACTIONS in ui/tui.h: arguments 4 and 5 of X).
# Made in $(BUILD) for the tests (every label translated: test_ui), and
# copied to ui/po by `make pot`.
$(BUILD)/po/fenliu.pot: $(UI_SRC) ui/tui.h | $(BUILD)/config.mk
	$(call say,XGETTEXT,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(XGETTEXT) --force-po -k_ -kN_ -o $@.tmp $(UI_SRC)
	$(Q)$(XGETTEXT) -j -kX:4,5t -o $@.tmp ui/tui.h
	$(Q)$(XGETTEXT) -j -kX:5,5t -o $@.tmp ui/tui.h
	$(Q)mv $@.tmp $@

pot: $(BUILD)/po/fenliu.pot
	$(Q)cp $< ui/po/fenliu.pot
	@echo "ui/po/fenliu.pot: $$(($$(grep -c '^msgid ' ui/po/fenliu.pot) - 1)) labels"

po: pot
	$(Q)for l in $(LINGUAS); do \
	    msgmerge --quiet --update --backup=none --previous ui/po/$$l.po ui/po/fenliu.pot && \
	    msgfmt --statistics -o /dev/null ui/po/$$l.po 2>&1 | sed "s|^|ui/po/$$l.po: |"; done

check: $(BIN) $(FGEN) $(MO) $(TEST_LOCALES) $(BUILD)/po/fenliu.pot $(TEST_BIN)
	$(Q)sh tests/run.sh $(BUILD) $(TEST_BIN)

check-asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan SAN=1 check

bench: $(BIN) $(FGEN) $(BENCH_TOOLS)
	$(Q)sh tests/bench/ingest.sh $(BUILD)
	$(Q)$(BUILD)/bench-classify $(BUILD)/bench/batch-1k
	$(Q)sh tests/bench/ui.sh $(BUILD)

bench-ui: $(BIN) $(FGEN) $(BENCH_TOOLS)
	$(Q)sh tests/bench/ui.sh $(BUILD)

demo: $(BIN) $(FGEN) $(MO)
	$(Q)sh tools/demo.sh $(BUILD)

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/fenliu/migrations \
	    $(DESTDIR)$(PREFIX)/share/fenliu/rules
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/fenliu
	install -m 644 schemas/filing.xsd schemas/rules.xsd $(DESTDIR)$(PREFIX)/share/fenliu/
	install -m 644 schemas/rules/default.xml $(DESTDIR)$(PREFIX)/share/fenliu/rules/
	install -m 644 schemas/calendar.xsd schemas/periods.xml $(DESTDIR)$(PREFIX)/share/fenliu/
	install -m 644 schemas/calendar/cn.xml $(DESTDIR)$(PREFIX)/share/fenliu/calendar-cn.xml
	install -m 644 schemas/calendar.xsd schemas/periods.xml $(DESTDIR)$(PREFIX)/share/fenliu/
	install -m 644 schemas/calendar/cn.xml $(DESTDIR)$(PREFIX)/share/fenliu/calendar-cn.xml
	install -m 644 $(wildcard schemas/migrations/*.sql) $(DESTDIR)$(PREFIX)/share/fenliu/migrations/
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/fenliu.mo \
	        $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/; done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/fenliu
	rm -rf $(DESTDIR)$(PREFIX)/share/fenliu
	rm -f $(LINGUAS:%=$(DESTDIR)$(PREFIX)/share/locale/%/LC_MESSAGES/fenliu.mo)

clean:
	rm -rf build demo

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
