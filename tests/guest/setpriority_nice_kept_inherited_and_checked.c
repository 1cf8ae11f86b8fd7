// SPDX-License-Identifier: GPL-2.0-or-later
// setpriority/getpriority: a nice value set for the process reads back
// (PRIO_PROCESS, PRIO_PGRP, PRIO_USER), is inherited by a child, and can
// be raised by the child for itself; lowering it again needs privilege
// (EACCES for an unprivileged user with RLIMIT_NICE 0, allowed for root);
// no such process is ESRCH, a bad "which" EINVAL; values clamp to 19.
#include <sys/resource.h>
#include <sys/wait.h>
#include "guest.h"

static int get(int which, int who)
{
	errno = 0;
	int n = getpriority(which, who);

	CHECK(errno == 0, "getpriority(%d, %d): %s", which, who, strerror(errno));
	return n;
}

int main(void)
{
	struct rlimit rl = { 0, 0 };
	int st;

	CHECK_OK(setpriority(PRIO_PROCESS, 0, 5));
	CHECK(get(PRIO_PROCESS, 0) == 5, "PRIO_PROCESS reads %d", get(PRIO_PROCESS, 0));
	CHECK(get(PRIO_PROCESS, getpid()) == 5, "by pid");
	CHECK(get(PRIO_PGRP, 0) <= 5, "PRIO_PGRP reads %d", get(PRIO_PGRP, 0));
	CHECK(get(PRIO_USER, 0) <= 5, "PRIO_USER reads %d", get(PRIO_USER, 0));

	pid_t pid = CHECK_OK(fork());
	if (!pid) {
		if (getpriority(PRIO_PROCESS, 0) != 5)
			_exit(2);
		if (setpriority(PRIO_PROCESS, 0, 100) || getpriority(PRIO_PROCESS, 0) != 19)
			_exit(3);
		setrlimit(RLIMIT_NICE, &rl);
		int r = setpriority(PRIO_PROCESS, 0, 10);

		if (geteuid() == 0 ? r != 0 : !(r == -1 && errno == EACCES))
			_exit(4);
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	CHECK(get(PRIO_PROCESS, 0) == 5, "the child changed the parent's nice");

	CHECK_ERR(getpriority(PRIO_PROCESS, pid), ESRCH);
	CHECK_ERR(setpriority(PRIO_PROCESS, pid, 1), ESRCH);
	CHECK_ERR(getpriority(5, 0), EINVAL);
	return 0;
}
