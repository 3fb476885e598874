/*
 * image_check.c - what the image check files (checks/image.c, CIS section 4,
 * and checks/image_practices.c, DG-IMG-NNN) share: failing with a file or a
 * history step as evidence, and finding the history step that set something.
 */
#include "dockgate.h"
#include "engine.h"
#include "policy.h"
#include "image_check.h"
#include "image_util.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Fail with a file as evidence, annotated with the layer and step that wrote it. */
__attribute__((format(printf, 5, 6))) void image_check_fail_file(const struct image *img,
								 const struct image_file *file,
								 struct findings *out,
								 const char *key, const char *fmt,
								 ...)
{
	struct buf b = BUF_INIT;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f = check_fail(out, key ? key : file->path, "%s", buf_str(&b));
	f->layer = file->layer;
	f->history = image_layer_step(img, file->layer);
	buf_release(&b);
}

/* Fail with "history:<step>" as evidence, annotated with the step and its layer. */
__attribute__((format(printf, 4, 5))) void image_check_fail_step(const struct image *img,
								 size_t step, struct findings *out,
								 const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct finding *f;
	char key[32];
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	snprintf(key, sizeof(key), "history:%zu", step);
	f = check_fail(out, key, "%s", buf_str(&b));
	f->history = (int)step;
	f->layer = img->history[step].layer;
	buf_release(&b);
}

/* The policy's extra secret file globs, or NULL without a policy. */
const struct strlist *image_check_policy_secret_files(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->secret_files : NULL;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("/._-", c));
}

/* Does s contain needle as a whole token ("22/tcp" in "map[22/tcp:{}]", not in "122/tcp")? */
static int has_token(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		if ((p == s || !is_word_char(p[-1])) && !is_word_char(p[n]))
			return 1;
	return 0;
}

/*
 * The last history step running instruction instr (USER, EXPOSE...) whose
 * arguments mention needle (NULL: any), or -1: where the Dockerfile set it.
 */
int image_check_step_of(const struct image *img, const char *instr, const char *needle)
{
	size_t n = strlen(instr);

	for (size_t i = img->nhistory; i-- > 0;) {
		const char *s = img->history[i].created_by, *nop;

		if (!s)
			continue;
		if ((nop = strstr(s, "#(nop)")))
			s = nop + 6;
		s += strspn(s, " \t");
		if (!strncmp(s, instr, n) && s[n] == ' ' && (!needle || has_token(s + n, needle)))
			return (int)i;
	}
	return -1;
}
