// SPDX-License-Identifier: GPL-2.0-or-later
// A program some process runs cannot be opened for writing (O_WRONLY,
// O_RDWR, O_RDONLY|O_TRUNC) or truncated: ETXTBSY, until that process is
// gone; it can still be read, renamed and unlinked.  The other way round,
// a file open for writing cannot be executed (ETXTBSY) until closed.  A
// memfd written through its own fd can be run through /proc/self/fd (its
// first fd does not count as a writer).  In the working directory and in
// /tmp (natively skipped if /tmp is mounted noexec).
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static const char *cwd_dir;

/* Copy our own program to fd. */
static void copy_self(int out)
{
	static char buf[65536];
	int in = CHECK_OK(open("/proc/self/exe", O_RDONLY));
	ssize_t n;

	while ((n = CHECK_OK(read(in, buf, sizeof(buf)))) > 0)
		CHECK(write(out, buf, n) == n, "write: %s", strerror(errno));
	CHECK_OK(close(in));
}

/* Run path as "wait FD": it writes a byte to the pipe and waits for
 * SIGKILL.  Returns its pid, or -1 (errno set) if exec failed. */
static pid_t start(const char *path)
{
	int ready[2], st;
	char arg[16], c;
	pid_t pid;

	CHECK_OK(pipe(ready));
	snprintf(arg, sizeof(arg), "%d", ready[1]);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char *argv[] = { "copy", "wait", arg, NULL };
		char *envp[] = { NULL };

		close(ready[0]);
		execve(path, argv, envp);
		_exit(errno);
	}
	CHECK_OK(close(ready[1]));
	if (read(ready[0], &c, 1) != 1) {
		CHECK_OK(waitpid(pid, &st, 0));
		CHECK_OK(close(ready[0]));
		errno = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
		return -1;
	}
	CHECK_OK(close(ready[0]));
	return pid;
}

static void stop(pid_t pid)
{
	int st;

	CHECK_OK(kill(pid, SIGKILL));
	CHECK_OK(waitpid(pid, &st, 0));
}

static void check_in(const char *dir)
{
	char prog[PATH_MAX], moved[PATH_MAX];
	int fd, w;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s/copy", dir);
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	fd = CHECK_OK(open(prog, O_CREAT | O_EXCL | O_WRONLY, 0755));
	copy_self(fd);
	/* open for writing: not executable */
	CHECK(start(prog) < 0 && errno == ETXTBSY,
	      "%s: exec of a file open for writing: %s", dir, strerror(errno));
	CHECK_OK(close(fd));

	pid = start(prog);
	if (pid < 0 && errno == EACCES) {
		fprintf(stderr, "%s is noexec: skipped there\n", dir);
		CHECK_OK(unlink(prog));
		return;
	}
	CHECK(pid > 0, "%s: exec: %s", dir, strerror(errno));
	CHECK_ERR(open(prog, O_WRONLY), ETXTBSY);
	CHECK_ERR(open(prog, O_RDWR), ETXTBSY);
	CHECK_ERR(open(prog, O_RDONLY | O_TRUNC), ETXTBSY);
	CHECK_ERR(truncate(prog, 0), ETXTBSY);
	fd = CHECK_OK(open(prog, O_RDONLY));
	CHECK_OK(close(fd));
	CHECK_OK(rename(prog, moved));
	CHECK_ERR(open(moved, O_WRONLY), ETXTBSY);
	CHECK_OK(rename(moved, prog));
	stop(pid);
	w = CHECK_OK(open(prog, O_WRONLY));
	CHECK_OK(close(w));

	/* unlinking it while it runs is fine */
	pid = start(prog);
	CHECK(pid > 0, "%s: exec: %s", dir, strerror(errno));
	CHECK_OK(unlink(prog));
	stop(pid);
}

int main(int argc, char **argv)
{
	char path[64];
	int fd;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "wait")) {
		CHECK(write(atoi(argv[2]), "r", 1) == 1, "write: %s",
		      strerror(errno));
		for (;;)
			pause();
	}
	cwd_dir = guest_cwd_dir("txtbsy");
	check_in(cwd_dir);
	check_in(guest_tmpdir());

	/* a memfd's own fd is not a writer */
	fd = CHECK_OK(memfd_create("prog", 0));
	copy_self(fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	pid = start(path);
	CHECK(pid > 0, "exec of a memfd: %s", strerror(errno));
	stop(pid);
	CHECK_OK(close(fd));
	return 0;
}
