// SPDX-License-Identifier: GPL-2.0-or-later
// statfs and fstatfs: on /tmp, /dev/shm, /proc and the working directory
// the fields are sane (f_bsize and f_frsize set, f_namelen 255, free counts
// within the totals), statfs of a path and fstatfs of an fd (O_PATH too) of
// it agree, a file answers for its file system; /proc is PROC_SUPER_MAGIC,
// /dev/shm TMPFS_MAGIC; f_flags has ST_VALID and says what /proc/self/mounts
// says of the mount (ro, nosuid, nodev, noexec, noatime or relatime).
// Errors: ENOENT, ENOTDIR, EBADF, EFAULT.
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include "guest.h"

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#ifndef ST_VALID
#define ST_VALID 0x20
#endif

static const char *cwd_dir;

/* The options of the last mount on dir in /proc/self/mounts. */
static bool mount_options(const char *dir, char *opts, size_t size)
{
	char line[1024], mp[512], o[512];
	bool found = false;
	FILE *f = fopen("/proc/self/mounts", "r");

	CHECK(f, "/proc/self/mounts: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %511s %*s %511s", mp, o) == 2 &&
		    !strcmp(mp, dir)) {
			snprintf(opts, size, ",%s,", o);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static void flag_matches(const char *dir, long flags, long bit,
			 const char *opt, const char *opts)
{
	char want[32];

	snprintf(want, sizeof(want), ",%s,", opt);
	CHECK(!!(flags & bit) == !!strstr(opts, want),
	      "%s: f_flags %#lx, mount options %s", dir, flags, opts);
}

static void check_fs(const char *dir)
{
	struct statfs s, fs;
	struct statvfs v;
	char file[PATH_MAX], opts[600];
	int fd;

	CHECK_OK(statfs(dir, &s));
	CHECK(s.f_bsize > 0 && s.f_frsize > 0, "%s: f_bsize %ld f_frsize %ld",
	      dir, (long)s.f_bsize, (long)s.f_frsize);
	CHECK(s.f_namelen == 255, "%s: f_namelen %ld", dir, (long)s.f_namelen);
	CHECK(s.f_bfree <= s.f_blocks && s.f_bavail <= s.f_bfree &&
	      s.f_ffree <= s.f_files, "%s: blocks %lu/%lu/%lu files %lu/%lu",
	      dir, s.f_blocks, s.f_bfree, s.f_bavail, s.f_files, s.f_ffree);
	CHECK(s.f_flags & ST_VALID, "%s: f_flags %#lx lacks ST_VALID", dir,
	      (long)s.f_flags);
	fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY));
	CHECK_OK(fstatfs(fd, &fs));
	CHECK_OK(close(fd));
	CHECK(fs.f_type == s.f_type && fs.f_bsize == s.f_bsize &&
	      fs.f_blocks == s.f_blocks && fs.f_flags == s.f_flags &&
	      !memcmp(&fs.f_fsid, &s.f_fsid, sizeof(s.f_fsid)),
	      "%s: fstatfs and statfs disagree", dir);
	fd = CHECK_OK(open(dir, O_PATH));
	CHECK_OK(fstatfs(fd, &fs));
	CHECK_OK(close(fd));
	CHECK(fs.f_type == s.f_type, "%s: fstatfs of O_PATH fd", dir);
	CHECK_OK(statvfs(dir, &v));
	CHECK(v.f_namemax == 255 && v.f_bsize == (unsigned long)s.f_bsize,
	      "%s: statvfs f_namemax %lu f_bsize %lu", dir, v.f_namemax,
	      v.f_bsize);
	if (mount_options(dir, opts, sizeof(opts))) {
		flag_matches(dir, s.f_flags, ST_RDONLY, "ro", opts);
		flag_matches(dir, s.f_flags, ST_NOSUID, "nosuid", opts);
		flag_matches(dir, s.f_flags, ST_NODEV, "nodev", opts);
		flag_matches(dir, s.f_flags, ST_NOEXEC, "noexec", opts);
		flag_matches(dir, s.f_flags, ST_NOATIME, "noatime", opts);
		flag_matches(dir, s.f_flags, ST_RELATIME, "relatime", opts);
	}
	/* a file answers for its file system */
	snprintf(file, sizeof(file), "%s/umk-statfs-%d", dir, (int)getpid());
	fd = open(file, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd >= 0) {
		CHECK_OK(fstatfs(fd, &fs));
		CHECK(fs.f_type == s.f_type && fs.f_blocks == s.f_blocks,
		      "%s: a file's fstatfs differs", dir);
		CHECK_OK(statfs(file, &fs));
		CHECK(fs.f_type == s.f_type, "%s: a file's statfs differs", dir);
		CHECK_OK(close(fd));
		CHECK_OK(unlink(file));
	}
}

int main(void)
{
	struct statfs s;
	char file[PATH_MAX];
	int fd;

	check_fs("/tmp");
	check_fs("/proc");
	CHECK_OK(statfs("/proc", &s));
	CHECK(s.f_type == PROC_SUPER_MAGIC, "/proc: f_type %#lx",
	      (long)s.f_type);
	if (statfs("/dev/shm", &s) == 0) {
		check_fs("/dev/shm");
		CHECK(s.f_type == TMPFS_MAGIC, "/dev/shm: f_type %#lx",
		      (long)s.f_type);
	}
	cwd_dir = guest_cwd_dir("statfs");
	check_fs(cwd_dir);

	snprintf(file, sizeof(file), "%s/f", cwd_dir);
	fd = CHECK_OK(open(file, O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	snprintf(file, sizeof(file), "%s/f/x", cwd_dir);
	CHECK_ERR(statfs(file, &s), ENOTDIR);
	snprintf(file, sizeof(file), "%s/missing", cwd_dir);
	CHECK_ERR(statfs(file, &s), ENOENT);
	CHECK_ERR(statfs("", &s), ENOENT);
	CHECK_ERR(fstatfs(-1, &s), EBADF);
	CHECK_ERR(fstatfs(9999, &s), EBADF);
	CHECK_ERR(syscall(SYS_statfs, "/tmp", wild(8)), EFAULT);
	CHECK_ERR(syscall(SYS_fstatfs, 0, wild(8)), EFAULT);
	CHECK_ERR(syscall(SYS_statfs, wild(8), &s), EFAULT);
	snprintf(file, sizeof(file), "%s/f", cwd_dir);
	CHECK_OK(unlink(file));
	return 0;
}
