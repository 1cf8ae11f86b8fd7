// SPDX-License-Identifier: GPL-2.0-or-later
// sethostname(2) and setdomainname(2) (Debian's hostname.sh at boot): as
// root they set what uname(2), gethostname and /proc/sys/kernel/hostname
// and domainname show, len bytes (at most 64, no NUL needed, the rest
// cleared); the errors in Linux's order: EPERM for a non-root caller
// (before EINVAL), EINVAL for a length over 64 or negative, EFAULT.  Root
// also sets them by writing those files (up to a newline); others may not
// open them for writing (EACCES).
//
// Natively the test first takes a UTS namespace of its own (as root, or
// in a user namespace), so the host's name is never touched; umk has no
// unshare yet (ENOSYS), and its names are the guest's own anyway.
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/utsname.h>
#include "guest.h"

static bool can_setuid = true;

static void private_uts(void)
{
	can_setuid = guest_private_ns(CLONE_NEWUTS) != 0;
}

/* /proc/sys/kernel/NAME without its newline */
static const char *proc_name(const char *name)
{
	static char buf[128];
	char path[64];
	long n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	fd = CHECK_OK(open(path, O_RDONLY));
	n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));
	close(fd);
	CHECK(n > 0 && buf[n - 1] == '\n', "%s: no newline", path);
	buf[n - 1] = 0;
	return buf;
}

static void expect_names(const char *host, const char *domain)
{
	struct utsname u;
	char h[128];

	CHECK_OK(uname(&u));
	CHECK(!strcmp(u.nodename, host), "uname nodename '%s', want '%s'", u.nodename, host);
	CHECK(!strcmp(u.domainname, domain), "uname domainname '%s', want '%s'",
	      u.domainname, domain);
	CHECK_OK(gethostname(h, sizeof(h)));
	CHECK(!strcmp(h, host), "gethostname '%s', want '%s'", h, host);
	CHECK(!strcmp(proc_name("hostname"), host), "/proc hostname '%s', want '%s'",
	      proc_name("hostname"), host);
	CHECK(!strcmp(proc_name("domainname"), domain), "/proc domainname '%s', want '%s'",
	      proc_name("domainname"), domain);
}

int main(void)
{
	char long_name[70];
	int status;
	pid_t pid;

	memset(long_name, 'h', sizeof(long_name));
	private_uts();
	if (geteuid() != 0) {
		/* under umk as a user: not allowed, before the length */
		CHECK_ERR(sethostname("x", 1), EPERM);
		CHECK_ERR(setdomainname(long_name, 65), EPERM);
		return 0;
	}
	CHECK_OK(sethostname("umk-test-host", 13));
	CHECK_OK(setdomainname("umk.example", 11));
	expect_names("umk-test-host", "umk.example");

	/* len bytes only, the rest of the old name cleared */
	CHECK_OK(sethostname("abcdef", 3));
	expect_names("abc", "umk.example");
	/* 64 bytes without a NUL; 65 and negative lengths are EINVAL */
	CHECK_OK(sethostname(long_name, 64));
	long_name[64] = 0;
	expect_names(long_name, "umk.example");
	CHECK_ERR(sethostname(long_name, 65), EINVAL);
	CHECK_ERR(syscall(170, "x", -1), EINVAL);
	CHECK_ERR(setdomainname(long_name, 65), EINVAL);
	CHECK_ERR(sethostname(wild(0x1000), 5), EFAULT);
	CHECK_ERR(setdomainname(wild(0x1000), 5), EFAULT);
	expect_names(long_name, "umk.example");
	/* an empty name is allowed */
	CHECK_OK(setdomainname("", 0));
	expect_names(long_name, "");

	/* root writes /proc/sys/kernel/hostname and domainname: up to the
	 * newline (natively only as real root: in a user namespace the
	 * files belong to the host's root) */
	if (can_setuid) {
		guest_write_file("/proc/sys/kernel/hostname", "from-proc\n");
		guest_write_file("/proc/sys/kernel/domainname", "proc.example");
		expect_names("from-proc", "proc.example");
	}

	/* not root: EPERM, even for a bad length */
	if (can_setuid) {
		pid = CHECK_OK(fork());
		if (pid == 0) {
			CHECK_OK(setuid(65534));
			CHECK_ERR(sethostname("x", 1), EPERM);
			CHECK_ERR(sethostname(long_name, 65), EPERM);
			CHECK_ERR(setdomainname("x", 1), EPERM);
			CHECK_ERR(open("/proc/sys/kernel/hostname", O_WRONLY), EACCES);
			_exit(0);
		}
		CHECK_OK(waitpid(pid, &status, 0));
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: status %#x", status);
	}
	return 0;
}
