// SPDX-License-Identifier: GPL-2.0-or-later
// mount(2) and umount2(2) as root: a tmpfs with size= and mode= (statfs,
// ENOSPC past the size, /proc/self/mountinfo), a bind mount and a
// recursive one, remount read-only (EROFS), EBUSY while a file is open
// (and for rmdir or rename of the mount point)
// and MNT_DETACH then, MS_MOVE, UMOUNT_NOFOLLOW, MNT_FORCE, and the
// errors: ELOOP, EINVAL, ENOENT, ENOTDIR, ENODEV,
// EPERM for a non-root caller.
//
// Natively the test first takes a mount namespace of its own (as root,
// or in a user namespace), so the host's tree is never touched; umk has
// no unshare yet (ENOSYS), and its tree is the guest's own anyway.
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include "guest.h"

#define TMPFS_MAGIC 0x01021994

static bool can_setuid = true;

static void private_tree(void)
{
	int ns = guest_private_ns(CLONE_NEWNS);

	can_setuid = ns != 0;
	if (ns >= 0)	/* natively: nothing leaks to the host's tree */
		CHECK_OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
}

static bool in_mountinfo(const char *needle)
{
	static char buf[1 << 16];
	int fd = CHECK_OK(open("/proc/self/mountinfo", O_RDONLY));
	size_t len = 0;
	long n;

	while ((n = CHECK_OK(read(fd, buf + len, sizeof(buf) - 1 - len))) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	return strstr(buf, needle) != NULL;
}

int main(void)
{
	char m[4096], b[4096], src[4096], sub[4200], f[4200], line[8192];
	static char data[100000];
	struct statfs sf;
	struct stat st;
	int fd, status;
	pid_t pid;

	guest_path(m, sizeof(m), "m");
	guest_path(b, sizeof(b), "b");
	guest_path(src, sizeof(src), "src");
	snprintf(sub, sizeof(sub), "%s/sub", src);
	CHECK_OK(chmod(guest_tmpdir(), 0755));	/* uid 65534 gets to m */
	CHECK_OK(mkdir(m, 0755));
	CHECK_OK(mkdir(b, 0755));
	CHECK_OK(mkdir(src, 0755));
	CHECK_OK(mkdir(sub, 0755));
	private_tree();

	/* a tmpfs of 64 KiB, mode 0700 */
	CHECK_OK(mount("scratch", m, "tmpfs", 0, "size=64k,mode=0700"));
	CHECK_OK(statfs(m, &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "f_type %lx", (long)sf.f_type);
	CHECK(sf.f_blocks * sf.f_bsize == 65536, "size %ld",
	      (long)(sf.f_blocks * sf.f_bsize));
	CHECK_OK(stat(m, &st));
	CHECK((st.st_mode & 07777) == 0700, "root mode %o", st.st_mode & 07777);
	snprintf(line, sizeof(line), " %s rw,relatime - tmpfs scratch rw,size=64k,mode=700", m);
	CHECK(in_mountinfo(line), "mountinfo has no '%s'", line);
	/* a mount point cannot be removed or renamed */
	CHECK_ERR(rmdir(m), EBUSY);
	CHECK_ERR(rename(m, b), EBUSY);
	CHECK_ERR(rename(b, m), EBUSY);
	snprintf(f, sizeof(f), "%s/file", m);
	fd = CHECK_OK(open(f, O_CREAT | O_WRONLY, 0600));
	CHECK(write(fd, data, sizeof(data)) == 65536, "a write past size= is short");
	CHECK_ERR(write(fd, data, 1), ENOSPC);

	/* busy while the file is open; detached at once with MNT_DETACH */
	CHECK_ERR(umount2(m, 0), EBUSY);
	CHECK_OK(umount2(m, MNT_DETACH));
	CHECK(!in_mountinfo(" - tmpfs scratch "), "detached mount still listed");
	CHECK_OK(fstatfs(fd, &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "the open file lost its file system");
	close(fd);
	CHECK_ERR(umount2(m, 0), EINVAL);		/* not a mount point now */

	/* bind mounts: plain and recursive, then read-only */
	snprintf(f, sizeof(f), "%s/here", src);
	close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644)));
	CHECK_OK(mount("inner", sub, "tmpfs", 0, NULL));
	CHECK_OK(mount(src, b, NULL, MS_BIND, NULL));
	snprintf(f, sizeof(f), "%s/here", b);
	CHECK_OK(stat(f, &st));
	snprintf(f, sizeof(f), "%s/sub", b);
	CHECK_OK(statfs(f, &sf));
	CHECK(sf.f_type != TMPFS_MAGIC || in_mountinfo(" - tmpfs inner "),
	      "a plain bind took the mount below along");
	CHECK_OK(umount2(b, 0));
	CHECK_OK(mount(src, b, NULL, MS_BIND | MS_REC, NULL));
	CHECK_OK(statfs(f, &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "MS_REC did not bring the tmpfs below");
	CHECK_ERR(umount2(b, 0), EBUSY);		/* a mount sits on it */
	CHECK_OK(umount2(f, 0));
	CHECK_OK(mount(NULL, b, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	snprintf(f, sizeof(f), "%s/new", b);
	CHECK_ERR(open(f, O_CREAT | O_WRONLY, 0644), EROFS);
	snprintf(f, sizeof(f), "%s/new", src);
	close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644)));	/* src stays rw */
	CHECK_OK(umount2(b, 0));
	CHECK_OK(umount2(sub, 0));

	/* MS_MOVE: a mount and the one on it, elsewhere; never into itself */
	CHECK_OK(mount("mv", m, "tmpfs", 0, NULL));
	snprintf(f, sizeof(f), "%s/in", m);
	CHECK_OK(mkdir(f, 0755));
	CHECK_OK(mount("mvin", f, "tmpfs", 0, NULL));
	CHECK_OK(mount(m, b, NULL, MS_MOVE, NULL));
	snprintf(f, sizeof(f), "%s/in", b);
	CHECK_OK(statfs(f, &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "the mount below did not move along");
	CHECK(in_mountinfo(" - tmpfs mvin "), "mountinfo lost the moved mount");
	CHECK_ERR(umount2(m, 0), EINVAL);		/* nothing there now */
	CHECK_ERR(mount(b, f, NULL, MS_MOVE, NULL), ELOOP);
	CHECK_OK(umount2(f, 0));
	CHECK_OK(umount2(b, 0));

	/* through a symlink: followed unless UMOUNT_NOFOLLOW; MNT_FORCE */
	CHECK_OK(mount("ln", m, "tmpfs", 0, NULL));
	snprintf(f, sizeof(f), "%s/link", src);
	CHECK_OK(symlink(m, f));
	CHECK_ERR(umount2(f, UMOUNT_NOFOLLOW), EINVAL);
	CHECK_OK(umount2(f, 0));
	CHECK_OK(mount("ln", m, "tmpfs", 0, NULL));
	CHECK_OK(umount2(m, MNT_FORCE));
	CHECK_ERR(umount2(m, MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_OK(unlink(f));

	/* a pipe (through /proc/self/fd) is in no tree: no bind of it */
	{
		int pfd[2];
		char pl[64];

		CHECK_OK(pipe(pfd));
		snprintf(f, sizeof(f), "%s/here", src);
		snprintf(pl, sizeof(pl), "/proc/self/fd/%d", pfd[0]);
		CHECK_ERR(mount(pl, f, NULL, MS_BIND, NULL), EINVAL);
		close(pfd[0]);
		close(pfd[1]);
	}

	/* errors */
	CHECK_ERR(mount("x", m, "no-such-fs", 0, NULL), ENODEV);
	CHECK_ERR(mount("x", m, "tmpfs", 0, "bogus=1"), EINVAL);
	CHECK_ERR(mount("x", "/no/such/dir", "tmpfs", 0, NULL), ENOENT);
	snprintf(f, sizeof(f), "%s/here", src);
	CHECK_ERR(mount("x", f, "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mount("/no/such/dir", b, NULL, MS_BIND, NULL), ENOENT);
	CHECK_ERR(umount2(b, 0), EINVAL);
	CHECK_ERR(umount2(b, 0x100), EINVAL);		/* unknown flag */
	CHECK_ERR(umount2("/no/such/dir", 0), ENOENT);
	CHECK_OK(unlink(f));
	snprintf(f, sizeof(f), "%s/new", src);
	CHECK_OK(unlink(f));

	/* a non-root caller */
	if (can_setuid) {
		pid = CHECK_OK(fork());
		if (pid == 0) {
			CHECK_OK(setuid(65534));
			CHECK_ERR(mount("x", m, "tmpfs", 0, NULL), EPERM);
			exit(0);
		}
		CHECK_OK(waitpid(pid, &status, 0));
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "the child failed");
		CHECK_OK(mount("x", m, "tmpfs", 0, NULL));
		pid = CHECK_OK(fork());
		if (pid == 0) {
			CHECK_OK(setuid(65534));
			CHECK_ERR(umount2(m, 0), EPERM);
			exit(0);
		}
		CHECK_OK(waitpid(pid, &status, 0));
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "the child failed");
		CHECK_OK(umount2(m, 0));
	}

	CHECK_OK(rmdir(sub));
	CHECK_OK(rmdir(src));
	CHECK_OK(rmdir(b));
	CHECK_OK(rmdir(m));
	return 0;
}
