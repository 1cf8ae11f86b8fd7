// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The path walk (src/kernel/vfs/namei.c) and the calls built on it (open,
 * mkdir, unlink, rename, link, chmod, chown, utimes), on trees made in
 * tmpfs: "..", ".", symlinks and
 * their loops, trailing slashes, mount crossings, name limits, search
 * permission, chroot-like roots and openat2's RESOLVE_* walks.
 *
 * The tree (built once, in group_setup):
 *   /a/b/f          regular file
 *   /a/lrel -> b    /a/labs -> /a/b    /a/lfile -> b/f    /a/dangling -> nope
 *   /loop1 -> loop2, /loop2 -> loop1, /self -> self
 *   /chain/l0 -> l1 -> ... -> l40 -> /a  (41 links)
 *   /mnt            a second tmpfs, holding /mnt/sub/g
 *   /priv           mode 0700 (root's), holding /priv/x
 *   /jail/a/j       a directory used as a root; /jail/up -> /a (absolute)
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

static struct process proc;
static struct task task = { .proc = &proc };
static struct task *t = &task;
static struct mount *mnt2;

static void mkfile(const char *path)
{
	struct file *f;

	assert_int_equal(vfs_open(t, AT_FDCWD, path, O_CREAT | O_WRONLY, 0644, &f), 0);
	file_put(f);
}

static int group_setup(void **state)
{
	struct super_block *sb;
	struct inode *root;
	struct path p;
	char name[16], target[16];
	int i;

	proc.pid = 1;
	current = t;	/* tmpfs takes new files' owner from it */
	proc.rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	if (tmpfs_new("tmpfs", 0755, &sb, &root) ||
	    vfs_mount_root(sb, root, 0, "test", NULL))
		return -1;
	proc.fs = fs_alloc_root();
	proc.files = fdtable_alloc();
	if (!proc.fs || !proc.files)
		return -1;

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a", 0755), 0);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a/b", 0755), 0);
	mkfile("/a/b/f");
	assert_int_equal(vfs_symlink(t, "b", AT_FDCWD, "/a/lrel"), 0);
	assert_int_equal(vfs_symlink(t, "/a/b", AT_FDCWD, "/a/labs"), 0);
	assert_int_equal(vfs_symlink(t, "b/f", AT_FDCWD, "/a/lfile"), 0);
	assert_int_equal(vfs_symlink(t, "nope", AT_FDCWD, "/a/dangling"), 0);
	assert_int_equal(vfs_symlink(t, "loop2", AT_FDCWD, "/loop1"), 0);
	assert_int_equal(vfs_symlink(t, "loop1", AT_FDCWD, "/loop2"), 0);
	assert_int_equal(vfs_symlink(t, "self", AT_FDCWD, "/self"), 0);

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/chain", 0755), 0);
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/chain/l%d", i);
		if (i == 40)
			snprintf(target, sizeof(target), "/a");
		else
			snprintf(target, sizeof(target), "l%d", i + 1);
		assert_int_equal(vfs_symlink(t, target, AT_FDCWD, name), 0);
	}

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/mnt", 0755), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/mnt", 0, &p), 0);
	assert_int_equal(tmpfs_new("tmpfs", 0755, &sb, &root), 0);
	assert_int_equal(vfs_mount(&p, sb, root, 0, "second", &mnt2), 0);
	path_put(&p);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/mnt/sub", 0755), 0);
	mkfile("/mnt/sub/g");

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/priv", 0700), 0);
	mkfile("/priv/x");

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/jail", 0755), 0);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/jail/a", 0755), 0);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/jail/a/j", 0755), 0);
	assert_int_equal(vfs_symlink(t, "/a", AT_FDCWD, "/jail/up"), 0);
	return 0;
}

/* Resolve path (from the cwd) and return its name from the real root, or
 * the error as "-ENAME". */
static const char *resolve(const char *path, unsigned flags)
{
	static char buf[PATH_MAX];
	struct path p;
	int err;

	err = vfs_lookup(t, AT_FDCWD, path, flags, &p);
	if (err) {
		snprintf(buf, sizeof(buf), "-%s", errno_name(-err));
		return buf;
	}
	if (d_path(&p, NULL, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "(d_path failed)");
	path_put(&p);
	return buf;
}

static void chdir_to(const char *path)
{
	struct path p;

	assert_int_equal(vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW, &p), 0);
	fs_set_cwd(proc.fs, &p);
	path_put(&p);
}

static void lookup__absolute_path_finds_the_file(void **state)
{
	assert_string_equal(resolve("/a/b/f", 0), "/a/b/f");
	assert_string_equal(resolve("/", 0), "/");
}

static void lookup__dotdot_at_root_stays_at_root(void **state)
{
	assert_string_equal(resolve("/..", 0), "/");
	assert_string_equal(resolve("/../../a/../..", 0), "/");
	assert_string_equal(resolve("/../a/b/f", 0), "/a/b/f");
}

static void lookup__dot_and_repeated_slashes_are_skipped(void **state)
{
	assert_string_equal(resolve("//a/./b//.///f", 0), "/a/b/f");
	assert_string_equal(resolve("/a/b/..", 0), "/a");
}

static void lookup__relative_paths_start_at_cwd(void **state)
{
	chdir_to("/a");
	assert_string_equal(resolve("b/f", 0), "/a/b/f");
	assert_string_equal(resolve("..", 0), "/");
	assert_string_equal(resolve(".", 0), "/a");
	chdir_to("/");
}

static void lookup__relative_paths_start_at_dirfd(void **state)
{
	struct file *dir, *file;
	struct path p;
	char buf[64];
	int dfd, ffd;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b", O_RDONLY | O_DIRECTORY, 0, &dir), 0);
	dfd = fd_install(t, dir, 0, false);
	assert_int_equal(vfs_lookup(t, dfd, "f", 0, &p), 0);
	assert_true(d_path(&p, NULL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "/a/b/f");
	path_put(&p);
	/* an absolute path ignores dirfd */
	assert_int_equal(vfs_lookup(t, dfd, "/a", 0, &p), 0);
	path_put(&p);

	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b/f", O_RDONLY, 0, &file), 0);
	ffd = fd_install(t, file, 0, false);
	assert_int_equal(vfs_lookup(t, ffd, "x", 0, &p), -ENOTDIR);
	assert_int_equal(vfs_lookup(t, 999, "x", 0, &p), -EBADF);
	/* LOOKUP_EMPTY: "" is the fd itself, even a file */
	assert_int_equal(vfs_lookup(t, ffd, "", LOOKUP_EMPTY, &p), 0);
	assert_ptr_equal(p.dentry->inode, file->inode);
	path_put(&p);
	assert_int_equal(vfs_lookup(t, ffd, "", 0, &p), -ENOENT);
	fd_close(t, dfd);
	fd_close(t, ffd);
}

static void lookup__symlinks_in_the_middle_are_followed(void **state)
{
	assert_string_equal(resolve("/a/lrel/f", 0), "/a/b/f");
	assert_string_equal(resolve("/a/labs/f", 0), "/a/b/f");
	assert_string_equal(resolve("/a/lrel/../lrel/f", 0), "/a/b/f");
}

static void lookup__last_symlink_followed_only_with_LOOKUP_FOLLOW(void **state)
{
	assert_string_equal(resolve("/a/lfile", 0), "/a/lfile");
	assert_string_equal(resolve("/a/lfile", LOOKUP_FOLLOW), "/a/b/f");
}

static void lookup__dangling_symlink_is_enoent_when_followed(void **state)
{
	assert_string_equal(resolve("/a/dangling", LOOKUP_FOLLOW), "-ENOENT");
	assert_string_equal(resolve("/a/dangling", 0), "/a/dangling");
}

static void lookup__symlink_loops_are_eloop(void **state)
{
	assert_string_equal(resolve("/loop1", LOOKUP_FOLLOW), "-ELOOP");
	assert_string_equal(resolve("/self", LOOKUP_FOLLOW), "-ELOOP");
	assert_string_equal(resolve("/loop1/x", 0), "-ELOOP");
}

static void lookup__forty_links_resolve_and_the_41st_is_eloop(void **state)
{
	assert_string_equal(resolve("/chain/l1", LOOKUP_FOLLOW), "/a");
	assert_string_equal(resolve("/chain/l0", LOOKUP_FOLLOW), "-ELOOP");
}

static void lookup__trailing_slash_on_a_file_is_enotdir(void **state)
{
	assert_string_equal(resolve("/a/b/f/", 0), "-ENOTDIR");
	assert_string_equal(resolve("/a/b/", 0), "/a/b");
	/* a trailing slash follows the link, which must lead to a directory */
	assert_string_equal(resolve("/a/lrel/", 0), "/a/b");
	assert_string_equal(resolve("/a/lfile/", 0), "-ENOTDIR");
	assert_string_equal(resolve("/a/b/f", LOOKUP_DIRECTORY), "-ENOTDIR");
}

static void lookup__file_in_the_middle_is_enotdir(void **state)
{
	assert_string_equal(resolve("/a/b/f/x", 0), "-ENOTDIR");
	assert_string_equal(resolve("/a/b/f/..", 0), "-ENOTDIR");
	assert_string_equal(resolve("/a/lfile/x", 0), "-ENOTDIR");
}

static void lookup__missing_names_are_enoent(void **state)
{
	assert_string_equal(resolve("/a/nothing", 0), "-ENOENT");
	assert_string_equal(resolve("/nothing/x", 0), "-ENOENT");
	assert_string_equal(resolve("", 0), "-ENOENT");
}

static void lookup__component_over_255_bytes_is_enametoolong(void **state)
{
	char path[300];

	path[0] = '/';
	memset(path + 1, 'x', 255);
	path[256] = '\0';
	assert_string_equal(resolve(path, 0), "-ENOENT");
	memset(path + 1, 'x', 256);
	path[257] = '\0';
	assert_string_equal(resolve(path, 0), "-ENAMETOOLONG");
}

static void lookup__path_of_4096_bytes_is_enametoolong(void **state)
{
	static char path[PATH_MAX + 8];
	int i;

	/* "/./././..." of 4095 bytes is fine, 4096 is not */
	for (i = 0; i < PATH_MAX - 1; i += 2) {
		path[i] = '/';
		path[i + 1] = '.';
	}
	path[PATH_MAX - 1] = '\0';
	assert_string_equal(resolve(path, 0), "/");
	path[PATH_MAX - 1] = '/';
	path[PATH_MAX] = '\0';
	assert_string_equal(resolve(path, 0), "-ENAMETOOLONG");
}

static void lookup__crosses_mounts_downward_and_upward(void **state)
{
	struct path p;

	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/mnt", 0, &p), 0);
	assert_ptr_equal(p.mnt, mnt2);
	assert_ptr_equal(p.dentry, mnt2->root);
	path_put(&p);
	assert_string_equal(resolve("/mnt/sub/g", 0), "/mnt/sub/g");
	assert_string_equal(resolve("/mnt/..", 0), "/");
	assert_string_equal(resolve("/mnt/sub/../../a", 0), "/a");
	chdir_to("/mnt/sub");
	assert_string_equal(resolve("../../a/b/f", 0), "/a/b/f");
	chdir_to("/");
}

static void lookup__search_needs_x_on_each_directory(void **state)
{
	proc.cred.fsuid = proc.cred.uid = 1000;
	proc.cred.fsgid = proc.cred.gid = 1000;
	assert_string_equal(resolve("/priv/x", 0), "-EACCES");
	assert_string_equal(resolve("/priv", 0), "/priv");
	assert_string_equal(resolve("/a/b/f", 0), "/a/b/f");
	proc.cred.fsuid = proc.cred.uid = 0;
	proc.cred.fsgid = proc.cred.gid = 0;
	/* root searches anything */
	assert_string_equal(resolve("/priv/x", 0), "/priv/x");
}

static void lookup__chroot_confines_dotdot_and_absolute_symlinks(void **state)
{
	struct path old, jail;
	char buf[64];

	old = proc.fs->root;
	path_get(&old);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/jail", 0, &jail), 0);
	fs_set_root(proc.fs, &jail);
	fs_set_cwd(proc.fs, &jail);

	/* ".." stops at the guest's root, "/" is the guest's root */
	assert_string_equal(resolve("../../..", 0), "/jail");
	assert_string_equal(resolve("/a/j", 0), "/jail/a/j");
	/* an absolute symlink restarts at the guest's root, not the real one */
	assert_string_equal(resolve("/up", LOOKUP_FOLLOW), "/jail/a");
	assert_string_equal(resolve("/up/j/../../..", LOOKUP_FOLLOW), "/jail");
	/* and d_path names things from the guest's root */
	assert_true(d_path(&jail, &proc.fs->root, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "/");

	fs_set_root(proc.fs, &old);
	fs_set_cwd(proc.fs, &old);
	path_put(&old);
	path_put(&jail);
}

static void lookup__beneath_refuses_to_escape_dirfd(void **state)
{
	struct file *dir;
	struct path p;
	int dfd;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/jail", O_PATH, 0, &dir), 0);
	dfd = fd_install(t, dir, 0, false);
	assert_int_equal(vfs_lookup(t, dfd, "a/j/..", LOOKUP_BENEATH, &p), 0);
	path_put(&p);
	assert_int_equal(vfs_lookup(t, dfd, "..", LOOKUP_BENEATH, &p), -EXDEV);
	assert_int_equal(vfs_lookup(t, dfd, "/a", LOOKUP_BENEATH, &p), -EXDEV);
	assert_int_equal(vfs_lookup(t, dfd, "up", LOOKUP_BENEATH | LOOKUP_FOLLOW, &p),
			 -EXDEV);
	/* IN_ROOT: dirfd is "/" for the walk */
	assert_int_equal(vfs_lookup(t, dfd, "up", LOOKUP_IN_ROOT | LOOKUP_FOLLOW, &p), 0);
	path_put(&p);
	assert_string_equal(resolve("/jail/a", 0), "/jail/a");
	assert_int_equal(vfs_lookup(t, dfd, "../../a/j", LOOKUP_IN_ROOT, &p), 0);
	path_put(&p);
	assert_int_equal(vfs_lookup(t, dfd, "/a/lrel", LOOKUP_NO_SYMLINKS, &p), 0);
	path_put(&p);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/lrel/f", LOOKUP_NO_SYMLINKS, &p),
			 -ELOOP);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/mnt/sub", LOOKUP_NO_XDEV, &p), -EXDEV);
	fd_close(t, dfd);
}

static void open__flags_give_linux_errors(void **state)
{
	struct file *f;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/lfile", O_RDONLY | O_NOFOLLOW, 0, &f),
			 -ELOOP);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/lfile",
				  O_CREAT | O_EXCL | O_WRONLY, 0644, &f), -EEXIST);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b/f", O_RDONLY | O_DIRECTORY, 0, &f),
			 -ENOTDIR);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b", O_WRONLY, 0, &f), -EISDIR);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b", O_CREAT | O_RDONLY, 0644, &f),
			 -EISDIR);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/new/", O_CREAT | O_WRONLY, 0644, &f),
			 -EISDIR);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b/f/", O_RDONLY, 0, &f), -ENOTDIR);
	/* O_TMPFILE: a file with no name, opened for writing */
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a", O_TMPFILE | O_RDWR, 0600, &f), 0);
	assert_int_equal(f->inode->nlink, 0);
	file_put(f);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a", O_TMPFILE | O_RDONLY, 0600, &f),
			 -EINVAL);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/b/f", O_TMPFILE | O_RDWR, 0600, &f),
			 -ENOTDIR);
	/* O_PATH opens even a symlink, with O_NOFOLLOW */
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/lfile", O_PATH | O_NOFOLLOW, 0, &f), 0);
	assert_true(S_ISLNK(f->inode->mode));
	file_put(f);
}

static void open__creat_through_a_dangling_symlink_makes_its_target(void **state)
{
	struct file *f;

	assert_int_equal(vfs_symlink(t, "made", AT_FDCWD, "/a/tomake"), 0);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/tomake", O_CREAT | O_WRONLY, 0600, &f), 0);
	file_put(f);
	assert_string_equal(resolve("/a/made", 0), "/a/made");
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/tomake"), 0);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/made"), 0);
}

static void open__creat_applies_the_umask(void **state)
{
	struct file *f;

	proc.fs->umask = 027;
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/masked", O_CREAT | O_WRONLY, 0666, &f), 0);
	assert_int_equal(f->inode->mode, S_IFREG | 0640);
	file_put(f);
	proc.fs->umask = 022;
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/masked"), 0);
}

static void dcache__unlink_and_rename_are_seen_by_later_walks(void **state)
{
	struct file *f;
	char buf[64];

	mkfile("/a/r1");
	assert_int_equal(vfs_open(t, AT_FDCWD, "/a/r1", O_RDONLY, 0, &f), 0);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/r1", AT_FDCWD, "/a/b/r2", 0), 0);
	assert_string_equal(resolve("/a/r1", 0), "-ENOENT");
	assert_string_equal(resolve("/a/b/r2", 0), "/a/b/r2");
	/* the open file follows its new name */
	assert_true(vfs_file_path(t, f, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "/a/b/r2");
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/b/r2"), 0);
	assert_string_equal(resolve("/a/b/r2", 0), "-ENOENT");
	assert_true(vfs_file_path(t, f, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "/a/b/r2 (deleted)");
	file_put(f);
}

static void dcache__evicting_unused_dentries_keeps_lookups_right(void **state)
{
	char name[32];
	int i;

	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/a/e%d", i);
		mkfile(name);
	}
	d_shrink(0);
	assert_int_equal(d_unused_count(), 0);
	assert_string_equal(resolve("/a/e49", 0), "/a/e49");
	assert_string_equal(resolve("/mnt/sub/g", 0), "/mnt/sub/g");
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/a/e%d", i);
		assert_int_equal(vfs_unlink(t, AT_FDCWD, name), 0);
	}
	assert_string_equal(resolve("/a/e1", 0), "-ENOENT");
}

static void dirops__errors_match_linux(void **state)
{
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a/b", 0755), -EEXIST);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/a/lfile", 0755), -EEXIST);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/x/y", 0755), -ENOENT);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/a"), -ENOTEMPTY);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/a/b/f"), -ENOTDIR);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/a/."), -EINVAL);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/a/.."), -ENOTEMPTY);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/mnt"), -EBUSY);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/b"), -EISDIR);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/b/f/"), -ENOTDIR);
	assert_int_equal(vfs_symlink(t, "x", AT_FDCWD, "/a/b/f"), -EEXIST);
	assert_int_equal(vfs_symlink(t, "", AT_FDCWD, "/a/empty"), -ENOENT);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/b/f", AT_FDCWD, "/mnt/f", 0), -EXDEV);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a", AT_FDCWD, "/a/b/inside", 0), -EINVAL);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/b/f", AT_FDCWD, "/a/b", 0), -EISDIR);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/b", AT_FDCWD, "/a/b/f", 0), -ENOTDIR);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/lrel", AT_FDCWD, "/a/labs",
				    RENAME_NOREPLACE), -EEXIST);
}

static void dirops__rename_exchange_swaps_two_names(void **state)
{
	struct path p;

	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/lrel", AT_FDCWD, "/a/b",
				    RENAME_EXCHANGE), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/b", 0, &p), 0);
	assert_true(S_ISLNK(p.dentry->inode->mode));
	path_put(&p);
	assert_string_equal(resolve("/a/lrel/f", 0), "/a/lrel/f");
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/a/lrel", AT_FDCWD, "/a/b",
				    RENAME_EXCHANGE), 0);
	assert_string_equal(resolve("/a/b/f", 0), "/a/b/f");
}

static void link__makes_a_second_name_for_the_same_inode(void **state)
{
	struct path a, b;

	mkfile("/a/h1");
	assert_int_equal(vfs_link(t, AT_FDCWD, "/a/h1", 0, AT_FDCWD, "/a/b/h2"), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/h1", 0, &a), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/b/h2", 0, &b), 0);
	assert_ptr_equal(a.dentry->inode, b.dentry->inode);
	assert_int_equal(a.dentry->inode->nlink, 2);
	path_put(&b);
	assert_int_equal(vfs_link(t, AT_FDCWD, "/a/h1", 0, AT_FDCWD, "/a/b/h2"), -EEXIST);
	assert_int_equal(vfs_link(t, AT_FDCWD, "/a/b", 0, AT_FDCWD, "/a/bb"), -EPERM);
	assert_int_equal(vfs_link(t, AT_FDCWD, "/a/h1", 0, AT_FDCWD, "/mnt/h"), -EXDEV);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/h1"), 0);
	assert_int_equal(a.dentry->inode->nlink, 1);
	path_put(&a);
	assert_string_equal(resolve("/a/b/h2", 0), "/a/b/h2");
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/b/h2"), 0);
}

static void attr__chmod_chown_utimes_follow_linux_rules(void **state)
{
	struct linux_timespec ts[2] = { { 1000, 5 }, { 2000, UTIME_OMIT } };
	struct inode *ino;
	struct path p;

	mkfile("/a/at");
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/a/at", 0, &p), 0);
	ino = p.dentry->inode;
	assert_int_equal(vfs_chmod(t, &p, 04755), 0);
	assert_int_equal(ino->mode, S_IFREG | 04755);
	/* root's chown clears set-user-ID */
	assert_int_equal(vfs_chown(t, &p, 1000, -1), 0);
	assert_int_equal(ino->uid, 1000);
	assert_int_equal(ino->mode, S_IFREG | 0755);
	assert_int_equal(vfs_utimes(t, &p, ts), 0);
	assert_int_equal(ino->atime.tv_sec, 1000);
	assert_int_equal(ino->atime.tv_nsec, 5);
	assert_true(ino->mtime.tv_sec != 2000);

	/* another user may neither chmod nor give away, nor set times */
	proc.cred.fsuid = proc.cred.uid = 2000;
	assert_int_equal(vfs_chmod(t, &p, 0777), -EPERM);
	assert_int_equal(vfs_chown(t, &p, 2000, -1), -EPERM);
	assert_int_equal(vfs_utimes(t, &p, ts), -EPERM);
	/* touching to "now" needs write permission: 0755 gives none */
	assert_int_equal(vfs_utimes(t, &p, NULL), -EACCES);
	/* the owner may chmod but not give the file away */
	proc.cred.fsuid = proc.cred.uid = 1000;
	assert_int_equal(vfs_chmod(t, &p, 0600), 0);
	assert_int_equal(vfs_chown(t, &p, 0, -1), -EPERM);
	assert_int_equal(vfs_utimes(t, &p, NULL), 0);
	proc.cred.fsuid = proc.cred.uid = 0;
	path_put(&p);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/a/at"), 0);
}

static void perm__sticky_directory_protects_other_users_files(void **state)
{
	struct path p;

	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/sticky", 01777), 0);
	/* mkdir applied the umask (022) */
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/sticky", 0, &p), 0);
	assert_int_equal(p.dentry->inode->mode, S_IFDIR | 01755);
	assert_int_equal(vfs_chmod(t, &p, 01777), 0);
	path_put(&p);
	mkfile("/sticky/roots");
	proc.cred.fsuid = proc.cred.uid = 1000;
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/sticky/roots"), -EPERM);
	mkfile("/sticky/mine");
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/sticky/mine", 0, &p), 0);
	assert_int_equal(p.dentry->inode->uid, 1000);
	path_put(&p);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/sticky/mine"), 0);
	proc.cred.fsuid = proc.cred.uid = 0;
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/sticky/roots"), 0);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/sticky"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup__absolute_path_finds_the_file),
		cmocka_unit_test(lookup__dotdot_at_root_stays_at_root),
		cmocka_unit_test(lookup__dot_and_repeated_slashes_are_skipped),
		cmocka_unit_test(lookup__relative_paths_start_at_cwd),
		cmocka_unit_test(lookup__relative_paths_start_at_dirfd),
		cmocka_unit_test(lookup__symlinks_in_the_middle_are_followed),
		cmocka_unit_test(lookup__last_symlink_followed_only_with_LOOKUP_FOLLOW),
		cmocka_unit_test(lookup__dangling_symlink_is_enoent_when_followed),
		cmocka_unit_test(lookup__symlink_loops_are_eloop),
		cmocka_unit_test(lookup__forty_links_resolve_and_the_41st_is_eloop),
		cmocka_unit_test(lookup__trailing_slash_on_a_file_is_enotdir),
		cmocka_unit_test(lookup__file_in_the_middle_is_enotdir),
		cmocka_unit_test(lookup__missing_names_are_enoent),
		cmocka_unit_test(lookup__component_over_255_bytes_is_enametoolong),
		cmocka_unit_test(lookup__path_of_4096_bytes_is_enametoolong),
		cmocka_unit_test(lookup__crosses_mounts_downward_and_upward),
		cmocka_unit_test(lookup__search_needs_x_on_each_directory),
		cmocka_unit_test(lookup__chroot_confines_dotdot_and_absolute_symlinks),
		cmocka_unit_test(lookup__beneath_refuses_to_escape_dirfd),
		cmocka_unit_test(open__flags_give_linux_errors),
		cmocka_unit_test(open__creat_through_a_dangling_symlink_makes_its_target),
		cmocka_unit_test(open__creat_applies_the_umask),
		cmocka_unit_test(dcache__unlink_and_rename_are_seen_by_later_walks),
		cmocka_unit_test(dcache__evicting_unused_dentries_keeps_lookups_right),
		cmocka_unit_test(dirops__errors_match_linux),
		cmocka_unit_test(dirops__rename_exchange_swaps_two_names),
		cmocka_unit_test(link__makes_a_second_name_for_the_same_inode),
		cmocka_unit_test(attr__chmod_chown_utimes_follow_linux_rules),
		cmocka_unit_test(perm__sticky_directory_protects_other_users_files),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
