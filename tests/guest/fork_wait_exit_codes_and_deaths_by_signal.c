// SPDX-License-Identifier: GPL-2.0-or-later
// fork + exit/exec + waitpid: the parent sees each child's exit code (0, 1,
// 42, 255, exit(256) wraps to 0), an exec'd program's status, 127 from a
// child whose exec failed with ENOENT, and deaths by signal (SIGKILL,
// SIGTERM, also of children blocked in nanosleep and in a pipe read,
// SIGSEGV from a NULL store, SIGABRT from abort) as WIFSIGNALED with the
// right WTERMSIG.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* waitpid for up to SECONDS: the pid, or 0 if the child is still there. */
static pid_t wait_deadline(pid_t pid, int *status, double seconds)
{
	struct timespec ts = { 0, 1000 * 1000 };
	double end = now() + seconds;
	pid_t r;

	for (;;) {
		r = waitpid(pid, status, WNOHANG);
		CHECK(r == 0 || r == pid, "waitpid(%d): %s", pid, strerror(errno));
		if (r == pid || now() > end)
			return r;
		nanosleep(&ts, NULL);
	}
}

/* The child's status, waited for 5 s at most (then it is SIGKILLed). */
static int wait_for(pid_t pid)
{
	int status;

	if (wait_deadline(pid, &status, 5) == pid)
		return status;
	kill(pid, SIGKILL);
	CHECK(wait_deadline(pid, &status, 2) == pid,
	      "child %d did not end within 5 s, nor within 2 s of a SIGKILL", pid);
	FAIL("child %d did not end within 5 s (then SIGKILL ended it: status %#x)",
	     pid, status);
}

static void want_exit(pid_t pid, int code, const char *what)
{
	int st = wait_for(pid);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == code,
	      "%s: status %#x, want exit %d", what, st, code);
}

static void want_signal(pid_t pid, int sig, const char *what)
{
	int st = wait_for(pid);

	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig,
	      "%s: status %#x, want death by signal %d", what, st, sig);
}

int main(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256 };
	pid_t pid;

	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid = CHECK_OK(fork());
		if (pid == 0)
			_exit(codes[i]);
		char what[32];
		snprintf(what, sizeof(what), "_exit(%d)", codes[i]);
		want_exit(pid, codes[i] & 0xff, what);
	}

	/* exit() through atexit and stdio, not _exit. */
	pid = CHECK_OK(fork());
	if (pid == 0)
		exit(7);
	want_exit(pid, 7, "exit(7)");

	pid = CHECK_OK(fork());
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 9", (char *)NULL);
		_exit(100);
	}
	want_exit(pid, 9, "exec of sh -c 'exit 9'");

	pid = CHECK_OK(fork());
	if (pid == 0) {
		execl("/nonexistent/umk-test-program", "x", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	want_exit(pid, 127, "exec of a missing program (ENOENT)");

	/* Deaths by signal. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	want_signal(pid, SIGKILL, "kill(SIGKILL)");

	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGTERM));
	want_signal(pid, SIGTERM, "kill(SIGTERM)");

	/* Blocked in a system call: nanosleep, read on an empty pipe. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct timespec ts = { 100, 0 };

		nanosleep(&ts, NULL);
		_exit(0);
	}
	usleep(50 * 1000);
	CHECK_OK(kill(pid, SIGTERM));
	want_signal(pid, SIGTERM, "kill(SIGTERM) of a child in nanosleep");

	int fds[2];
	CHECK_OK(pipe(fds));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char c;

		(void)!read(fds[0], &c, 1);
		_exit(0);
	}
	usleep(50 * 1000);
	CHECK_OK(kill(pid, SIGINT));
	want_signal(pid, SIGINT, "kill(SIGINT) of a child in read on a pipe");
	close(fds[0]);
	close(fds[1]);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		*(volatile int *)wild(0) = 1;
		_exit(0);
	}
	want_signal(pid, SIGSEGV, "store through NULL");

	pid = CHECK_OK(fork());
	if (pid == 0)
		abort();
	want_signal(pid, SIGABRT, "abort()");

	/* A signal the child raises itself, and one exec'd sh sends itself. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(0);
	}
	want_signal(pid, SIGUSR1, "raise(SIGUSR1)");

	pid = CHECK_OK(fork());
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "kill -HUP $$", (char *)NULL);
		_exit(100);
	}
	want_signal(pid, SIGHUP, "sh -c 'kill -HUP $$'");

	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return 0;
}
