// SPDX-License-Identifier: GPL-2.0-or-later
// A process of another user may read /proc/PID/stat and cmdline but not
// maps, smaps or environ (Linux's ptrace read check): EACCES; its own
// are readable.  Natively this needs root (to become uid 65534); run as
// a normal user, the test has nothing to check and passes.
#include <fcntl.h>
#include <sys/wait.h>
#include "guest.h"

static int try_open(pid_t pid, const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	return fd >= 0 ? 0 : errno;
}

int main(void)
{
	pid_t parent = getpid(), pid;
	int status;

	if (geteuid() != 0)
		return 0;
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setgid(65534));
		CHECK_OK(setuid(65534));
		CHECK(try_open(parent, "stat") == 0, "stat: %s", strerror(errno));
		CHECK(try_open(parent, "cmdline") == 0, "cmdline");
		CHECK(try_open(parent, "maps") == EACCES, "maps: %s",
		      strerror(try_open(parent, "maps")));
		CHECK(try_open(parent, "smaps") == EACCES, "smaps");
		CHECK(try_open(parent, "environ") == EACCES, "environ");
		CHECK(try_open(getpid(), "maps") == 0, "own maps");
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed");
	return 0;
}
