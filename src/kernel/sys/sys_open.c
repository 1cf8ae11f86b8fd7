// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening and closing: open, openat, openat2, creat, close, and
 * memfd_create (the file itself is fs/memfd.c's).
 *
 * open and openat ignore flags Linux does not know (as Linux does);
 * openat2 rejects them, checks the size of its struct open_how (smaller
 * than the first version: -EINVAL; larger than a page or with unknown
 * non-zero fields: -E2BIG) and maps RESOLVE_* to the walk's LOOKUP_*.
 */
#include "sys/sys_vfs.h"

#define OPEN_HOW_SIZE_VER0	24
#define RESOLVE_ALL		(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | \
				 RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | \
				 RESOLVE_IN_ROOT | RESOLVE_CACHED)
#define O_PATH_FLAGS		(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static long do_open(struct task *t, int dirfd, struct uptr upath, int flags,
		    u32 mode, unsigned lookup)
{
	struct file *f;
	char *path;
	long ret;
	int fd;

	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	ret = vfs_open_how(t, dirfd, path, flags, mode, lookup, &f);
	kfree(path);
	if (ret)
		return ret;
	fd = fd_install(t, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* open(2)'s own checks of flags and mode. */
static long open_flags(u64 flags, u64 mode, int *oflags, u32 *omode)
{
	int f = (flags & O_VALID_FLAGS) | O_LARGEFILE;

	if ((f & __O_TMPFILE) && (f & O_TMPFILE) != O_TMPFILE)
		return -EINVAL;
	*oflags = f;
	*omode = (f & (O_CREAT | __O_TMPFILE)) ? mode & 07777 : 0;
	return 0;
}

long sys_open(struct task *t, const struct sysargs *a)
{
	u32 mode;
	int flags;
	long ret = open_flags(a->a[1], a->a[2], &flags, &mode);

	if (ret)
		return ret;
	return do_open(t, AT_FDCWD, UPTR(a->a[0]), flags, mode, 0);
}

long sys_openat(struct task *t, const struct sysargs *a)
{
	u32 mode;
	int flags;
	long ret = open_flags(a->a[2], a->a[3], &flags, &mode);

	if (ret)
		return ret;
	return do_open(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), flags, mode, 0);
}

long sys_creat(struct task *t, const struct sysargs *a)
{
	return do_open(t, AT_FDCWD, UPTR(a->a[0]),
		       O_CREAT | O_WRONLY | O_TRUNC | O_LARGEFILE,
		       a->a[1] & 07777, 0);
}

/* The part of a larger struct beyond what umk knows must be zero. */
static long check_zero_tail(struct task *t, u64 addr, u64 from, u64 to)
{
	u8 buf[64];

	while (from < to) {
		size_t n = MIN(to - from, sizeof(buf));
		size_t i;

		if (copy_from_user(t, buf, UPTR(addr + from), n))
			return -EFAULT;
		for (i = 0; i < n; i++)
			if (buf[i])
				return -E2BIG;
		from += n;
	}
	return 0;
}

long sys_openat2(struct task *t, const struct sysargs *a)
{
	struct linux_open_how how;
	u64 size = a->a[3];
	unsigned lookup = 0;
	long ret;

	if (size < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	memset(&how, 0, sizeof(how));
	if (copy_from_user(t, &how, UPTR(a->a[2]), MIN(size, sizeof(how))))
		return -EFAULT;
	if (size > sizeof(how)) {
		ret = check_zero_tail(t, a->a[2], sizeof(how), size);
		if (ret)
			return ret;
	}
	if (how.flags & ~(u64)O_VALID_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(u64)RESOLVE_ALL)
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (how.mode & ~07777ULL)
		return -EINVAL;
	if (!(how.flags & (O_CREAT | __O_TMPFILE)) && how.mode)
		return -EINVAL;
	if ((how.flags & O_PATH) && (how.flags & ~(u64)O_PATH_FLAGS))
		return -EINVAL;
	if ((how.flags & __O_TMPFILE) && (how.flags & O_TMPFILE) != O_TMPFILE)
		return -EINVAL;
	if ((how.resolve & RESOLVE_CACHED) &&
	    (how.flags & (O_TRUNC | O_CREAT | __O_TMPFILE)))
		return -EAGAIN;
	if (how.resolve & RESOLVE_NO_XDEV)
		lookup |= LOOKUP_NO_XDEV;
	if (how.resolve & RESOLVE_NO_MAGICLINKS)
		lookup |= LOOKUP_NO_MAGICLINKS;
	if (how.resolve & RESOLVE_NO_SYMLINKS)
		lookup |= LOOKUP_NO_SYMLINKS;
	if (how.resolve & RESOLVE_BENEATH)
		lookup |= LOOKUP_BENEATH;
	if (how.resolve & RESOLVE_IN_ROOT)
		lookup |= LOOKUP_IN_ROOT;
	return do_open(t, arg_dirfd(a->a[0]), UPTR(a->a[1]),
		       (int)how.flags | O_LARGEFILE, (u32)how.mode, lookup);
}

long sys_close(struct task *t, const struct sysargs *a)
{
	return fd_close(t, (int)a->a[0]);
}

#define MFD_ALL_FLAGS	(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | \
			 MFD_NOEXEC_SEAL | MFD_EXEC)
#define MFD_HUGE_BITS	(0x3fU << 26)	/* a huge page size, with MFD_HUGETLB */

long sys_memfd_create(struct task *t, const struct sysargs *a)
{
	unsigned flags = a->a[1];
	char name[MFD_NAME_MAX + 1];
	struct file *f;
	long ret;
	int fd;

	if (flags & ~(MFD_ALL_FLAGS | ((flags & MFD_HUGETLB) ? MFD_HUGE_BITS : 0)))
		return -EINVAL;
	if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL))
		return -EINVAL;
	ret = strncpy_from_user(t, name, UPTR(a->a[0]), sizeof(name));
	if (ret < 0)
		return ret == -ENAMETOOLONG ? -EINVAL : ret;
	if (flags & MFD_HUGETLB) {
		pr_once(LOG_INFO, "memfd_create: no huge pages in umk (MFD_HUGETLB is -EINVAL)");
		return -EINVAL;
	}
	ret = memfd_new(t, name, flags, &f);
	if (ret)
		return ret;
	fd = fd_install(t, f, 0, flags & MFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
