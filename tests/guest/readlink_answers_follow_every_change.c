// SPDX-License-Identifier: GPL-2.0-or-later
// readlink(2) asked again and again of the same paths (as a compiler's
// realpath does, which umk answers from its link cache) follows every
// change at once: a rename, an rmdir, a directory replaced by a symlink, a
// name made where one was missing, a change made by another process, a
// chmod, a chroot in a child.  And its arguments as Linux checks them:
// size 0 or negative is EINVAL, a path at a bad address or running into
// unmapped memory EFAULT, one ending just before unmapped memory works,
// readlinkat ignores its fd for an absolute path.  Run both in /tmp (tmpfs
// under umk) and in the working directory (a host directory).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

static char base[256];

static const char *at(const char *rel)
{
	return guest_at(base, rel);
}

/* readlink of p, asked often enough for any cache to hold it: its
 * result, the same each time, as -errno or the target's length. */
static long ask(const char *p)
{
	char buf[64];
	long first = 0;

	for (int i = 0; i < 20; i++) {
		long r = syscall(SYS_readlink, p, buf, sizeof(buf));

		if (r < 0)
			r = -errno;
		if (i && r != first)
			FAIL("readlink %s said %ld, then %ld", p, first, r);
		first = r;
	}
	return first;
}

static void rename_away(void)
{
	CHECK_OK(rename(at("far"), at("moved")));
}

static void chrooted(void)
{
	CHECK_OK(chroot(base));
	CHECK(ask("/d") == -EINVAL, "/d in the chroot: %ld", ask("/d"));
	CHECK(ask("/d/sub") == -EINVAL, "/d/sub in the chroot");
	CHECK(ask("/usr") == -ENOENT, "/usr in the chroot: %ld", ask("/usr"));
	CHECK(ask(at("d")) == -ENOENT, "the old path in the chroot");
}

static void changes(void)
{
	char buf[64];

	CHECK_OK(mkdir(at("d"), 0755));
	CHECK_OK(mkdir(at("d/sub"), 0755));
	CHECK_OK(mkdir(at("far"), 0755));
	CHECK(ask(at("d")) == -EINVAL, "a directory");
	CHECK(ask(at("d/sub")) == -EINVAL, "a directory in it");
	CHECK(ask(at("d/none")) == -ENOENT, "a missing name");
	CHECK(ask(at("none/x")) == -ENOENT, "under a missing directory");
	CHECK(ask(at("far")) == -EINVAL, "another directory");

	/* renamed: the old path is gone, the new one is there */
	CHECK_OK(rename(at("d"), at("e")));
	CHECK(ask(at("d/sub")) == -ENOENT, "after the rename: %ld", ask(at("d/sub")));
	CHECK(ask(at("d")) == -ENOENT, "the old name");
	CHECK(ask(at("e/sub")) == -EINVAL, "the new name");
	CHECK_OK(rename(at("e"), at("d")));
	CHECK(ask(at("d/sub")) == -EINVAL, "renamed back");

	/* a directory replaced by a symlink */
	CHECK_OK(rmdir(at("d/sub")));
	CHECK(ask(at("d/sub")) == -ENOENT, "after rmdir");
	CHECK_OK(symlink("target", at("d/sub")));
	CHECK(ask(at("d/sub")) == 6, "a symlink now: %ld", ask(at("d/sub")));
	CHECK(syscall(SYS_readlink, at("d/sub"), buf, sizeof(buf)) == 6 &&
		      !memcmp(buf, "target", 6), "its target");
	CHECK_OK(unlink(at("d/sub")));

	/* a missing name made: as a file, a directory, a hard link, by rename */
	CHECK_OK(close(CHECK_OK(open(at("d/none"), O_CREAT | O_WRONLY, 0644))));
	CHECK(ask(at("d/none")) == -EINVAL, "a file made: %ld", ask(at("d/none")));
	CHECK(ask(at("d/dir")) == -ENOENT, "not yet");
	CHECK_OK(mkdir(at("d/dir"), 0755));
	CHECK(ask(at("d/dir")) == -EINVAL, "a directory made");
	CHECK(ask(at("d/link")) == -ENOENT, "no link yet");
	CHECK_OK(link(at("d/none"), at("d/link")));
	CHECK(ask(at("d/link")) == -EINVAL, "a hard link made");
	CHECK(ask(at("d/renamed")) == -ENOENT, "not renamed yet");
	CHECK_OK(rename(at("d/link"), at("d/renamed")));
	CHECK(ask(at("d/renamed")) == -EINVAL, "renamed in");
	CHECK(ask(at("d/link")) == -ENOENT, "renamed out");
	CHECK_OK(unlink(at("d/renamed")));
	CHECK_OK(unlink(at("d/none")));
	CHECK(ask(at("d/none")) == -ENOENT, "unlinked");

	/* another process renames; this one sees it */
	CHECK(ask(at("far")) == -EINVAL, "before the child");
	guest_in_child(rename_away);
	CHECK(ask(at("far")) == -ENOENT, "after the child's rename: %ld", ask(at("far")));
	CHECK(ask(at("moved")) == -EINVAL, "the child's new name");
	CHECK_OK(rmdir(at("moved")));

	/* search permission: root may search anyway, others get EACCES */
	CHECK_OK(mkdir(at("d/sub"), 0755));
	CHECK(ask(at("d/sub")) == -EINVAL, "searchable");
	CHECK_OK(chmod(at("d"), 0600));
	CHECK(ask(at("d/sub")) == (geteuid() == 0 ? -EINVAL : -EACCES), "after chmod 0600: %ld",
	      ask(at("d/sub")));
	CHECK_OK(chmod(at("d"), 0755));
	CHECK(ask(at("d/sub")) == -EINVAL, "after chmod 0755");

	/* a chroot in a child (root only): its paths, then ours again */
	if (geteuid() == 0) {
		CHECK(ask("/usr") == -EINVAL, "/usr");
		guest_in_child(chrooted);
		CHECK(ask("/usr") == -EINVAL, "/usr after the child's chroot");
		CHECK(ask(at("d")) == -EINVAL, "our path after the child's chroot");
	}
	CHECK_OK(rmdir(at("d/sub")));
	CHECK_OK(rmdir(at("d/dir")));
	CHECK_OK(rmdir(at("d")));
}

static void arguments(void)
{
	char buf[64];
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t n = strlen(base);

	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(ask(base) == -EINVAL, "the base");
	CHECK_ERR(syscall(SYS_readlink, base, buf, 0), EINVAL);
	CHECK_ERR(syscall(SYS_readlink, base, buf, -1), EINVAL);
	CHECK_ERR(syscall(SYS_readlink, "/nonexistent-umk", buf, 0), EINVAL);
	CHECK_ERR(syscall(SYS_readlink, wild(1), buf, sizeof(buf)), EFAULT);
	CHECK_ERR(syscall(SYS_readlink, NULL, buf, sizeof(buf)), EFAULT);
	/* the buffer is not touched for a non-link */
	CHECK_ERR(syscall(SYS_readlink, base, wild(1), sizeof(buf)), EINVAL);
	/* absolute: the fd does not matter */
	CHECK_ERR(syscall(SYS_readlinkat, -5, base, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(syscall(SYS_readlinkat, AT_FDCWD, base, buf, sizeof(buf)), EINVAL);

	/* a path that ends at the end of the first page, the second
	 * unmapped: fine; one more byte runs into it: EFAULT */
	CHECK_OK(munmap(m + page, page));
	char *p = m + page - (n + 1);

	memcpy(p, base, n + 1);
	CHECK(ask(p) == -EINVAL, "a path at a page's end: %ld", ask(p));
	p[n] = 'x';	/* no NUL before the unmapped page */
	CHECK_ERR(syscall(SYS_readlink, p, buf, sizeof(buf)), EFAULT);
	/* and across a page boundary into mapped memory */
	CHECK_OK(munmap(m, page));
	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	p = m + page - n / 2;
	memcpy(p, base, n + 1);
	CHECK(ask(p) == -EINVAL, "a path across pages");
	/* made unreadable after it was answered */
	CHECK_OK(mprotect(m + page, page, PROT_NONE));
	CHECK_ERR(syscall(SYS_readlink, p, buf, sizeof(buf)), EFAULT);
	CHECK_OK(munmap(m, 2 * page));
}

int main(void)
{
	char cwd[200];

	snprintf(base, sizeof(base), "/tmp/readlinkXXXXXX");
	CHECK(mkdtemp(base), "mkdtemp: %s", strerror(errno));
	CHECK_OK(chmod(base, 0755));	/* searchable by all, as caches like */
	changes();
	arguments();
	CHECK_OK(rmdir(base));

	CHECK(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
	snprintf(base, sizeof(base), "%s/readlinkXXXXXX", cwd);
	if (!mkdtemp(base)) {
		CHECK(errno == EACCES || errno == EROFS, "mkdtemp: %s", strerror(errno));
		return 0;	/* a working directory we may not write */
	}
	CHECK_OK(chmod(base, 0755));
	changes();
	arguments();
	CHECK_OK(rmdir(base));
	return 0;
}
