/*
 * image_util.h - pure parsers the image checks share: account files
 * (/etc/passwd, /etc/group, /etc/shadow), image history instructions, shell
 * command lines of RUN steps and the package managers they run, image paths.
 * What makes a name, value or file secret is in image_secret.h.
 *
 * Everything here reads strings from the audited image: nothing trusts
 * them, nothing does I/O, every result is owned by the caller.
 */
#ifndef IMAGE_UTIL_H
#define IMAGE_UTIL_H

#include "dockgate.h"
#include "facts.h"

struct buf;

/* One line of /etc/passwd, /etc/group or /etc/shadow: the fields checks use. */
struct account {
	char *name;	/* field 1 */
	char *password; /* field 2: "x", "!", "*", a hash, or "" */
	long long id;	/* field 3 as a number (uid, gid), -1 when not numeric */
	unsigned line;	/* 1-based line number */
};

struct accounts {
	struct account *v;
	size_t n, alloc;
};

/*
 * Parse colon-separated account text. Comments, NIS "+"/"-" lines, blank
 * lines and lines without a second field are skipped. text may be NULL.
 */
void accounts_parse(struct accounts *, const char *text);
void accounts_release(struct accounts *);
const struct account *accounts_find(const struct accounts *, const char *name);

/* What an image history step ("created_by") did. */
enum history_kind {
	HISTORY_OTHER, /* LABEL, USER, imported base, unknown */
	HISTORY_RUN,
	HISTORY_ENV,
	HISTORY_ARG,
	HISTORY_ADD,
	HISTORY_COPY,
	HISTORY_USER,
};

struct history_instr {
	enum history_kind kind;
	char *body;		   /* arguments of the instruction; for RUN the command line */
	struct strlist build_args; /* RUN: "NAME=value" of the "|N ..." build-arg prefix */
};

/*
 * Understand one created_by string of the legacy builder
 * ("/bin/sh -c #(nop)  ENV A=b", "|1 T=x /bin/sh -c make") and of BuildKit
 * ("RUN /bin/sh -c make # buildkit", "ADD app.tgz /app # buildkit").
 */
void history_parse(const char *created_by, struct history_instr *);
void history_instr_release(struct history_instr *);

/*
 * Split ENV/ARG arguments into "NAME=value" items (quotes removed). With
 * legacy_env, the "ENV NAME value words" form becomes one "NAME=value words"
 * item. A name without "=" (ARG NAME) stays as it is.
 */
void history_split_assignments(const char *body, int legacy_env, struct strlist *out);

/*
 * Describe the sources of an ADD step for a message: "fetches the remote URL
 * https://host/path" (user info, query and fragment dropped, so no
 * credential), "unpacks the local archive app.tgz", or "copies files where
 * COPY would do".
 */
void history_add_describe(const char *body, struct buf *out);

/* One simple command of a shell script: its words with quotes removed. */
struct shell_cmd {
	struct strlist words;
};

struct shell_cmds {
	struct shell_cmd *v;
	size_t n, alloc;
};

/*
 * Split a shell script into simple commands at ;, &&, ||, |, &, newlines and
 * parentheses, honouring quotes, backslashes and $(...). The script of a
 * nested "sh -c '...'" is split too and its commands follow the sh command.
 */
void shell_split(const char *script, struct shell_cmds *);
void shell_cmds_release(struct shell_cmds *);

/*
 * Index of the program word of a simple command, after assignments,
 * redirections, keywords (then, do, !...) and wrappers (sudo, env, nice,
 * exec...) with their options; words.n when there is none. *sudo is set to
 * 1 when sudo or doas is one of the wrappers (it is left alone otherwise).
 */
size_t shell_cmd_program(const struct shell_cmd *, int *sudo);

/* "/usr/bin/apt-get" -> "apt-get" */
const char *path_basename(const char *path);
/* Is one of the components of path exactly name ("a/name/b")? */
int path_has_component(const char *path, const char *name);
/* Is path inside a third-party package tree (node_modules, site-packages, gems...)? */
int path_in_package_tree(const char *path);

enum pkg_action {
	PKG_NONE,
	PKG_UPDATE,  /* refreshes the index (apt-get update), or yum/dnf update without install */
	PKG_INSTALL, /* installs or upgrades packages (apt-get install, apk add...) */
};

/*
 * What a simple command does with a package manager (apt-get, apt, apk,
 * yum, dnf, microdnf, tdnf, zypper); *tool and *verb name the match with
 * static strings ("apt-get", "update") when it is not PKG_NONE.
 */
enum pkg_action shell_cmd_package_action(const struct shell_cmd *, const char **tool,
					 const char **verb);

/*
 * A set of strings in insertion order with hashed lookup, so checks can
 * report each evidence key once without quadratic time on hostile images.
 */
struct strset {
	struct strlist keys; /* insertion order */
	size_t *slots;	     /* index + 1 into keys, 0 = empty */
	size_t nslots;
};

/* Index of key in the set, adding a copy when absent (*added says which). */
size_t strset_add(struct strset *, const char *key, int *added);
void strset_clear(struct strset *);

/* History step that created a layer, or -1. */
int image_layer_step(const struct image *, int layer);

#endif
