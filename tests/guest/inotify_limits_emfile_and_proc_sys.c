// SPDX-License-Identifier: GPL-2.0-or-later
// inotify's limits: /proc/sys/fs/inotify/{max_queued_events,
// max_user_instances, max_user_watches} hold positive numbers; a user has
// at most max_user_instances instances (EMFILE past it; closing one makes
// room); past max_user_watches a new watch is ENOSPC (tried when the limit
// is small enough to reach, as under umk with little memory).
#include <sys/resource.h>
#include "inotify_events.h"

static long limit(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/fs/inotify/%s", name);
	f = fopen(path, "r");
	CHECK(f, "%s: %s", path, strerror(errno));
	CHECK(fscanf(f, "%ld", &v) == 1 && v > 0, "%s: %ld", path, v);
	fclose(f);
	return v;
}

int main(void)
{
	long instances = limit("max_user_instances");
	long watches = limit("max_user_watches");
	struct rlimit rl;
	int fds[4096], n = 0, in, i, err = 0;
	char name[600];

	CHECK(limit("max_queued_events") > 0, "max_queued_events");
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (instances + 16 > (long)rl.rlim_cur || instances >= 4096) {
		printf("max_user_instances %ld is more than fds allow\n", instances);
	} else {
		/* (other processes of the user may hold some already, and
		 * natively may take or let go of some meanwhile: a umk that
		 * just ended, say, whose zygote's exit frees its instance a
		 * few ms later; so each step is tried again a few times) */
		while (n <= instances) {
			in = inotify_init1(IN_CLOEXEC);
			if (in < 0) {
				err = errno;
				break;
			}
			fds[n++] = in;
		}
		CHECK(err == EMFILE, "instance %d: %s, want EMFILE", n, strerror(err));
		for (i = 0; i < 50; i++) {
			/* closing one makes room, and the room is taken again */
			CHECK_OK(close(fds[--n]));
			in = inotify_init1(0);
			if (in < 0) {
				CHECK(errno == EMFILE, "after a close: %s", strerror(errno));
				usleep(20000);	/* another process took it */
				continue;
			}
			fds[n++] = in;
			in = inotify_init1(0);
			if (in < 0)
				break;
			if (n < 4000)	/* another process let one go */
				fds[n++] = in;
			usleep(20000);
		}
		CHECK(i < 50 && errno == EMFILE, "a full user's inotify_init1: %s, want EMFILE",
		      in < 0 ? strerror(errno) : "no error");
		while (n)
			CHECK_OK(close(fds[--n]));
	}

	if (watches > 20000) {
		printf("max_user_watches %ld: ENOSPC is not tried\n", watches);
		return 0;
	}
	in = CHECK_OK(inotify_init1(0));
	for (i = 0; i <= watches; i++) {
		guest_path(name, sizeof(name), "");
		snprintf(name + strlen(name), 32, "w%d", i);
		CHECK_OK(close(CHECK_OK(open(name, O_CREAT | O_WRONLY, 0644))));
		if (inotify_add_watch(in, name, IN_MODIFY) < 0) {
			CHECK(errno == ENOSPC, "watch %d: %s, want ENOSPC", i,
			      strerror(errno));
			break;
		}
	}
	CHECK(i <= watches, "%d watches, the limit is %ld", i, watches);
	CHECK_OK(close(in));
	for (; i >= 0; i--) {
		guest_path(name, sizeof(name), "");
		snprintf(name + strlen(name), 32, "w%d", i);
		CHECK_OK(unlink(name));
	}
	return 0;
}
