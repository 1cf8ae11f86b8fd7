// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGTSTP, SIGTTIN and SIGTTOU with their default action do not stop a
 * process of an orphaned process group (a new session's leader: nobody in
 * its session could continue it); SIGSTOP still does.
 */
#include "guest.h"
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
	int status;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		signal(SIGTSTP, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
		if (setsid() < 0)
			_exit(10);
		raise(SIGTSTP);
		raise(SIGTTIN);
		raise(SIGTTOU);
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &status, WUNTRACED));
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP,
	      "status %#x: want stopped by SIGSTOP only", status);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	return 0;
}
