// SPDX-License-Identifier: GPL-2.0-or-later
// After boot umk is sealed: a guest (here its root, uid 0 inside) cannot
// add code to umk.  init_module (an image in guest memory), finit_module
// (a file of the guest tree, whatever the flags and parameters) and
// delete_module all fail with EPERM, as Linux with modules_disabled, and
// umk is unharmed: the process goes on, /proc/modules is as it was (the
// modules of the host's /etc/umk/modules.conf, if any), and a child still
// runs.
// umk-only: natively, as root, these would reach the host kernel.
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "../guest/guest.h"

static long init_module(const void *image, unsigned long len, const char *params)
{
	return syscall(SYS_init_module, image, len, params);
}

static long finit_module(int fd, const char *params, int flags)
{
	return syscall(SYS_finit_module, fd, params, flags);
}

static long delete_module(const char *name, unsigned flags)
{
	return syscall(SYS_delete_module, name, flags);
}

static int read_modules(char *buf, size_t size)
{
	int fd = CHECK_OK(open("/proc/modules", O_RDONLY | O_CLOEXEC));
	int n = CHECK_OK(read(fd, buf, size - 1));

	buf[n] = 0;
	close(fd);
	return n;
}

int main(int argc __attribute__((unused)), char **argv)
{
	static char image[65536], before[4096], after[4096];
	int fd, n, status;
	pid_t pid;

	CHECK(getuid() == 0, "this test runs as the guest's root, not uid %d", getuid());
	read_modules(before, sizeof(before));
	fd = CHECK_OK(open(argv[0], O_RDONLY | O_CLOEXEC));
	n = CHECK_OK(read(fd, image, sizeof(image)));

	CHECK_ERR(init_module(image, n, ""), EPERM);
	CHECK_ERR(init_module(image, 0, ""), EPERM);
	CHECK_ERR(init_module(wild(16), 4096, wild(16)), EPERM);
	CHECK_ERR(finit_module(fd, "", 0), EPERM);
	CHECK_ERR(finit_module(fd, "x=1", 3), EPERM);
	CHECK_ERR(finit_module(fd, "", 4), EPERM);
	CHECK_ERR(finit_module(-1, "", 0), EPERM);
	CHECK_ERR(finit_module(fd, wild(16), ~0), EPERM);
	CHECK_ERR(delete_module("hello", 0), EPERM);
	CHECK_ERR(delete_module("hello", O_NONBLOCK | O_TRUNC), EPERM);
	CHECK_ERR(delete_module(wild(16), 0), EPERM);
	close(fd);

	/* umk is fine: nothing was loaded, and a child still comes and goes */
	read_modules(after, sizeof(after));
	CHECK(!strcmp(before, after), "/proc/modules changed: was \"%s\", is \"%s\"", before,
	      after);
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(7);
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "child status %#x", status);
	return 0;
}
