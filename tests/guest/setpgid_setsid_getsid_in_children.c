// SPDX-License-Identifier: GPL-2.0-or-later
// Sessions and process groups: a child's setsid() returns its pid and
// makes it leader of a new session and group (getsid/getpgid say so, the
// parent's getsid(child) agrees, ours is unchanged), a second setsid is
// EPERM; a group leader cannot setsid (EPERM); a session leader cannot
// setpgid (EPERM); the parent can setpgid its child into a group, not into
// a group of another session (EPERM), and not after the child exec'd
// (EACCES).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "guest.h"

static int child_checks(void)
{
	pid_t me = getpid();

	if (setsid() != me)
		return 10;
	if (getsid(0) != me || getpgid(0) != me || getpgrp() != me)
		return 11;
	if (setsid() != -1 || errno != EPERM)
		return 12;
	if (setpgid(0, 0) != -1 || errno != EPERM)
		return 13;
	return 0;
}

static int wait_code(pid_t pid)
{
	int status;

	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status), "child died: %#x", status);
	return WEXITSTATUS(status);
}

int main(void)
{
	pid_t my_sid = getsid(0), pid, pid2;
	int go[2], code;
	char c;

	/* 0 is a valid answer natively: in a pid namespace whose session
	 * leader lives outside it (a CI container), the sid has no number. */
	CHECK(my_sid >= 0, "getsid(0): %s", strerror(errno));

	/* A child becomes a session leader. */
	CHECK_OK(pipe(go));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int r = child_checks();
		if (write(go[1], "x", 1) != 1)
			_exit(20);
		close(go[0]);
		/* Stay alive until the parent looked at us. */
		pause();
		_exit(r);
	}
	CHECK(read(go[0], &c, 1) == 1, "no word from the child");
	CHECK(getsid(pid) == pid, "getsid(child) %d, want %d", getsid(pid), pid);
	CHECK(getpgid(pid) == pid, "getpgid(child) %d, want %d", getpgid(pid), pid);
	CHECK(getsid(0) == my_sid, "our session changed to %d", getsid(0));
	/* The child is in another session: we cannot move it (EPERM). */
	CHECK_ERR(setpgid(pid, getpgrp()), EPERM);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK(waitpid(pid, NULL, 0) == pid, "waitpid");

	/* A group leader cannot setsid. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (setpgid(0, 0) != 0)
			_exit(30);
		if (getpgrp() != getpid())
			_exit(31);
		_exit(setsid() == -1 && errno == EPERM ? 0 : 32);
	}
	code = wait_code(pid);
	CHECK(code == 0, "group leader's setsid: child exit %d (32: it did not fail with EPERM)",
	      code);

	/* The parent moves two children into one new group. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(40);
		_exit(getpgrp() == getpid() ? 0 : 41);
	}
	pid2 = CHECK_OK(fork());
	if (pid2 == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(40);
		_exit(getpgrp() == pid ? 0 : 41);
	}
	CHECK_OK(setpgid(pid, pid));
	CHECK_OK(setpgid(pid2, pid));
	CHECK(getpgid(pid2) == pid, "getpgid(second child) %d, want %d", getpgid(pid2), pid);
	CHECK(write(go[1], "ab", 2) == 2, "write");
	CHECK(wait_code(pid) == 0, "the first child is not its own group leader");
	CHECK(wait_code(pid2) == 0, "the second child is not in the first's group");

	/* No setpgid of a child after it exec'd. */
	int ex[2];
	CHECK_OK(pipe2(ex, O_CLOEXEC));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(ex[0]);
		execl("/bin/sleep", "sleep", "100", (char *)NULL);
		_exit(127);
	}
	close(ex[1]);
	/* EOF on the close-on-exec pipe: the exec happened. */
	CHECK(read(ex[0], &c, 1) == 0, "exec did not close the pipe");
	CHECK_ERR(setpgid(pid, pid), EACCES);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK(waitpid(pid, NULL, 0) == pid, "waitpid");

	CHECK_ERR(setpgid(-1, 0), EINVAL);
	CHECK_ERR(getsid(999999999), ESRCH);
	return 0;
}
