// SPDX-License-Identifier: GPL-2.0-or-later
// execve with envp NULL, an empty envp, or argv NULL too starts the
// program with an empty environment (and an empty argv[0] when argv is
// NULL): a dynamically linked /bin/sh runs and exits with what it is told.
#include <sys/wait.h>
#include "guest.h"

static int run(char *const argv[], char *const envp[])
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		execve("/bin/sh", argv, envp);
		_exit(99);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	return status;
}

int main(void)
{
	char *argv[] = { "sh", "-c", "test -z \"$HOME$UMK_TEST_VAR\" && exit 7", NULL };
	char *empty[] = { NULL };
	int st;

	setenv("UMK_TEST_VAR", "set", 1);	/* must not reach the child */
	st = run(argv, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "envp NULL: status %#x", st);
	st = run(argv, empty);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "envp empty: status %#x", st);
	/* argv NULL: sh gets argv[0] "" and nothing to do: it reads stdin,
	 * which is /dev/null here, and exits 0 */
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char **volatile none = NULL;	/* hidden from -Wnonnull */

		if (!freopen("/dev/null", "r", stdin))
			_exit(98);
		execve("/bin/sh", none, none);
		_exit(99);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "argv NULL: status %#x", st);
	return 0;
}
