// SPDX-License-Identifier: GPL-2.0-or-later
// More of openat2: RESOLVE_NO_XDEV refuses to cross a mount either way
// (into /proc from /, up from /proc by "..", through /proc/self/fd/N, by
// an absolute symlink in /dev/shm) with EXDEV, but walks inside one file
// system; RESOLVE_NO_MAGICLINKS refuses
// /proc's magic links (fd/N, exe, cwd: ELOOP) and not /proc/self, an
// ordinary symlink; RESOLVE_BENEATH allows ".." that stays beneath dirfd;
// RESOLVE_CACHED with O_CREAT or O_TRUNC is EAGAIN; a mode without
// O_CREAT or O_TMPFILE, or with bits past 07777, is EINVAL; bytes past the
// struct must be zero (E2BIG).
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

static long openat2m(int dirfd, const char *path, __u64 flags, __u64 mode,
		     __u64 resolve, __u64 extra, size_t size)
{
	struct { struct open_how how; __u64 extra; } h = {
		{ .flags = flags, .mode = mode, .resolve = resolve }, extra };

	return syscall(SYS_openat2, dirfd, path, &h, size);
}

static long openat2(int dirfd, const char *path, __u64 flags, __u64 resolve)
{
	return openat2m(dirfd, path, flags, 0, resolve, 0,
			sizeof(struct open_how));
}

static void ok(long fd)
{
	CHECK(fd >= 0, "openat2 failed: %s", strerror(errno));
	CHECK_OK(close(fd));
}

int main(void)
{
	char p[4096], fdpath[64];
	int root, proc, dir, fd;
	long r;

	root = CHECK_OK(open("/", O_PATH | O_DIRECTORY));
	proc = CHECK_OK(open("/proc", O_PATH | O_DIRECTORY));

	/* NO_XDEV */
	CHECK_ERR(openat2(root, "proc/self/status", O_RDONLY, RESOLVE_NO_XDEV),
		  EXDEV);
	CHECK_ERR(openat2(AT_FDCWD, "/proc/self/status", O_RDONLY,
			  RESOLVE_NO_XDEV), EXDEV);
	CHECK_ERR(openat2(proc, "..", O_PATH, RESOLVE_NO_XDEV), EXDEV);
	ok(openat2(proc, "self/status", O_RDONLY, RESOLVE_NO_XDEV));
	ok(openat2(proc, "self/../self/status", O_RDONLY, RESOLVE_NO_XDEV));
	fd = CHECK_OK(open("/", O_RDONLY | O_DIRECTORY));
	snprintf(fdpath, sizeof(fdpath), "self/fd/%d", fd);
	CHECK_ERR(openat2(proc, fdpath, O_PATH, RESOLVE_NO_XDEV), EXDEV);

	/* an absolute symlink jumps to the root's mount (/dev/shm is a
	 * mount of its own, natively and under umk) */
	if (access("/dev/shm", W_OK) == 0) {
		int shm = CHECK_OK(open("/dev/shm", O_PATH | O_DIRECTORY));
		char name[64], target[96];
		int t;

		snprintf(name, sizeof(name), "umk-openat2-%d", (int)getpid());
		snprintf(target, sizeof(target), "/dev/shm/%s", name);
		t = CHECK_OK(openat(shm, name, O_CREAT | O_WRONLY, 0600));
		CHECK_OK(close(t));
		CHECK_OK(symlinkat(target, shm, "umk-openat2-abs"));
		CHECK_OK(symlinkat(name, shm, "umk-openat2-rel"));
		CHECK_OK(symlinkat("/", shm, "umk-openat2-root"));
		CHECK_ERR(openat2(shm, "umk-openat2-abs", O_RDONLY,
				  RESOLVE_NO_XDEV), EXDEV);
		/* even when the link names the root itself */
		CHECK_ERR(openat2(shm, "umk-openat2-root", O_PATH,
				  RESOLVE_NO_XDEV), EXDEV);
		ok(openat2(shm, "umk-openat2-rel", O_RDONLY, RESOLVE_NO_XDEV));
		ok(openat2(shm, "umk-openat2-abs", O_RDONLY, 0));
		CHECK_OK(unlinkat(shm, "umk-openat2-abs", 0));
		CHECK_OK(unlinkat(shm, "umk-openat2-rel", 0));
		CHECK_OK(unlinkat(shm, "umk-openat2-root", 0));
		CHECK_OK(unlinkat(shm, name, 0));
		CHECK_OK(close(shm));
	}

	/* NO_MAGICLINKS */
	CHECK_ERR(openat2(proc, fdpath, O_PATH, RESOLVE_NO_MAGICLINKS), ELOOP);
	CHECK_ERR(openat2(proc, "self/exe", O_RDONLY, RESOLVE_NO_MAGICLINKS),
		  ELOOP);
	CHECK_ERR(openat2(proc, "self/cwd", O_PATH, RESOLVE_NO_MAGICLINKS),
		  ELOOP);
	ok(openat2(proc, "self/status", O_RDONLY, RESOLVE_NO_MAGICLINKS));
	ok(openat2(proc, fdpath, O_PATH, 0));
	CHECK_OK(close(fd));

	/* BENEATH with ".." inside */
	CHECK_OK(mkdir(guest_path(p, sizeof(p), "d"), 0755));
	CHECK_OK(mkdir(guest_path(p, sizeof(p), "d/sub"), 0755));
	fd = CHECK_OK(open(guest_path(p, sizeof(p), "d/f"), O_CREAT | O_WRONLY,
			   0644));
	CHECK_OK(close(fd));
	dir = CHECK_OK(open(guest_path(p, sizeof(p), "d"), O_PATH | O_DIRECTORY));
	ok(openat2(dir, "sub/../f", O_RDONLY, RESOLVE_BENEATH));
	ok(openat2(dir, "sub/..", O_PATH, RESOLVE_BENEATH));
	CHECK_ERR(openat2(dir, "sub/../..", O_PATH, RESOLVE_BENEATH), EXDEV);

	/* RESOLVE_CACHED: never for a call that may have to change things */
	CHECK_ERR(openat2(dir, "new", O_CREAT | O_WRONLY, RESOLVE_CACHED),
		  EAGAIN);
	CHECK_ERR(openat2(dir, "f", O_TRUNC | O_WRONLY, RESOLVE_CACHED),
		  EAGAIN);
	r = openat2(dir, "f", O_RDONLY, RESOLVE_CACHED);
	CHECK(r >= 0 || errno == EAGAIN, "RESOLVE_CACHED: %s", strerror(errno));
	if (r >= 0)
		CHECK_OK(close(r));

	/* mode */
	CHECK_ERR(openat2m(dir, "f", O_RDONLY, 0644, 0, 0,
			   sizeof(struct open_how)), EINVAL);
	CHECK_ERR(openat2m(dir, "new", O_CREAT | O_WRONLY, 010644, 0, 0,
			   sizeof(struct open_how)), EINVAL);
	fd = CHECK_OK(openat2m(dir, "new", O_CREAT | O_WRONLY, 0600, 0, 0,
			       sizeof(struct open_how)));
	CHECK_OK(close(fd));
	/* the bytes past the struct */
	CHECK_ERR(openat2m(dir, "f", O_RDONLY, 0, 0, 1,
			   sizeof(struct open_how) + 8), E2BIG);

	CHECK_OK(close(dir));
	CHECK_OK(unlink(guest_path(p, sizeof(p), "d/new")));
	CHECK_OK(unlink(guest_path(p, sizeof(p), "d/f")));
	CHECK_OK(rmdir(guest_path(p, sizeof(p), "d/sub")));
	CHECK_OK(rmdir(guest_path(p, sizeof(p), "d")));
	CHECK_OK(close(proc));
	CHECK_OK(close(root));
	return 0;
}
