// SPDX-License-Identifier: GPL-2.0-or-later
// A grandchild whose parent exits is reparented to the nearest subreaper:
// this process sets PR_SET_CHILD_SUBREAPER (so the test means the same
// natively and when it is the guest's init), forks a child that forks a
// grandchild and exits; the grandchild's getppid() becomes our pid, and we
// can wait for it and get its status.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

int main(void)
{
	int fds[2], status, flag = -1;
	pid_t me = getpid(), child, grandchild, seen;

	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0));
	CHECK(flag == 1, "PR_GET_CHILD_SUBREAPER gives %d, want 1", flag);

	CHECK_OK(pipe(fds));
	child = CHECK_OK(fork());
	if (child == 0) {
		pid_t gc = fork();

		if (gc < 0)
			_exit(2);
		if (gc == 0) {
			/* The grandchild: wait (5 s at most) for the new parent. */
			struct timespec ts = { 0, 1000 * 1000 };
			pid_t pp = getppid();

			for (int i = 0; i < 5000 && pp != me; i++) {
				nanosleep(&ts, NULL);
				pp = getppid();
			}
			if (write(fds[1], &pp, sizeof(pp)) != sizeof(pp))
				_exit(3);
			_exit(pp == me ? 44 : 45);
		}
		if (write(fds[1], &gc, sizeof(gc)) != sizeof(gc))
			_exit(4);
		_exit(0);
	}
	close(fds[1]);
	CHECK(read(fds[0], &grandchild, sizeof(grandchild)) == sizeof(grandchild),
	      "no grandchild pid from the child");
	CHECK(waitpid(child, &status, 0) == child, "waitpid(child): %s",
	      strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x", status);

	CHECK(read(fds[0], &seen, sizeof(seen)) == sizeof(seen),
	      "no answer from the grandchild");
	CHECK(seen == me, "the orphan's getppid() is %d, want the subreaper %d",
	      seen, me);

	/* The orphan is now our child: waitpid finds it. */
	CHECK(waitpid(grandchild, &status, 0) == grandchild,
	      "waitpid(grandchild %d): %s", grandchild, strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 44,
	      "grandchild status %#x, want exit 44", status);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return 0;
}
