/*
 * dockerfile.h - a small Dockerfile reader for report locations.
 *
 * It splits a Dockerfile into instructions (continuation lines, comments,
 * parser directives, heredocs) with their line ranges, and maps an image's
 * history steps to the instructions of the final build stage, so that SARIF
 * and Code Quality can point at "USER root" on line 12 instead of a path
 * inside the image. It never executes or expands anything.
 */
#ifndef DOCKERFILE_H
#define DOCKERFILE_H

#include "dockgate.h"
#include "facts.h"

/* Largest Dockerfile read; larger ones are refused. */
#define DOCKERFILE_MAX_BYTES (1024 * 1024)

struct dockerfile_instr {
	char *keyword;		  /* upper case: "FROM", "RUN", "USER" ... */
	char *args;		  /* the rest, continuation lines joined with " " */
	int start_line, end_line; /* 1-based, inclusive */
	int stage;		  /* 0-based build stage (count of FROM before, minus 1) */
};

struct dockerfile {
	struct dockerfile_instr *v;
	size_t n, alloc;
	int last_from; /* index of the FROM of the final stage, -1 if none */
};

/* Parse text (len bytes). Never fails: unknown lines are kept as instructions. */
void dockerfile_parse(struct dockerfile *, const char *text, size_t len);
/* Read and parse a file; -1 with err when it cannot be read or is too large. */
int dockerfile_load(struct dockerfile *, const char *path, struct errbuf *err);
void dockerfile_release(struct dockerfile *);

/*
 * The instruction keyword that made a history step ("RUN", "USER"...), from
 * its created_by text in the classic builder or BuildKit form; NULL when
 * unknown. Returns a static string.
 */
const char *dockerfile_step_keyword(const char *created_by);

/*
 * For each history step of img, the index of the final-stage instruction
 * that made it, or -1 (steps of the base image and steps that could not be
 * matched). Steps are matched from the last one backwards, in order; the
 * first mismatch ends the matching. Returns an array of img->nhistory ints
 * (owned by the caller; NULL when the image has no history).
 */
int *dockerfile_map_history(const struct dockerfile *, const struct image *img);

/*
 * The last instruction of the final stage with this keyword, and when
 * defines is not NULL, whose arguments define that name (ENV/ARG "NAME=",
 * "NAME value"; EXPOSE "80/tcp"). -1 when none.
 */
int dockerfile_find(const struct dockerfile *, const char *keyword, const char *defines);

#endif
