// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs, devfs and sysfs (src/kernel/fs/), and guest mounts
 * (vfs/mount.c): /proc/self, the magic links of
 * /proc/PID/fd (readlink gives the name, a walk reaches the open file
 * itself, so /dev/stdin reopens fd 0), generated files, the listing of
 * /proc, and the memory devices of /dev.  The tree is a tmpfs root with
 * procfs on /proc and devfs on /dev; the process is a real one of the
 * process table (process_alloc_init), as procfs finds it there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel.h"
#include "sched.h"
#include "task.h"
#include "vfs/vfs.h"

static struct task *t;

static void mount_at(const char *dir, int (*make)(struct super_block **,
						  struct inode **))
{
	struct super_block *sb;
	struct inode *root;
	struct path p;

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, dir, 0755), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, dir, 0, &p), 0);
	assert_int_equal(make(&sb, &root), 0);
	assert_int_equal(vfs_mount(&p, sb, root, 0, dir + 1, NULL), 0);
	path_put(&p);
}

static int group_setup(void **state)
{
	struct super_block *sb;
	struct inode *root;
	struct process *p;

	p = process_alloc_init();
	t = p ? task_alloc(p, p->pid) : NULL;
	current = t;	/* procfs's "self", tmpfs's owner */
	if (!t || tmpfs_new("tmpfs", 0755, &sb, &root) ||
	    vfs_mount_root(sb, root, 0, "test", NULL))
		return -1;
	p->fs = fs_alloc_root();
	p->files = fdtable_alloc();
	if (!p->fs || !p->files)
		return -1;
	mount_at("/proc", procfs_new);
	mount_at("/dev", devfs_new);
	return 0;
}

static const char *readlink_of(const char *path)
{
	static char buf[256];
	struct path p;
	long n;

	n = vfs_lookup(t, AT_FDCWD, path, 0, &p);
	if (!n) {
		n = vfs_readlink(t, &p, buf, sizeof(buf) - 1);
		path_put(&p);
	}
	if (n < 0)
		snprintf(buf, sizeof(buf), "-%s", errno_name(-n));
	else
		buf[n] = '\0';
	return buf;
}

/* A new file at path, installed as an fd. */
static int open_fd(const char *path, int flags)
{
	struct file *f;
	int fd;

	assert_int_equal(vfs_open(t, AT_FDCWD, path, flags, 0644, &f), 0);
	fd = fd_install(t, f, 0, false);
	assert_true(fd >= 0);
	return fd;
}

static long read_text(const char *path, char *buf, size_t len)
{
	struct file *f;
	long n;
	int err;

	err = vfs_open(t, AT_FDCWD, path, O_RDONLY, 0, &f);
	if (err)
		return err;
	n = vfs_kernel_read(f, buf, len - 1, 0);
	file_put(f);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void procfs__self_names_the_calling_process(void **state)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", task_pid(t));
	assert_string_equal(readlink_of("/proc/self"), pid);
	assert_string_equal(readlink_of("/proc/mounts"), "self/mounts");
}

static void procfs__fd_links_name_and_reach_the_open_file(void **state)
{
	char link[32];
	struct file *f;
	struct path p;
	int fd;

	fd = open_fd("/file", O_CREAT | O_RDWR);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	assert_string_equal(readlink_of(link), "/file");
	/* following the link reaches the very file, not a name */
	f = fd_get(t, fd);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, link, LOOKUP_FOLLOW, &p), 0);
	assert_ptr_equal(p.dentry, f->path.dentry);
	assert_ptr_equal(p.mnt, f->path.mnt);
	path_put(&p);
	/* a rename shows, an unlink too */
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/file", AT_FDCWD, "/renamed", 0), 0);
	assert_string_equal(readlink_of(link), "/renamed");
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/renamed"), 0);
	assert_string_equal(readlink_of(link), "/renamed (deleted)");
	assert_int_equal(vfs_lookup(t, AT_FDCWD, link, LOOKUP_FOLLOW, &p), 0);
	assert_ptr_equal(p.dentry->inode, f->inode);
	path_put(&p);
	file_put(f);
	/* a closed fd is gone */
	assert_int_equal(fd_close(t, fd), 0);
	assert_string_equal(readlink_of(link), "-ENOENT");
}

static void devfs__stdin_reopens_fd_0(void **state)
{
	struct file *f, *g;
	int fd;

	fd = open_fd("/in", O_CREAT | O_RDWR);
	assert_int_equal(fd, 0);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/dev/stdin", O_RDONLY, 0, &g), 0);
	f = fd_get(t, 0);
	assert_ptr_equal(g->inode, f->inode);
	assert_true(g != f);		/* a new open file of the same inode */
	file_put(f);
	file_put(g);
	assert_string_equal(readlink_of("/dev/stdin"), "/proc/self/fd/0");
	fd_close(t, 0);
}

/* strstr, which the kernel's library does not have */
static const char *contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return hay;
	return NULL;
}

static void procfs__generated_files_describe_the_process(void **state)
{
	char buf[4096], want[64];

	assert_true(read_text("/proc/self/status", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "\nPid:\t%d\n", task_pid(t));
	assert_non_null(contains(buf, want));
	assert_true(read_text("/proc/self/stat", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "%d (", task_pid(t));
	assert_memory_equal(buf, want, strlen(want));
	assert_true(read_text("/proc/mounts", buf, sizeof(buf)) > 0);
	assert_non_null(contains(buf, "test / tmpfs rw"));
	assert_non_null(contains(buf, "proc /proc proc rw"));
	assert_true(read_text("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "Linux\n");
	assert_true(read_text("/proc/meminfo", buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "MemTotal:", 9);
	assert_int_equal(read_text("/proc/sys/kernel/random/uuid", buf, sizeof(buf)), 37);
	assert_true(buf[8] == '-' && buf[14] == '4' && buf[36] == '\n');
}

struct listing {
	struct dir_ctx ctx;
	bool self, meminfo, pid;
	char pidname[16];
};

static bool note_name(struct dir_ctx *ctx, const char *name, size_t len,
		      u64 ino, unsigned dtype)
{
	struct listing *l = (struct listing *)ctx;

	if (len == 4 && !memcmp(name, "self", 4))
		l->self = dtype == DT_LNK;
	if (len == 7 && !memcmp(name, "meminfo", 7))
		l->meminfo = dtype == DT_REG;
	if (len == strlen(l->pidname) && !memcmp(name, l->pidname, len))
		l->pid = dtype == DT_DIR;
	return true;
}

static void procfs__root_lists_fixed_entries_and_processes(void **state)
{
	struct listing l = { .ctx.emit = note_name };
	struct file *f;

	snprintf(l.pidname, sizeof(l.pidname), "%d", task_pid(t));
	assert_int_equal(vfs_open(t, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	assert_int_equal(vfs_readdir(f, &l.ctx), 0);
	file_put(f);
	assert_true(l.self);
	assert_true(l.meminfo);
	assert_true(l.pid);
	assert_string_equal(readlink_of("/proc/99999"), "-ENOENT");
}

static void devfs__memory_devices_behave_as_on_linux(void **state)
{
	char buf[64];
	struct file *f;

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vfs_open(t, AT_FDCWD, "/dev/zero", O_RDWR, 0, &f), 0);
	assert_int_equal(vfs_kernel_read(f, buf, sizeof(buf), 0), sizeof(buf));
	assert_int_equal(buf[0] | buf[63], 0);
	assert_int_equal(vfs_kernel_write(f, buf, 10, 0), 10);
	file_put(f);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/dev/null", O_RDWR, 0, &f), 0);
	assert_int_equal(vfs_kernel_read(f, buf, sizeof(buf), 0), 0);
	assert_int_equal(vfs_kernel_write(f, buf, 10, 0), 10);
	file_put(f);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/dev/full", O_WRONLY, 0, &f), 0);
	assert_int_equal(vfs_kernel_write(f, buf, 10, 0), -ENOSPC);
	file_put(f);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/dev/urandom", O_RDONLY, 0, &f), 0);
	assert_int_equal(vfs_kernel_read(f, buf, sizeof(buf), 0), sizeof(buf));
	file_put(f);
	/* a node of an unknown device */
	assert_int_equal(tmpfs_mknod(vfs_root_mount->root->inode, "weird",
				     S_IFCHR | 0666, vfs_mkdev(250, 1)), 0);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/weird", O_RDONLY, 0, &f), -ENXIO);
}

/* The mount whose root is at path (the walk ends on top of it). */
static struct mount *mount_at_path(const char *path, struct path *p)
{
	assert_int_equal(vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW, p), 0);
	assert_ptr_equal(p->dentry, p->mnt->root);
	return p->mnt;
}

static void mount__bind_shows_its_root_in_mountinfo_and_unmounts(void **state)
{
	char buf[4096];
	struct path src, mp;
	int fd;

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a", 0755), 0);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a/b", 0755), 0);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/c", 0755), 0);
	fd = open_fd("/a/b/f", O_CREAT | O_RDWR);
	assert_int_equal(fd_close(t, fd), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a", 0, &src), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/c", 0, &mp), 0);
	assert_int_equal(vfs_bind_mount(&mp, &src, 0, false, "test"), 0);
	path_put(&src);
	path_put(&mp);
	assert_true(read_text("/proc/self/mountinfo", buf, sizeof(buf)) > 0);
	assert_non_null(contains(buf, " /a /c rw,relatime - tmpfs test rw,mode=755\n"));
	assert_true(read_text("/proc/self/mounts", buf, sizeof(buf)) > 0);
	assert_non_null(contains(buf, "test /c tmpfs rw,relatime,mode=755 0 0\n"));
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/c/b/f", 0, &src), 0);
	path_put(&src);
	/* the caller's own reference does not make it busy */
	assert_int_equal(vfs_umount(mount_at_path("/c", &mp), false), 0);
	path_put(&mp);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/c/b", 0, &src), -ENOENT);
	/* a file cannot go on a directory */
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/b/f", 0, &src), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/c", 0, &mp), 0);
	assert_int_equal(vfs_bind_mount(&mp, &src, 0, false, "x"), -ENOTDIR);
	path_put(&src);
	path_put(&mp);
}

static void mount__busy_until_lazy_detach_keeps_open_files(void **state)
{
	struct super_block *sb;
	struct inode *root;
	struct path mp;
	char name[64], link[64];
	int fd;

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/m", 0755), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/m", 0, &mp), 0);
	assert_int_equal(tmpfs_new_opts("tmpfs", 01777, "size=8k,mode=700",
					&sb, &root), 0);
	assert_int_equal(root->mode & 07777, 0700);
	assert_int_equal(vfs_mount(&mp, sb, root, 0, "scratch", NULL), 0);
	path_put(&mp);
	fd = open_fd("/m/file", O_CREAT | O_RDWR);
	assert_int_equal(vfs_umount(mount_at_path("/m", &mp), false), -EBUSY);
	assert_int_equal(vfs_umount(mp.mnt, true), 0);
	path_put(&mp);
	/* out of the tree; the open file names itself from its own root */
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/m/file", 0, &mp), -ENOENT);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	snprintf(name, sizeof(name), "%s", readlink_of(link));
	assert_string_equal(name, "/file");
	assert_int_equal(fd_close(t, fd), 0);
	/* tmpfs options it does not know */
	assert_int_equal(tmpfs_new_opts("tmpfs", 01777, "size=1x", &sb, &root),
			 -EINVAL);
	assert_int_equal(tmpfs_new_opts("tmpfs", 01777, "huge=always", &sb,
					&root), -EINVAL);
}

static void mount__locked_mounts_stay_over_what_they_hide(void **state)
{
	struct super_block *sb;
	struct inode *root;
	struct path mp, src, r, in;
	int fd;

	/* a locked tmpfs (as umk's boot mounts) over a directory with a file */
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/lk", 0755), 0);
	fd = open_fd("/lk/hidden", O_CREAT | O_RDWR);
	assert_int_equal(fd_close(t, fd), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/lk", 0, &mp), 0);
	assert_int_equal(tmpfs_new("tmpfs", 01777, &sb, &root), 0);
	assert_int_equal(vfs_mount(&mp, sb, root, MNT_LOCKED, "locked", NULL), 0);
	path_put(&mp);
	assert_int_equal(vfs_umount(mount_at_path("/lk", &mp), false), -EINVAL);
	path_put(&mp);

	/* a bind of / without MS_REC would bare it */
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/r", 0755), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/", 0, &src), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/r", 0, &mp), 0);
	assert_int_equal(vfs_bind_mount(&mp, &src, 0, false, "x"), -EINVAL);
	/* with MS_REC the copy is locked too, and a lazy unmount of the
	 * whole leaves it on its parent for who still holds a place there */
	assert_int_equal(vfs_bind_mount(&mp, &src, 0, true, "x"), 0);
	path_put(&src);
	path_put(&mp);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/r/lk/hidden", 0, &in), -ENOENT);
	assert_int_equal(vfs_umount(mount_at_path("/r/lk", &in), false), -EINVAL);
	path_put(&in);
	mount_at_path("/r", &r);
	assert_int_equal(vfs_umount(r.mnt, true), 0);
	assert_int_equal(vfs_lookup_one(t, &r, "lk", &in), 0);
	assert_ptr_equal(in.dentry, in.mnt->root);	/* the tmpfs, not /lk */
	assert_int_equal(vfs_lookup_one(t, &in, "hidden", &mp), -ENOENT);
	path_put(&in);
	path_put(&r);
}

static void sysfs__cpu_lists_count_the_cpus(void **state)
{
	char buf[64], want[32];
	int n = host_ncpus();

	mount_at("/sys", sysfs_new);
	if (n > 1)
		snprintf(want, sizeof(want), "0-%d\n", n - 1);
	else
		snprintf(want, sizeof(want), "0\n");
	assert_true(read_text("/sys/devices/system/cpu/online", buf, sizeof(buf)) > 0);
	assert_string_equal(buf, want);
	assert_true(read_text("/sys/devices/system/cpu/possible", buf, sizeof(buf)) > 0);
	assert_string_equal(buf, want);
	assert_int_equal(read_text("/sys/devices/system/cpu/cpu99", buf, sizeof(buf)),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(procfs__self_names_the_calling_process),
		cmocka_unit_test(procfs__fd_links_name_and_reach_the_open_file),
		cmocka_unit_test(devfs__stdin_reopens_fd_0),
		cmocka_unit_test(procfs__generated_files_describe_the_process),
		cmocka_unit_test(procfs__root_lists_fixed_entries_and_processes),
		cmocka_unit_test(devfs__memory_devices_behave_as_on_linux),
		cmocka_unit_test(mount__bind_shows_its_root_in_mountinfo_and_unmounts),
		cmocka_unit_test(mount__busy_until_lazy_detach_keeps_open_files),
		cmocka_unit_test(mount__locked_mounts_stay_over_what_they_hide),
		cmocka_unit_test(sysfs__cpu_lists_count_the_cpus),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
