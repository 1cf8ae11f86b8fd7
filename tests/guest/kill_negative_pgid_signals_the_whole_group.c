// SPDX-License-Identifier: GPL-2.0-or-later
// kill(-pgid, sig) reaches every process of the group and no other: a
// child makes its own group and forks two grandchildren into it; one
// kill(-pgid, SIGTERM) kills all three, this process (another group) is
// untouched; afterwards the group is empty (kill is ESRCH).  We are a
// subreaper, so the orphaned grandchildren come back to us to be waited.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "guest.h"

static volatile sig_atomic_t got_term;

static void on_term(int sig __attribute__((unused)))
{
	got_term = 1;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_term };
	int ready[2], status, dead = 0;
	pid_t leader;
	char buf[3];

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGTERM, &sa, NULL));
	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	CHECK_OK(pipe(ready));
	leader = CHECK_OK(fork());
	if (leader == 0) {
		signal(SIGTERM, SIG_DFL);
		if (setpgid(0, 0) != 0)
			_exit(2);
		for (int i = 0; i < 2; i++) {
			pid_t gc = fork();

			if (gc < 0)
				_exit(3);
			if (gc == 0) {
				if (write(ready[1], "g", 1) != 1)
					_exit(4);
				for (;;)
					pause();
			}
		}
		if (write(ready[1], "l", 1) != 1)
			_exit(5);
		for (;;)
			pause();
	}
	close(ready[1]);
	for (int got = 0; got < 3;) {
		ssize_t r = read(ready[0], buf, 3 - got);

		CHECK(r > 0, "the group did not get ready (read %zd)", r);
		got += r;
	}
	CHECK(getpgid(leader) == leader, "the child's group is %d, want %d",
	      getpgid(leader), leader);
	CHECK(getpgrp() != leader, "we are in the child's group");

	CHECK_OK(kill(-leader, SIGTERM));
	for (;;) {
		pid_t p = waitpid(-1, &status, 0);

		if (p == -1 && errno == EINTR)
			continue;
		if (p == -1) {
			CHECK(errno == ECHILD, "waitpid: %s", strerror(errno));
			break;
		}
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
		      "process %d ended with status %#x, want death by SIGTERM", p, status);
		dead++;
	}
	CHECK(dead == 3, "%d processes died, want 3 (the leader and 2 grandchildren)", dead);
	CHECK(!got_term, "kill(-pgid) reached this process, outside the group");
	CHECK_ERR(kill(-leader, SIGTERM), ESRCH);
	return 0;
}
