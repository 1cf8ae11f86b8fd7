// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it raises RLIMIT_NOFILE to 1048576 and opens host files until umk refuses
// A process's fds stop at its RLIMIT_NOFILE soft limit with EMFILE (open,
// pipe, dup; F_DUPFD at the limit is EINVAL, dup2 to it EBADF).  Host
// files hold one of umk's own host fds each: a guest that raises its
// limit as far as Linux lets it (1048576) and opens a host file over and
// over must be refused (EMFILE or ENFILE) before umk runs out, so that
// umk still starts a process for it and for others; once it closes them
// all, host files open again.
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "../guest/guest.h"

/* Enough for a host limit of 65536 (umk refuses at 7/8 of its own limit);
 * more would take long. */
#define MAX_OPENS 60000

/* Fork a child that runs (and opens /etc/passwd, if must_open); true if
 * it ran and could. */
static int child_runs(int must_open)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 0;
	if (pid == 0) {
		_exit(!must_open || open("/etc/passwd", O_RDONLY) >= 0 ? 0 : 1);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void *nothing(void *arg)
{
	return arg;
}

int main(void)
{
	struct rlimit small = { 64, 1048576 }, big = { 1048576, 1048576 };
	int fd = -1, last = -1, pfd[2];

	/* EMFILE at the soft limit */
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &small));
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	CHECK(errno == EMFILE, "open at the limit: %s, not EMFILE", strerror(errno));
	CHECK(last == 63, "the last fd is %d, not 63", last);
	CHECK_ERR(pipe(pfd), EMFILE);
	CHECK_ERR(dup(0), EMFILE);
	CHECK_ERR(fcntl(0, F_DUPFD, 64), EINVAL);
	CHECK_ERR(dup2(0, 64), EBADF);
	CHECK_OK(close(last));
	CHECK(open("/etc/passwd", O_RDONLY) == last, "a freed fd is not reused");
	for (fd = 3; fd <= last; fd++)
		close(fd);

	/* As many host files as umk lets one process have */
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &big));
	long n = 0;

	while (n < MAX_OPENS && (fd = open("/etc/passwd", O_RDONLY)) >= 0)
		n++;
	if (n == MAX_OPENS) {
		/* umk's own limit is high: the line is too far to reach */
		printf("%ld host files opened, no refusal yet: not tried further\n", n);
		return 0;
	}
	CHECK(errno == EMFILE || errno == ENFILE, "open of host file %ld: %s", n, strerror(errno));
	CHECK(n >= 100, "only %ld host files opened", n);
	printf("%ld host files opened, then %s\n", n, strerrorname_np(errno));
	/* umk still starts processes, more than it keeps ready, and a
	 * thread */
	for (int i = 0; i < 8; i++)
		CHECK(child_runs(0), "no child %d while the host files are open", i);
	pthread_t t;

	CHECK(pthread_create(&t, NULL, nothing, NULL) == 0, "no thread while the host files are open");
	CHECK(pthread_join(t, NULL) == 0, "pthread_join");
	for (fd = 3; fd < n + 3; fd++)
		close(fd);
	CHECK(child_runs(1), "no host file for a child after the close");
	CHECK_OK(open("/etc/passwd", O_RDONLY));
	return 0;
}
