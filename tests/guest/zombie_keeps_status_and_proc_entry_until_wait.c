// SPDX-License-Identifier: GPL-2.0-or-later
// A child that exited is a zombie until its parent waits: its status
// stays (waited for later, not lost), /proc/PID exists with state Z,
// kill(pid, 0) still succeeds; after the wait the pid is gone (ESRCH, no
// /proc/PID) and a second wait is ECHILD.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

/* The state letter of /proc/PID/stat, or 0 when it cannot be read. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	FILE *f;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

int main(void)
{
	int fds[2], status;
	char path[64], c;
	struct stat st;
	pid_t pid;

	CHECK_OK(pipe(fds));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(fds[0]);
		_exit(33);
	}
	close(fds[1]);
	/* EOF on the pipe: the child has exited (its write end is closed). */
	CHECK(read(fds[0], &c, 1) == 0, "read on the pipe did not see EOF");

	/* Wait (up to 5 s) until /proc says zombie. */
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;
	for (i = 0; i < 500 && proc_state(pid) != 'Z'; i++)
		nanosleep(&ts, NULL);
	CHECK(proc_state(pid) == 'Z', "/proc/%d/stat state '%c', want 'Z'",
	      pid, proc_state(pid) ? proc_state(pid) : '?');

	snprintf(path, sizeof(path), "/proc/%d", pid);
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode),
	      "%s is missing while the child is a zombie", path);
	CHECK(kill(pid, 0) == 0, "kill(zombie, 0): %s", strerror(errno));

	/* Still there a while later: nothing reaps it behind our back. */
	ts.tv_nsec = 100 * 1000 * 1000;
	nanosleep(&ts, NULL);
	CHECK(proc_state(pid) == 'Z', "the zombie went away without a wait");

	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33,
	      "status %#x, want exit 33", status);

	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK(stat(path, &st) == -1 && errno == ENOENT,
	      "%s still exists after the wait", path);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	return 0;
}
