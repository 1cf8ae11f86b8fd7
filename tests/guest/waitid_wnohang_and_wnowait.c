// SPDX-License-Identifier: GPL-2.0-or-later
// waitid: WNOHANG on a running child returns 0 with si_pid 0; WNOWAIT
// reports an exited child and leaves it waitable (twice, same siginfo);
// the siginfo says CLD_EXITED with the exit code, or CLD_KILLED with the
// signal; P_PGID and P_ALL select; with no children left it is ECHILD.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

int main(void)
{
	int go[2];
	siginfo_t si;
	pid_t pid, pid2;
	char c = 'x';

	CHECK_OK(pipe(go));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(99);
		_exit(21);
	}
	close(go[0]);

	memset(&si, 0xff, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOHANG));
	CHECK(si.si_pid == 0, "WNOHANG on a running child: si_pid %d, want 0",
	      si.si_pid);

	CHECK(write(go[1], &c, 1) == 1, "write");
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK(si.si_pid == pid && si.si_signo == SIGCHLD &&
		      si.si_code == CLD_EXITED && si.si_status == 21,
	      "WNOWAIT: pid %d signo %d code %d status %d, want %d %d %d 21",
	      si.si_pid, si.si_signo, si.si_code, si.si_status, pid, SIGCHLD,
	      CLD_EXITED);
	CHECK(si.si_uid == getuid(), "si_uid %d, want %d", si.si_uid, getuid());

	/* Still there: WNOWAIT again, then for real with P_ALL. */
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT | WNOHANG));
	CHECK(si.si_pid == pid && si.si_status == 21,
	      "second WNOWAIT: pid %d status %d", si.si_pid, si.si_status);
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_ALL, 0, &si, WEXITED));
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 21,
	      "P_ALL: pid %d code %d status %d", si.si_pid, si.si_code,
	      si.si_status);
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED | WNOHANG), ECHILD);

	/* A child killed by a signal, found through its process group. */
	pid2 = CHECK_OK(fork());
	if (pid2 == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(setpgid(pid2, pid2));
	CHECK_OK(kill(pid2, SIGUSR2));
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PGID, pid2, &si, WEXITED));
	CHECK(si.si_pid == pid2 && si.si_code == CLD_KILLED &&
		      si.si_status == SIGUSR2,
	      "killed child: pid %d code %d status %d, want %d %d %d",
	      si.si_pid, si.si_code, si.si_status, pid2, CLD_KILLED, SIGUSR2);

	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, 0), EINVAL);
	return 0;
}
