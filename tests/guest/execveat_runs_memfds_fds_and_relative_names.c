// SPDX-License-Identifier: GPL-2.0-or-later
// execveat(2) and fexecve(3): a program copied into a memfd runs from its
// fd (AT_EMPTY_PATH), so does an O_PATH fd of a file and a script in a
// memfd (its interpreter gets /dev/fd/N); a name relative to a directory
// fd runs; AT_SYMLINK_NOFOLLOW on a symlink is ELOOP; an empty name
// without AT_EMPTY_PATH is ENOENT; unknown flags are EINVAL.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

static char *const argv_true[] = { "true", NULL };
extern char **environ;

/* Run execveat(dirfd, name, flags) in a child: its exit status, or
 * 1000 + errno when execveat failed. */
static int run(int dirfd, const char *name, int flags, char *const argv[])
{
	int st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		syscall(SYS_execveat, dirfd, name, argv, environ, flags);
		_exit(errno < 100 ? 100 + errno : 99);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st), "child status %#x", st);
	return WEXITSTATUS(st) >= 100 ? 1000 + WEXITSTATUS(st) - 100 : WEXITSTATUS(st);
}

static int memfd_copy(const char *path)
{
	int src = CHECK_OK(open(path, O_RDONLY));
	int fd = CHECK_OK(memfd_create("prog", 0));
	char buf[65536];
	ssize_t n;

	while ((n = read(src, buf, sizeof(buf))) > 0)
		CHECK(write(fd, buf, n) == n, "write: %s", strerror(errno));
	CHECK_OK(n);
	close(src);
	return fd;
}

int main(void)
{
	char top[] = "/tmp/execveatXXXXXX", link[64];
	int fd, dir, st;
	static const char script[] = "#!/bin/sh\nexit 7\n";
	char *const argv_script[] = { "script", NULL };

	/* a dynamic program in a memfd */
	fd = memfd_copy("/bin/true");
	CHECK(run(fd, "", AT_EMPTY_PATH, argv_true) == 0, "memfd program did not run");
	/* fexecve, glibc's way to the same */
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		fexecve(fd, argv_true, environ);
		_exit(99);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fexecve: status %#x", st);
	close(fd);

	/* a script in a memfd: its interpreter reads /dev/fd/N */
	fd = CHECK_OK(memfd_create("script", 0));
	CHECK(write(fd, script, sizeof(script) - 1) == sizeof(script) - 1, "write");
	CHECK(run(fd, "", AT_EMPTY_PATH, argv_script) == 7, "memfd script did not exit 7");
	close(fd);

	/* an O_PATH fd of a file, and a name relative to a directory fd */
	fd = CHECK_OK(open("/bin/true", O_PATH));
	CHECK(run(fd, "", AT_EMPTY_PATH, argv_true) == 0, "O_PATH fd did not run");
	close(fd);
	dir = CHECK_OK(open("/bin", O_RDONLY | O_DIRECTORY));
	CHECK(run(dir, "true", 0, argv_true) == 0, "dirfd-relative name did not run");

	/* errors */
	CHECK(mkdtemp(top), "mkdtemp: %s", strerror(errno));
	snprintf(link, sizeof(link), "%s/link", top);
	CHECK_OK(symlink("/bin/true", link));
	int tdir = CHECK_OK(open(top, O_RDONLY | O_DIRECTORY));

	CHECK(run(tdir, "link", 0, argv_true) == 0, "a symlink did not run");
	CHECK(run(tdir, "link", AT_SYMLINK_NOFOLLOW, argv_true) == 1000 + ELOOP,
	      "AT_SYMLINK_NOFOLLOW on a symlink: not ELOOP");
	CHECK(run(dir, "", 0, argv_true) == 1000 + ENOENT, "empty name: not ENOENT");
	CHECK(run(dir, "true", 0x8000, argv_true) == 1000 + EINVAL, "bad flag: not EINVAL");
	CHECK(run(dir, "", AT_EMPTY_PATH, argv_true) == 1000 + EACCES,
	      "a directory fd itself: not EACCES");
	unlink(link);
	rmdir(top);
	return 0;
}
