// SPDX-License-Identifier: GPL-2.0-or-later
// chroot(2): after it, absolute paths and ".." stop at the new root (a file
// outside cannot be named), the working directory is not moved; errors
// ENOENT and ENOTDIR from the lookup, EACCES for a directory the caller
// may not search, EPERM for a caller that is not root.  (Natively as a
// user that is not root, only the EPERM cases run.)
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

static char top[] = "/tmp/chrootXXXXXX";
static char path[256];

static const char *at(const char *rel)
{
	snprintf(path, sizeof(path), "%s/%s", top, rel);
	return path;
}

static void make_file(const char *rel)
{
	int fd = CHECK_OK(open(at(rel), O_CREAT | O_WRONLY, 0644));

	CHECK_OK(close(fd));
}

/* Run fn in a child; it must exit 0. */
static void chrooted(void)
{
	struct stat st;
	char cwd[256];

	CHECK_OK(chdir(at("newroot")));
	CHECK_OK(chroot("."));
	/* the working directory stays: it is the new root here */
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"), "getcwd: %s", cwd);
	CHECK_OK(stat("/sub/inside", &st));
	CHECK_OK(stat("/../../sub/inside", &st));
	CHECK_OK(stat("sub/../../../sub/inside", &st));
	CHECK_ERR(stat("/../outside", &st), ENOENT);
	CHECK_ERR(stat("/../../../../outside", &st), ENOENT);
	/* a second chroot nests */
	CHECK_OK(chroot("/sub"));
	CHECK_OK(stat("/inside", &st));
	CHECK_ERR(stat("/sub", &st), ENOENT);
}

static void moved_cwd_stays_outside(void)
{
	struct stat st;

	CHECK_OK(chdir(top));
	CHECK_OK(chroot(at("newroot")));
	/* the cwd is outside the new root and stays usable by relative paths */
	CHECK_OK(stat("outside", &st));
	CHECK_OK(stat("newroot/sub/inside", &st));
	CHECK_ERR(stat("/outside", &st), ENOENT);
}

static void not_root(void)
{
	CHECK_OK(setgid(65534));
	CHECK_OK(setuid(65534));
	CHECK_ERR(chroot(at("locked")), EACCES);
	CHECK_ERR(chroot(at("newroot")), EPERM);
}

int main(void)
{
	CHECK(mkdtemp(top), "mkdtemp: %s", strerror(errno));
	CHECK_OK(chmod(top, 0755));
	CHECK_OK(mkdir(at("newroot"), 0755));
	CHECK_OK(mkdir(at("newroot/sub"), 0755));
	CHECK_OK(mkdir(at("locked"), 0700));
	make_file("newroot/sub/inside");
	make_file("outside");

	CHECK_ERR(chroot(at("missing")), ENOENT);
	CHECK_ERR(chroot(at("outside/x")), ENOTDIR);
	CHECK_ERR(chroot(at("outside")), ENOTDIR);
	CHECK_ERR(syscall(SYS_chroot, NULL), EFAULT);
	if (geteuid() == 0) {
		guest_in_child(chrooted);
		guest_in_child(moved_cwd_stays_outside);
		guest_in_child(not_root);
	} else {
		CHECK_ERR(chroot(at("newroot")), EPERM);
	}
	unlink(at("newroot/sub/inside"));
	unlink(at("outside"));
	rmdir(at("newroot/sub"));
	rmdir(at("newroot"));
	rmdir(at("locked"));
	rmdir(top);
	return 0;
}
