/*
 * dockerfile.c - split a Dockerfile into instructions with line ranges and
 * map image history steps to them (for report locations only).
 */
#include "dockerfile.h"
#include "buf.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static const char *const keywords[] = {
	"FROM",	   "RUN", "CMD",     "LABEL",	   "MAINTAINER",  "EXPOSE",
	"ENV",	   "ADD", "COPY",    "ENTRYPOINT", "VOLUME",	  "USER",
	"WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
};

/* The static keyword equal (case-insensitively) to the n bytes at s, or NULL. */
static const char *keyword_lookup(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strlen(keywords[i]) == n && !strncasecmp(s, keywords[i], n))
			return keywords[i];
	return NULL;
}

struct line {
	const char *s;
	size_t len;
};

/* Split text into physical lines (without "\n" or a trailing "\r"). */
static struct line *split_lines(const char *text, size_t len, size_t *nlines)
{
	struct line *v = NULL;
	size_t n = 0, alloc = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		ALLOC_GROW(v, n + 1, alloc);
		v[n].s = text + start;
		v[n].len = i - start;
		if (v[n].len && v[n].s[v[n].len - 1] == '\r')
			v[n].len--;
		n++;
		start = i + 1;
	}
	*nlines = n;
	return v;
}

static size_t skip_space(const struct line *l, size_t i)
{
	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

static int line_blank(const struct line *l)
{
	return skip_space(l, 0) == l->len;
}

static int line_comment(const struct line *l)
{
	size_t i = skip_space(l, 0);

	return i < l->len && l->s[i] == '#';
}

/* Does the line end with the escape character (ignoring trailing blanks)? */
static int line_continues(const struct line *l, char escape, size_t *content_len)
{
	size_t n = l->len;

	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	*content_len = n;
	if (n && l->s[n - 1] == escape) {
		*content_len = n - 1;
		return 1;
	}
	return 0;
}

/* Parser directives ("# escape=`") at the very top; returns the escape char. */
static char parse_directives(const struct line *lines, size_t n)
{
	char escape = '\\';

	for (size_t i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		size_t p = skip_space(l, 0), k;

		if (p >= l->len || l->s[p] != '#')
			break;
		p = skip_space(l, p + 1);
		k = p;
		while (k < l->len && isalpha((unsigned char)l->s[k]))
			k++;
		if (k - p == 6 && !strncasecmp(l->s + p, "escape", 6)) {
			size_t e = skip_space(l, k);

			if (e < l->len && l->s[e] == '=') {
				e = skip_space(l, e + 1);
				if (e < l->len && (l->s[e] == '`' || l->s[e] == '\\'))
					escape = l->s[e];
			}
		} else if (!(k - p == 6 && !strncasecmp(l->s + p, "syntax", 6)) &&
			   !(k - p == 5 && !strncasecmp(l->s + p, "check", 5))) {
			break; /* an ordinary comment ends the directives */
		}
	}
	return escape;
}

/*
 * Heredoc delimiters ("<<EOF", "<<-'EOF'") in the arguments of a RUN, COPY
 * or ADD: append each word to words, with a flag for "<<-" (tabs stripped).
 */
static size_t heredoc_words(const char *args, char words[][64], int *strip, size_t max)
{
	size_t n = 0;

	for (const char *p = strstr(args, "<<"); p && n < max; p = strstr(p, "<<")) {
		int dash = 0;
		size_t k = 0;

		p += 2;
		if (*p == '-') {
			dash = 1;
			p++;
		}
		if (*p == '"' || *p == '\'')
			p++;
		while ((isalnum((unsigned char)*p) || *p == '_') && k < 63)
			words[n][k++] = *p++;
		words[n][k] = '\0';
		if (k && !isdigit((unsigned char)words[n][0])) {
			strip[n] = dash;
			n++;
		}
	}
	return n;
}

static int heredoc_end(const struct line *l, const char *word, int strip)
{
	size_t i = 0;

	if (strip)
		while (i < l->len && l->s[i] == '\t')
			i++;
	return l->len - i == strlen(word) && !strncmp(l->s + i, word, l->len - i);
}

static void add_instr(struct dockerfile *df, const char *kw, size_t kwlen, const char *args,
		      int start, int end, int stage)
{
	struct dockerfile_instr *in;
	const char *known = keyword_lookup(kw, kwlen);

	ALLOC_GROW(df->v, df->n + 1, df->alloc);
	in = &df->v[df->n++];
	if (known) {
		in->keyword = xstrdup(known);
	} else {
		in->keyword = xstrndup(kw, kwlen);
		for (char *c = in->keyword; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	}
	in->args = xstrdup(args);
	in->start_line = start;
	in->end_line = end;
	in->stage = stage;
}

void dockerfile_parse(struct dockerfile *df, const char *text, size_t len)
{
	size_t nlines, i = 0;
	struct line *lines = split_lines(text, len, &nlines);
	char escape = parse_directives(lines, nlines);
	int stage = -1;

	memset(df, 0, sizeof(*df));
	df->last_from = -1;
	while (i < nlines) {
		struct buf logical = BUF_INIT;
		size_t start = i, content, p, k, b0;
		int cont;

		if (line_blank(&lines[i]) || line_comment(&lines[i])) {
			i++;
			continue;
		}
		/* Join continuation lines; comment and blank lines inside are dropped. */
		for (;;) {
			const struct line *l = &lines[i];

			if (i != start && (line_blank(l) || line_comment(l))) {
				if (++i >= nlines)
					break;
				continue;
			}
			cont = line_continues(l, escape, &content);
			while (cont && content &&
			       (l->s[content - 1] == ' ' || l->s[content - 1] == '\t'))
				content--;
			b0 = skip_space(l, 0);
			if (logical.len)
				buf_addc(&logical, ' ');
			if (b0 < content)
				buf_add(&logical, l->s + b0, content - b0);
			i++;
			if (!cont || i >= nlines)
				break;
		}
		{
			const char *s = buf_str(&logical);
			char words[8][64];
			int strip[8];
			size_t nwords, kwlen;
			const char *kwd;
			int end;

			p = 0;
			while (s[p] && !isspace((unsigned char)s[p]))
				p++;
			kwlen = p;
			while (s[p] && isspace((unsigned char)s[p]))
				p++;
			kwd = keyword_lookup(s, kwlen);
			if (kwd && !strcmp(kwd, "FROM"))
				stage++;
			end = (int)i;
			if (kwd &&
			    (!strcmp(kwd, "RUN") || !strcmp(kwd, "COPY") || !strcmp(kwd, "ADD"))) {
				nwords = heredoc_words(s + p, words, strip, ARRAY_SIZE(words));
				for (k = 0; k < nwords && i < nlines; k++) {
					while (i < nlines &&
					       !heredoc_end(&lines[i], words[k], strip[k]))
						i++;
					if (i < nlines)
						i++;
					end = (int)i;
				}
			}
			add_instr(df, s, kwlen, s + p, (int)start + 1, end, stage < 0 ? 0 : stage);
			if (kwd && !strcmp(kwd, "FROM"))
				df->last_from = (int)df->n - 1;
		}
		buf_release(&logical);
	}
	free(lines);
}

int dockerfile_load(struct dockerfile *df, const char *path, struct errbuf *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[16384];
	size_t n;
	int ret = -1;

	memset(df, 0, sizeof(*df));
	df->last_from = -1;
	if (!fp)
		return err_set(err, "cannot read Dockerfile '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b.len + n > DOCKERFILE_MAX_BYTES) {
			err_set(err, "cannot read Dockerfile '%s': larger than %d bytes", path,
				DOCKERFILE_MAX_BYTES);
			goto out;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(fp)) {
		err_set(err, "cannot read Dockerfile '%s': %s", path, strerror(errno));
		goto out;
	}
	dockerfile_parse(df, buf_str(&b), b.len);
	ret = 0;
out:
	fclose(fp);
	buf_release(&b);
	return ret;
}

void dockerfile_release(struct dockerfile *df)
{
	for (size_t i = 0; i < df->n; i++) {
		free(df->v[i].keyword);
		free(df->v[i].args);
	}
	free(df->v);
	memset(df, 0, sizeof(*df));
	df->last_from = -1;
}

static int has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

const char *dockerfile_step_keyword(const char *cb)
{
	const char *p;
	size_t n = 0;

	if (!cb)
		return NULL;
	while (*cb == ' ' || *cb == '\t')
		cb++;
	/* Classic builder with build args: "|2 A=1 B=2 /bin/sh -c make". */
	if (*cb == '|' && isdigit((unsigned char)cb[1]))
		return "RUN";
	if ((p = strstr(cb, "#(nop)")) &&
	    (has_prefix(cb, "/bin/sh -c") || has_prefix(cb, "cmd /S /C"))) {
		p += strlen("#(nop)");
		while (*p == ' ' || *p == '\t')
			p++;
		while (isalpha((unsigned char)p[n]))
			n++;
		return keyword_lookup(p, n);
	}
	if (has_prefix(cb, "/bin/sh -c ") || has_prefix(cb, "/bin/bash -c ") ||
	    has_prefix(cb, "cmd /S /C "))
		return "RUN";
	/* BuildKit: "USER app", "RUN /bin/sh -c make # buildkit", "COPY . /app # buildkit". */
	while (isalpha((unsigned char)cb[n]))
		n++;
	if (cb[n] && cb[n] != ' ' && cb[n] != '\t')
		return NULL;
	return keyword_lookup(cb, n);
}

static int instr_is(const struct dockerfile_instr *in, const char *kw)
{
	return !strcmp(in->keyword, kw);
}

int *dockerfile_map_history(const struct dockerfile *df, const struct image *img)
{
	int *map;
	long j;

	if (!img->nhistory)
		return NULL;
	map = xmalloc(img->nhistory * sizeof(*map));
	for (size_t h = 0; h < img->nhistory; h++)
		map[h] = -1;
	j = (long)df->n - 1;
	for (size_t k = img->nhistory; k-- > 0;) {
		const char *kw = dockerfile_step_keyword(img->history[k].created_by);

		if (!kw)
			continue;
		/* ARG leaves no history step in some builders: it may be skipped. */
		while (j > df->last_from && !instr_is(&df->v[j], kw) && instr_is(&df->v[j], "ARG"))
			j--;
		if (j <= df->last_from || !instr_is(&df->v[j], kw))
			break;
		map[k] = (int)j--;
	}
	return map;
}

/* Does the argument list define name (NAME=..., or NAME as first word / any word)? */
static int args_define(const char *args, const char *name)
{
	size_t n = strlen(name);
	const char *p = args;

	while (*p) {
		const char *w;

		while (*p && isspace((unsigned char)*p))
			p++;
		w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*w == '"' || *w == '\'')
			w++;
		if ((size_t)(p - w) >= n && !strncmp(w, name, n) &&
		    ((size_t)(p - w) == n || w[n] == '=' || w[n] == '"' || w[n] == '\''))
			return 1;
	}
	return 0;
}

int dockerfile_find(const struct dockerfile *df, const char *keyword, const char *defines)
{
	for (long i = (long)df->n - 1; i > df->last_from && i >= 0; i--) {
		const struct dockerfile_instr *in = &df->v[i];

		if (!instr_is(in, keyword))
			continue;
		if (!defines || args_define(in->args, defines))
			return (int)i;
	}
	return -1;
}
