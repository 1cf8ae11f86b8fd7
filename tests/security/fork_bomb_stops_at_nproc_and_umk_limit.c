// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: a fork bomb as root; natively it would be bounded only by the host
// Fork bombs end cleanly.  A non-root user's processes and threads stop at
// its RLIMIT_NPROC with EAGAIN (Linux counts every task of the real uid;
// root is not bound).  Root's stop at umk's own limit on guest tasks
// (TASKS_MAX, 2000) with EAGAIN, before the host's resources run out.
// Once the children are gone, fork works again.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "../guest/guest.h"

static int pfd[2];

/* Children that wait for the pipe to close; how many, errno in *err. */
static int fork_until_refused(int max, int *err)
{
	int n = 0;

	for (; n < max; n++) {
		pid_t pid = fork();

		if (pid < 0) {
			*err = errno;
			break;
		}
		if (pid == 0) {
			char c;

			close(pfd[1]);
			_exit(read(pfd[0], &c, 1) == 0 ? 0 : 1);
		}
	}
	return n;
}

static void reap(int n)
{
	int status;

	for (int i = 0; i < n; i++) {
		pid_t pid = wait(&status);

		CHECK(pid > 0, "wait after %d of %d children: %s", i, n, strerror(errno));
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "a child ended with status %#x", status);
	}
}

static void *sleeper(void *arg)
{
	char c;

	(void)arg;
	read(pfd[0], &c, 1);
	return NULL;
}

/* As user 65534 with RLIMIT_NPROC 16. */
static __attribute__((noreturn)) void as_nobody(void)
{
	struct rlimit lim = { 16, 16 };
	int err = 0, n;
	pthread_t th[32];

	CHECK_OK(setrlimit(RLIMIT_NPROC, &lim));
	CHECK_OK(setgid(65534));
	CHECK_OK(setuid(65534));
	CHECK_OK(pipe(pfd));
	n = fork_until_refused(64, &err);
	/* this process and 15 children make 16 tasks of the user */
	CHECK(n == 15 && err == EAGAIN, "%d children, then %s; want 15, then EAGAIN", n,
	      err ? strerrorname_np(err) : "no error");
	close(pfd[1]);
	reap(n);

	/* threads count too */
	CHECK_OK(pipe(pfd));
	for (n = 0; n < 32; n++) {
		err = pthread_create(&th[n], NULL, sleeper, NULL);
		if (err)
			break;
	}
	CHECK(n == 15 && err == EAGAIN, "%d threads, then %s; want 15, then EAGAIN", n,
	      err ? strerrorname_np(err) : "no error");
	close(pfd[1]);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	n = fork_until_refused(1, &err);
	CHECK(n == 1, "no fork after the threads ended: %s", strerror(err));
	reap(1);
	_exit(0);
}

int main(void)
{
	int status, err = 0, n;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		as_nobody();
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the RLIMIT_NPROC child ended with status %#x", status);

	/* root: umk's own limit */
	CHECK(getuid() == 0, "not root in umk");
	CHECK_OK(pipe(pfd));
	n = fork_until_refused(5000, &err);
	printf("root: %d children, then %s\n", n, err ? strerrorname_np(err) : "no error");
	CHECK(err == EAGAIN, "the fork bomb ended with %s after %d children, not EAGAIN",
	      err ? strerrorname_np(err) : "no error", n);
	CHECK(n >= 100, "only %d children", n);
	close(pfd[1]);
	reap(n);
	n = fork_until_refused(1, &err);
	CHECK(n == 1, "no fork after the bomb: %s", strerror(err));
	reap(1);
	return 0;
}
