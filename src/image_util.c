/*
 * image_util.c - pure parsers for the image checks: account files, history
 * instructions, shell command lines and package manager verbs, image paths.
 */
#include "image_util.h"
#include "buf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Nested "sh -c" scripts are split this deep and no deeper. */
#define SHELL_MAX_DEPTH 3
/* ADD sources are shown at most this long. */
#define ADD_SHOW_MAX 128

/* Parse one account line of len bytes into a (if it has at least two fields). */
static void accounts_parse_line(struct accounts *a, const char *s, size_t len, unsigned line)
{
	const char *end = s + len, *c1, *c2, *c3;
	struct account *acc;
	long long id = -1;

	if (len && end[-1] == '\r')
		end--;
	if (s == end || *s == '#' || *s == '+' || *s == '-')
		return;
	c1 = memchr(s, ':', (size_t)(end - s));
	if (!c1 || c1 == s)
		return;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (c2) {
		c3 = memchr(c2 + 1, ':', (size_t)(end - c2 - 1));
		if (!c3)
			c3 = end;
		if (c3 > c2 + 1 && c3 - c2 - 1 <= 18) {
			id = 0;
			for (const char *p = c2 + 1; p < c3 && id >= 0; p++)
				id = isdigit((unsigned char)*p) ? id * 10 + (*p - '0') : -1;
		}
	}
	ALLOC_GROW(a->v, a->n + 1, a->alloc);
	acc = &a->v[a->n++];
	acc->name = xstrndup(s, (size_t)(c1 - s));
	acc->password = xstrndup(c1 + 1, (size_t)((c2 ? c2 : end) - c1 - 1));
	acc->id = id;
	acc->line = line;
}

void accounts_parse(struct accounts *a, const char *text)
{
	unsigned line = 0;

	if (!text)
		return;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		accounts_parse_line(a, p, len, ++line);
		p += len;
		if (*p)
			p++;
	}
}

void accounts_release(struct accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].password);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

const struct account *accounts_find(const struct accounts *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return &a->v[i];
	return NULL;
}

const char *path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int path_has_component(const char *path, const char *name)
{
	size_t n = strlen(name);

	if (!n)
		return 0;
	for (const char *p = strstr(path, name); p; p = strstr(p + 1, name))
		if ((p == path || p[-1] == '/') && (p[n] == '/' || !p[n]))
			return 1;
	return 0;
}

int path_in_package_tree(const char *path)
{
	static const char *const trees[] = { "node_modules", "site-packages", "dist-packages",
					     "gems" };

	for (size_t i = 0; i < ARRAY_SIZE(trees); i++)
		if (path_has_component(path, trees[i]))
			return 1;
	return strstr(path, "pkg/mod/") != NULL || !strncmp(path, "usr/share/doc/", 14);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Length of the leading run of non-blank characters. */
static size_t word_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !is_blank(p[n]))
		n++;
	return n;
}

static int word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(p, w, n);
}

/* Strip BuildKit's " # buildkit" comment and surrounding blanks, in place. */
static void history_strip(char *s)
{
	size_t n = strlen(s);
	static const char tag[] = "# buildkit";

	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	if (n >= sizeof(tag) - 1 && !strcmp(s + n - (sizeof(tag) - 1), tag)) {
		n -= sizeof(tag) - 1;
		s[n] = '\0';
		while (n && is_blank(s[n - 1]))
			s[--n] = '\0';
	}
}

static enum history_kind history_kind_of(const char *w, size_t n)
{
	if (word_is(w, n, "RUN"))
		return HISTORY_RUN;
	if (word_is(w, n, "ENV"))
		return HISTORY_ENV;
	if (word_is(w, n, "ARG"))
		return HISTORY_ARG;
	if (word_is(w, n, "ADD"))
		return HISTORY_ADD;
	if (word_is(w, n, "COPY"))
		return HISTORY_COPY;
	if (word_is(w, n, "USER"))
		return HISTORY_USER;
	return HISTORY_OTHER;
}

static int is_instruction_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"LABEL",      "USER",	    "WORKDIR",	   "EXPOSE", "CMD",
		"ENTRYPOINT", "VOLUME",	    "HEALTHCHECK", "SHELL",  "STOPSIGNAL",
		"ONBUILD",    "MAINTAINER", "FROM",
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (word_is(w, n, words[i]))
			return 1;
	return 0;
}

static int is_shell_name(const char *b, size_t n)
{
	static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh" };

	for (size_t i = 0; i < ARRAY_SIZE(shells); i++)
		if (word_is(b, n, shells[i]))
			return 1;
	return 0;
}

/*
 * If p starts with a shell invocation "/bin/sh -c", "/bin/bash -o pipefail
 * -c" or "cmd /S /C", return where its script starts; else NULL.
 */
static const char *history_shell_script(const char *p)
{
	size_t n = word_len(p);
	const char *base = p;

	for (size_t i = 0; i < n; i++)
		if (p[i] == '/')
			base = p + i + 1;
	if (word_is(p, n, "cmd")) {
		const char *q = skip_blanks(p + n);

		if (!strncasecmp(q, "/S /C ", 6))
			return skip_blanks(q + 6);
		return NULL;
	}
	if (!is_shell_name(base, (size_t)(p + n - base)))
		return NULL;
	p = skip_blanks(p + n);
	/* Short option clusters: "-c" starts the script, "-o"/"-eo" take an argument. */
	while (*p == '-') {
		int takes_arg;

		n = word_len(p);
		if (p[1] != '-' && memchr(p, 'c', n))
			return skip_blanks(p + n);
		takes_arg = p[1] != '-' && p[n - 1] == 'o';
		p = skip_blanks(p + n);
		if (takes_arg)
			p = skip_blanks(p + word_len(p));
	}
	return NULL;
}

/* Parse a RUN command line: "|N A=1 B=2 " build args, then the shell prefix. */
static void history_parse_run(const char *p, struct history_instr *h)
{
	const char *script;

	h->kind = HISTORY_RUN;
	/* RUN flags some builders record: --mount=..., --network=... */
	while (p[0] == '-' && p[1] == '-')
		p = skip_blanks(p + word_len(p));
	if (p[0] == '|' && isdigit((unsigned char)p[1])) {
		long count = 0;

		for (p++; isdigit((unsigned char)*p) && count < 100000; p++)
			count = count * 10 + (*p - '0');
		p = skip_blanks(p);
		for (long i = 0; i < count && *p; i++) {
			size_t n = word_len(p);

			strlist_push_owned(&h->build_args, xstrndup(p, n));
			p = skip_blanks(p + n);
		}
	}
	script = history_shell_script(p);
	h->body = xstrdup(script ? script : p);
}

void history_parse(const char *created_by, struct history_instr *h)
{
	char *s = xstrdup(created_by ? created_by : "");
	const char *p, *nop;
	size_t n;

	memset(h, 0, sizeof(*h));
	history_strip(s);
	p = skip_blanks(s);
	if ((nop = strstr(p, "#(nop)"))) {
		p = skip_blanks(nop + 6);
		n = word_len(p);
		h->kind = history_kind_of(p, n);
		if (h->kind == HISTORY_RUN)
			h->kind = HISTORY_OTHER;
		h->body = xstrdup(skip_blanks(p + n));
		goto out;
	}
	n = word_len(p);
	if (!n) {
		h->body = xstrdup("");
		goto out;
	}
	h->kind = history_kind_of(p, n);
	if (h->kind == HISTORY_RUN) {
		history_parse_run(skip_blanks(p + n), h);
	} else if (h->kind != HISTORY_OTHER || is_instruction_word(p, n)) {
		h->body = xstrdup(skip_blanks(p + n));
	} else if (word_is(p, n, "Imported")) {
		h->body = xstrdup(p);
	} else {
		/* Legacy builder: the RUN command as it was executed. */
		history_parse_run(p, h);
	}
out:
	free(s);
}

void history_instr_release(struct history_instr *h)
{
	free(h->body);
	strlist_clear(&h->build_args);
	memset(h, 0, sizeof(*h));
}

/* Next blank-separated word of an ENV/ARG body with quotes removed; NULL at the end. */
static const char *next_assignment_word(const char *p, struct buf *w)
{
	buf_reset(w);
	p = skip_blanks(p);
	if (!*p)
		return NULL;
	while (*p && !is_blank(*p)) {
		if (*p == '\\' && p[1]) {
			buf_addc(w, p[1]);
			p += 2;
		} else if (*p == '"' || *p == '\'') {
			char q = *p++;

			while (*p && *p != q) {
				if (q == '"' && *p == '\\' && p[1])
					p++;
				buf_addc(w, *p++);
			}
			if (*p)
				p++;
		} else {
			buf_addc(w, *p++);
		}
	}
	return p;
}

void history_split_assignments(const char *body, int legacy_env, struct strlist *out)
{
	struct buf w = BUF_INIT;
	const char *p = body;
	int first = 1;

	while ((p = next_assignment_word(p, &w))) {
		const char *s = buf_str(&w);

		if (first && legacy_env && !strchr(s, '=') && *skip_blanks(p)) {
			/* Legacy "ENV NAME value words" form. */
			strlist_push_owned(out, xstrfmt("%s=%s", s, skip_blanks(p)));
			break;
		}
		first = 0;
		strlist_push(out, s);
	}
	buf_release(&w);
}

static int has_suffix_ci(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && !strncasecmp(s + n - m, suffix, m);
}

static int has_scheme(const char *w, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (!memcmp(w + i, "://", 3))
			return 1;
	return 0;
}

/* Append a URL without user info, query or fragment: what ADD fetched, never a credential. */
static void add_url_describe(const char *w, size_t n, struct buf *b)
{
	const char *scheme_end = strstr(w, "://");
	const char *host = scheme_end ? scheme_end + 3 : w;
	const char *end = w + n, *at;

	for (const char *p = host; p < end; p++)
		if (*p == '?' || *p == '#') {
			end = p;
			break;
		}
	at = NULL;
	for (const char *p = host; p < end && *p != '/'; p++)
		if (*p == '@')
			at = p;
	if (scheme_end)
		buf_add(b, w, (size_t)(host - w));
	if (at)
		host = at + 1;
	buf_addf(b, "%.*s", (int)((end - host) > ADD_SHOW_MAX ? ADD_SHOW_MAX : (end - host)), host);
}

void history_add_describe(const char *body, struct buf *b)
{
	static const char *const archives[] = {
		".tar",	   ".tar.gz", ".tgz",	  ".tar.bz2", ".tbz2",
		".tar.xz", ".txz",    ".tar.zst", ".tar.lz",
	};
	const char *p = body, *last = NULL;
	size_t lastn = 0;
	int found = 0;

	/* Every word but the last (the destination) is a source; flags start with "--". */
	while (*(p += strspn(p, " \t"))) {
		size_t n = strcspn(p, " \t");

		if (last && strncmp(last, "--", 2)) {
			if (has_scheme(last, lastn) || !strncmp(last, "git@", 4)) {
				buf_adds(b, found++ ? ", remote URL " : "fetches the remote URL ");
				add_url_describe(last, lastn, b);
			} else {
				for (size_t i = 0; i < ARRAY_SIZE(archives); i++) {
					if (!has_suffix_ci(last, lastn, archives[i]))
						continue;
					buf_addf(b, "%s%.*s",
						 found++ ? ", archive "
							 : "unpacks the local archive ",
						 (int)(lastn > ADD_SHOW_MAX ? ADD_SHOW_MAX : lastn),
						 last);
					break;
				}
			}
		}
		last = p;
		lastn = n;
		p += n;
	}
	if (!found)
		buf_adds(b, "copies files where COPY would do");
}

struct lexer {
	struct shell_cmds *out;
	struct shell_cmd cur;
	struct buf word;
	int inword;
	int depth;
};

static void shell_split_depth(const char *script, struct shell_cmds *out, int depth);

static void lex_end_word(struct lexer *lx)
{
	if (!lx->inword)
		return;
	strlist_push(&lx->cur.words, buf_str(&lx->word));
	buf_reset(&lx->word);
	lx->inword = 0;
}

/* Index of the script word of "sh [-e] -c SCRIPT", or 0 when c is not one. */
static size_t shell_c_script(const struct shell_cmd *c)
{
	size_t i = shell_cmd_program(c, NULL);
	const char *b;

	if (i >= c->words.n)
		return 0;
	b = path_basename(c->words.v[i]);
	if (!is_shell_name(b, strlen(b)))
		return 0;
	for (i++; i < c->words.n; i++) {
		const char *w = c->words.v[i];

		if (w[0] != '-' || w[1] == '-')
			return 0;
		if (strchr(w, 'c'))
			return i + 1 < c->words.n ? i + 1 : 0;
		if (w[strlen(w) - 1] == 'o')
			i++; /* -o pipefail */
	}
	return 0;
}

static void lex_end_cmd(struct lexer *lx)
{
	struct shell_cmds *out = lx->out;
	size_t script;

	lex_end_word(lx);
	if (!lx->cur.words.n)
		return;
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	out->v[out->n++] = lx->cur;
	memset(&lx->cur, 0, sizeof(lx->cur));
	script = shell_c_script(&out->v[out->n - 1]);
	if (script && lx->depth < SHELL_MAX_DEPTH) {
		char *s = xstrdup(out->v[out->n - 1].words.v[script]);

		shell_split_depth(s, out, lx->depth + 1);
		free(s);
	}
}

/* Copy "$(...)" with nested parentheses into the word; returns what follows. */
static const char *lex_subst(struct lexer *lx, const char *p)
{
	int level = 0;

	buf_addc(&lx->word, *p++); /* '$' */
	while (*p) {
		if (*p == '(')
			level++;
		else if (*p == ')')
			level--;
		buf_addc(&lx->word, *p++);
		if (!level)
			break;
	}
	lx->inword = 1;
	return p;
}

/* Copy a double-quoted string (p after the quote); returns what follows. */
static const char *lex_dquote(struct lexer *lx, const char *p)
{
	while (*p && *p != '"') {
		if (*p == '\\' && p[1] && strchr("\"\\$`\n", p[1])) {
			if (p[1] != '\n')
				buf_addc(&lx->word, p[1]);
			p += 2;
		} else if (*p == '$' && p[1] == '(') {
			p = lex_subst(lx, p);
		} else {
			buf_addc(&lx->word, *p++);
		}
	}
	lx->inword = 1;
	return *p ? p + 1 : p;
}

static void shell_split_depth(const char *p, struct shell_cmds *out, int depth)
{
	struct lexer lx = { .out = out, .word = BUF_INIT, .depth = depth };

	while (*p) {
		char c = *p;

		if (c == '\\') {
			if (p[1] && p[1] != '\n') {
				buf_addc(&lx.word, p[1]);
				lx.inword = 1;
			}
			p += p[1] ? 2 : 1;
		} else if (c == '\'') {
			const char *e = strchr(p + 1, '\'');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);

			buf_add(&lx.word, p + 1, n);
			lx.inword = 1;
			p += n + 1 + (e ? 1 : 0);
		} else if (c == '"') {
			p = lex_dquote(&lx, p + 1);
		} else if (c == '$' && p[1] == '(') {
			p = lex_subst(&lx, p);
		} else if (c == ' ' || c == '\t' || c == '\r') {
			lex_end_word(&lx);
			p++;
		} else if (c == '#' && !lx.inword) {
			while (*p && *p != '\n')
				p++;
		} else if (c == '&' && lx.inword && lx.word.len &&
			   strchr("<>", lx.word.s[lx.word.len - 1])) {
			buf_addc(&lx.word, *p++); /* 2>&1 */
		} else if (strchr(";&|()\n", c)) {
			lex_end_cmd(&lx);
			p++;
		} else {
			buf_addc(&lx.word, *p++);
			lx.inword = 1;
		}
	}
	lex_end_cmd(&lx);
	strlist_clear(&lx.cur.words);
	buf_release(&lx.word);
}

void shell_split(const char *script, struct shell_cmds *out)
{
	shell_split_depth(script ? script : "", out, 0);
}

void shell_cmds_release(struct shell_cmds *c)
{
	for (size_t i = 0; i < c->n; i++)
		strlist_clear(&c->v[i].words);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* A command that runs the command after its options: sudo, env, nice... */
struct wrapper {
	const char *name;
	const char *const *arg_opts; /* options that take a separate argument */
	int positionals;	     /* operands before the command (timeout DURATION) */
	int sudo;
};

static const char *const sudo_opts[] = { "-u", "-g", "-p", "-C", "-h", "-r",
					 "-t", "-U", "-D", "-R", NULL };
static const char *const doas_opts[] = { "-u", "-C", NULL };
static const char *const env_opts[] = { "-u", "-C", "-S", "--unset", "--chdir", NULL };
static const char *const nice_opts[] = { "-n", NULL };
static const char *const stdbuf_opts[] = { "-i", "-o", "-e", NULL };
static const char *const timeout_opts[] = { "-s", "-k", NULL };
static const char *const no_opts[] = { NULL };

static const struct wrapper wrappers[] = {
	{ "sudo", sudo_opts, 0, 1 },	 { "doas", doas_opts, 0, 1 },
	{ "env", env_opts, 0, 0 },	 { "nice", nice_opts, 0, 0 },
	{ "nohup", no_opts, 0, 0 },	 { "exec", no_opts, 0, 0 },
	{ "command", no_opts, 0, 0 },	 { "time", no_opts, 0, 0 },
	{ "stdbuf", stdbuf_opts, 0, 0 }, { "timeout", timeout_opts, 1, 0 },
	{ "gosu", no_opts, 1, 0 },	 { "su-exec", no_opts, 1, 0 },
};

static const struct wrapper *wrapper_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(wrappers); i++)
		if (!strcmp(wrappers[i].name, name))
			return &wrappers[i];
	return NULL;
}

static int is_assignment(const char *w)
{
	if (!isalpha((unsigned char)*w) && *w != '_')
		return 0;
	while (isalnum((unsigned char)*w) || *w == '_')
		w++;
	return *w == '=';
}

static int is_keyword(const char *w)
{
	static const char *const kw[] = { "if",	   "then",  "else", "elif", "do",
					  "while", "until", "!",    "{",    "}" };

	for (size_t i = 0; i < ARRAY_SIZE(kw); i++)
		if (!strcmp(w, kw[i]))
			return 1;
	return 0;
}

/* 0: not a redirection; 1: ">file", "2>&1"; 2: ">" whose target is the next word. */
static int redirection_words(const char *w)
{
	const char *p = w;

	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '&' && p[1] == '>')
		p++;
	if (*p != '<' && *p != '>')
		return 0;
	while (*p && strchr("<>&|-", *p))
		p++;
	return *p ? 1 : 2;
}

static int opt_takes_arg(const char *const *opts, const char *w)
{
	for (; *opts; opts++)
		if (!strcmp(*opts, w))
			return 1;
	return 0;
}

size_t shell_cmd_program(const struct shell_cmd *c, int *sudo)
{
	size_t i = 0, n = c->words.n;

	while (i < n) {
		const char *w = c->words.v[i];
		const struct wrapper *wr;
		int r;

		if (is_assignment(w) || is_keyword(w)) {
			i++;
			continue;
		}
		if ((r = redirection_words(w))) {
			i += (size_t)r;
			continue;
		}
		if (!(wr = wrapper_find(path_basename(w))))
			break;
		if (wr->sudo && sudo)
			*sudo = 1;
		for (i++; i < n && c->words.v[i][0] == '-' && c->words.v[i][1]; i++) {
			if (!strcmp(c->words.v[i], "--")) {
				i++;
				break;
			}
			if (opt_takes_arg(wr->arg_opts, c->words.v[i]))
				i++;
		}
		i += (size_t)wr->positionals;
	}
	return i < n ? i : n;
}

/* Package manager subcommands that refresh the index or install packages. */
static const struct pkg_verb {
	const char *tool;
	const char *verb;
	enum pkg_action action;
} pkg_verbs[] = {
	{ "apt-get", "update", PKG_UPDATE },
	{ "apt", "update", PKG_UPDATE },
	{ "aptitude", "update", PKG_UPDATE },
	{ "apk", "update", PKG_UPDATE },
	{ "yum", "update", PKG_UPDATE },
	{ "dnf", "update", PKG_UPDATE },
	{ "microdnf", "update", PKG_UPDATE },
	{ "tdnf", "update", PKG_UPDATE },
	{ "zypper", "update", PKG_UPDATE },
	{ "zypper", "up", PKG_UPDATE },
	{ "zypper", "refresh", PKG_UPDATE },
	{ "zypper", "ref", PKG_UPDATE },
	{ "apt-get", "install", PKG_INSTALL },
	{ "apt-get", "upgrade", PKG_INSTALL },
	{ "apt-get", "dist-upgrade", PKG_INSTALL },
	{ "apt-get", "build-dep", PKG_INSTALL },
	{ "apt-get", "reinstall", PKG_INSTALL },
	{ "apt", "install", PKG_INSTALL },
	{ "apt", "upgrade", PKG_INSTALL },
	{ "apt", "full-upgrade", PKG_INSTALL },
	{ "apt", "reinstall", PKG_INSTALL },
	{ "aptitude", "install", PKG_INSTALL },
	{ "apk", "add", PKG_INSTALL },
	{ "apk", "upgrade", PKG_INSTALL },
	{ "yum", "install", PKG_INSTALL },
	{ "yum", "groupinstall", PKG_INSTALL },
	{ "yum", "localinstall", PKG_INSTALL },
	{ "yum", "reinstall", PKG_INSTALL },
	{ "dnf", "install", PKG_INSTALL },
	{ "dnf", "groupinstall", PKG_INSTALL },
	{ "dnf", "reinstall", PKG_INSTALL },
	{ "microdnf", "install", PKG_INSTALL },
	{ "microdnf", "reinstall", PKG_INSTALL },
	{ "tdnf", "install", PKG_INSTALL },
	{ "zypper", "install", PKG_INSTALL },
	{ "zypper", "in", PKG_INSTALL },
	{ "zypper", "dist-upgrade", PKG_INSTALL },
	{ "zypper", "dup", PKG_INSTALL },
	{ "zypper", "patch", PKG_INSTALL },
};

/* Package manager options that take a separate argument (apt-get -o X=Y update). */
static const char *const pkg_arg_opts[] = {
	"-o",
	"-c",
	"-t",
	"-X",
	"-x",
	"-R",
	"-p",
	"--repository",
	"--root",
	"--repo",
	"--installroot",
	"--config",
	"--releasever",
	"--exclude",
	"--enablerepo",
	"--disablerepo",
};

enum pkg_action shell_cmd_package_action(const struct shell_cmd *c, const char **tool_out,
					 const char **verb_out)
{
	size_t i = shell_cmd_program(c, NULL);
	const char *tool, *sub = NULL;

	if (i >= c->words.n)
		return PKG_NONE;
	tool = path_basename(c->words.v[i]);
	for (i++; i < c->words.n && !sub; i++) {
		const char *w = c->words.v[i];

		if (w[0] != '-') {
			sub = w;
			continue;
		}
		for (size_t j = 0; j < ARRAY_SIZE(pkg_arg_opts); j++)
			if (!strcmp(w, pkg_arg_opts[j]))
				i++;
	}
	for (size_t j = 0; sub && j < ARRAY_SIZE(pkg_verbs); j++) {
		if (!strcmp(tool, pkg_verbs[j].tool) && !strcmp(sub, pkg_verbs[j].verb)) {
			*tool_out = pkg_verbs[j].tool;
			*verb_out = pkg_verbs[j].verb;
			return pkg_verbs[j].action;
		}
	}
	return PKG_NONE;
}

static size_t strset_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

/* Place key index i in the table (open addressing, linear probing). */
static void strset_place(struct strset *set, size_t i)
{
	size_t mask = set->nslots - 1, h = strset_hash(set->keys.v[i]) & mask;

	while (set->slots[h])
		h = (h + 1) & mask;
	set->slots[h] = i + 1;
}

size_t strset_add(struct strset *set, const char *key, int *added)
{
	size_t mask, h;

	if (set->nslots) {
		mask = set->nslots - 1;
		for (h = strset_hash(key) & mask; set->slots[h]; h = (h + 1) & mask) {
			if (!strcmp(set->keys.v[set->slots[h] - 1], key)) {
				*added = 0;
				return set->slots[h] - 1;
			}
		}
	}
	strlist_push(&set->keys, key);
	if (2 * set->keys.n > set->nslots) {
		free(set->slots);
		set->nslots = set->nslots ? set->nslots * 2 : 16;
		set->slots = xcalloc(set->nslots, sizeof(*set->slots));
		for (size_t i = 0; i < set->keys.n; i++)
			strset_place(set, i);
	} else {
		strset_place(set, set->keys.n - 1);
	}
	*added = 1;
	return set->keys.n - 1;
}

void strset_clear(struct strset *set)
{
	strlist_clear(&set->keys);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

int image_layer_step(const struct image *img, int layer)
{
	if (layer < 0 || (size_t)layer >= img->nlayers)
		return -1;
	if (img->layers[layer].history >= 0)
		return img->layers[layer].history;
	for (size_t i = 0; i < img->nhistory; i++)
		if (img->history[i].layer == layer)
			return (int)i;
	return -1;
}
