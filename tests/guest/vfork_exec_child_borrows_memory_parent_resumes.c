// SPDX-License-Identifier: GPL-2.0-or-later
// vfork: the parent is suspended until the child execs or exits; the child
// runs in the parent's memory (a store before _exit is seen by the
// parent); a vfork child that execs /bin/true exits 0, one that execs
// sh -c 'exit 5' exits 5; many in a row work.
#include <sys/wait.h>
#include "guest.h"

static volatile int shared;

int main(void)
{
	int status;
	pid_t pid;

	pid = vfork();
	CHECK(pid >= 0, "vfork: %s", strerror(errno));
	if (pid == 0) {
		shared = 1234;
		_exit(3);
	}
	CHECK(shared == 1234, "the vfork child's store is not seen (%d)", shared);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "status %#x", status);

	for (volatile int i = 0; i < 50; i++) {
		pid = vfork();
		CHECK(pid >= 0, "vfork #%d: %s", i, strerror(errno));
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "vfork+exec /bin/true #%d: status %#x", i, status);
	}

	pid = vfork();
	CHECK(pid >= 0, "vfork: %s", strerror(errno));
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 5", (char *)NULL);
		_exit(127);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5,
	      "vfork+exec sh -c 'exit 5': status %#x", status);
	return 0;
}
