// SPDX-License-Identifier: GPL-2.0-or-later
// openat2's RESOLVE_* flags: BENEATH refuses "..", absolute paths and
// absolute symlinks leaving dirfd (EXDEV); IN_ROOT treats dirfd as "/";
// NO_SYMLINKS refuses any symlink (ELOOP); a bad struct size is EINVAL or
// E2BIG; unknown flags are EINVAL.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

static long openat2(int dirfd, const char *path, __u64 flags, __u64 resolve,
		    size_t size)
{
	struct { struct open_how how; __u64 extra; } h = {
		{ .flags = flags, .resolve = resolve }, 0 };

	return syscall(SYS_openat2, dirfd, path, &h, size);
}

int main(void)
{
	char p[4096];
	int dir;

	CHECK_OK(mkdir(guest_path(p, sizeof(p), "d"), 0755));
	close(CHECK_OK(open(guest_path(p, sizeof(p), "d/f"), O_CREAT | O_WRONLY, 0644)));
	CHECK_OK(symlink("/etc", guest_path(p, sizeof(p), "d/abs")));
	CHECK_OK(symlink("f", guest_path(p, sizeof(p), "d/rel")));
	dir = CHECK_OK(open(guest_path(p, sizeof(p), "d"), O_PATH | O_DIRECTORY));

	close(CHECK_OK(openat2(dir, "f", O_RDONLY, RESOLVE_BENEATH, sizeof(struct open_how))));
	CHECK_ERR(openat2(dir, "../d/f", O_RDONLY, RESOLVE_BENEATH, sizeof(struct open_how)), EXDEV);
	CHECK_ERR(openat2(dir, "/etc", O_RDONLY, RESOLVE_BENEATH, sizeof(struct open_how)), EXDEV);
	CHECK_ERR(openat2(dir, "abs", O_RDONLY, RESOLVE_BENEATH, sizeof(struct open_how)), EXDEV);
	/* IN_ROOT: "/f" and "../f" are dirfd's f */
	close(CHECK_OK(openat2(dir, "/f", O_RDONLY, RESOLVE_IN_ROOT, sizeof(struct open_how))));
	close(CHECK_OK(openat2(dir, "../../f", O_RDONLY, RESOLVE_IN_ROOT, sizeof(struct open_how))));
	CHECK_ERR(openat2(dir, "rel", O_RDONLY, RESOLVE_NO_SYMLINKS, sizeof(struct open_how)), ELOOP);
	close(CHECK_OK(openat2(dir, "rel", O_RDONLY, 0, sizeof(struct open_how))));

	CHECK_ERR(openat2(dir, "f", O_RDONLY, 0, 8), EINVAL);
	CHECK_ERR(openat2(dir, "f", O_RDONLY, 0, 8192), E2BIG);
	close(CHECK_OK(openat2(dir, "f", O_RDONLY, 0, sizeof(struct open_how) + 8)));
	CHECK_ERR(openat2(dir, "f", O_RDONLY, 0x1000, sizeof(struct open_how)), EINVAL);
	CHECK_ERR(openat2(dir, "f", 1ULL << 40, 0, sizeof(struct open_how)), EINVAL);
	CHECK_ERR(openat2(dir, "f", O_RDONLY, RESOLVE_BENEATH | RESOLVE_IN_ROOT,
			  sizeof(struct open_how)), EINVAL);

	unlink(guest_path(p, sizeof(p), "d/f"));
	unlink(guest_path(p, sizeof(p), "d/abs"));
	unlink(guest_path(p, sizeof(p), "d/rel"));
	rmdir(guest_path(p, sizeof(p), "d"));
	return 0;
}
