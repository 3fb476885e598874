/*
 * fuzz_policy.c - libFuzzer target for the policy loader (libyaml and the
 * schema walk). policy_load() reads a path, so each input goes through a
 * file in /dev/shm (or $TMPDIR).
 */
#include "dockgate.h"
#include "policy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char path[256];
	struct errbuf err = { "" };
	struct policy p;
	FILE *fp;

	if (!*path)
		snprintf(path, sizeof(path), "%s/dockgate-fuzz-policy.%ld.yml",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
	fp = fopen(path, "w");
	if (!fp)
		abort();
	if (len && fwrite(data, 1, len, fp) != len)
		abort();
	fclose(fp);
	policy_init(&p);
	policy_load(&p, path, &err);
	policy_release(&p);
	return 0;
}
