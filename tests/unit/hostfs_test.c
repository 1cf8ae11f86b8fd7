// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostfs (src/hostfs/) on a real host directory made for the test:
 * reading, listing, symlinks resolved inside the guest's tree (never the
 * host's), noticing changes made on the host behind umk's back (by a
 * stat, or by the host watches between a guest's events), refusing
 * writes on a read-only mount, and the write path on a read-write one;
 * extended attributes: user.* on the host file, nothing else reaching it.
 *
 * Host tree (in a fresh temporary directory):
 *   hello          "hi\n"
 *   sub/           sub/inner "x"
 *   abs -> /hello  esc -> ../../../../hello   out -> /etc/passwd
 *   rw/            mounted read-write on /rw; the root is read-only
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "../hostfs/hostfs.h"

static struct process proc;
static struct task task = { .proc = &proc };
static struct task *t = &task;
static char top[64];

/* Host-side helpers: plain syscalls, so no libc header clashes with the
 * kernel's ABI headers. */
static void host_mkdir(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	assert_int_equal(syscall(SYS_mkdirat, AT_FDCWD, p, 0755), 0);
}

static void host_put(const char *rel, const char *text)
{
	char p[256];
	long fd;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	fd = syscall(SYS_openat, AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), strlen(text));
	close(fd);
}

static void host_symlink(const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	assert_int_equal(symlink(target, p), 0);
}

static bool host_exists(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	return syscall(SYS_faccessat, AT_FDCWD, p, F_OK) == 0;
}

static int open_dir(const char *path)
{
	return syscall(SYS_openat, AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int group_setup(void **state)
{
	struct super_block *sb;
	struct inode *root;
	struct path p;
	char rw[128];

	snprintf(top, sizeof(top), "/tmp/umk-hostfs-test-XXXXXX");
	if (!mkdtemp(top))
		return -1;
	host_put("hello", "hi\n");
	host_mkdir("sub");
	host_put("sub/inner", "x");
	host_symlink("/hello", "abs");
	host_symlink("../../../../hello", "esc");
	host_symlink("/etc/passwd", "out");
	host_mkdir("rw");

	proc.pid = 1;
	proc.rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	if (hostfs_new(open_dir(top), true, &sb, &root) ||
	    vfs_mount_root(sb, root, MNT_RDONLY, "hostfs", NULL))
		return -1;
	proc.fs = fs_alloc_root();
	proc.files = fdtable_alloc();
	snprintf(rw, sizeof(rw), "%s/rw", top);
	if (vfs_lookup(t, AT_FDCWD, "/rw", 0, &p) ||
	    hostfs_new(open_dir(rw), false, &sb, &root) ||
	    vfs_mount(&p, sb, root, 0, "hostfs-rw", NULL))
		return -1;
	path_put(&p);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) ? -1 : 0;
}

static long read_all(const char *path, char *buf, size_t len)
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

static void hostfs__reads_a_file_of_the_host_tree(void **state)
{
	char buf[64];

	assert_int_equal(read_all("/hello", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "hi\n");
	assert_int_equal(read_all("/sub/inner", buf, sizeof(buf)), 1);
}

static void hostfs__host_user_appears_as_root(void **state)
{
	struct linux_stat st;
	struct path p;

	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/hello", 0, &p), 0);
	vfs_getattr(&p, &st);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(st.st_size, 3);
	assert_true(S_ISREG(st.st_mode));
	path_put(&p);
}

static void hostfs__symlinks_resolve_inside_the_guest_tree(void **state)
{
	char buf[64];

	/* "/hello" means the guest's /hello, i.e. top/hello */
	assert_int_equal(read_all("/abs", buf, sizeof(buf)), 3);
	/* ".." stops at the guest's root */
	assert_int_equal(read_all("/esc", buf, sizeof(buf)), 3);
	/* and the host's /etc/passwd is not reachable */
	assert_int_equal(read_all("/out", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(read_all("/sub/../../../hello", buf, sizeof(buf)), 3);
}

struct names {
	struct dir_ctx ctx;
	int count;
	bool saw_hello, saw_sub_as_dir;
};

static bool count_name(struct dir_ctx *ctx, const char *name, size_t len,
		       u64 ino, unsigned dtype)
{
	struct names *n = (struct names *)ctx;

	n->count++;
	if (len == 5 && !memcmp(name, "hello", 5))
		n->saw_hello = true;
	if (len == 3 && !memcmp(name, "sub", 3) && dtype == DT_DIR)
		n->saw_sub_as_dir = true;
	return true;
}

static void hostfs__readdir_passes_host_entries_through(void **state)
{
	struct names n = { .ctx.emit = count_name };
	struct file *f;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	assert_int_equal(vfs_readdir(f, &n.ctx), 0);
	/* . .. hello sub abs esc out rw */
	assert_int_equal(n.count, 8);
	assert_true(n.saw_hello);
	assert_true(n.saw_sub_as_dir);
	file_put(f);
}

static void hostfs__changes_on_the_host_are_noticed(void **state)
{
	char buf[64], p[256];
	struct path pa;

	assert_int_equal(read_all("/sub/inner", buf, sizeof(buf)), 1);
	/* removed behind umk's back */
	snprintf(p, sizeof(p), "%s/sub/inner", top);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/sub/inner", 0, &pa), -ENOENT);
	/* made again, as another file */
	host_put("sub/inner", "again");
	assert_int_equal(read_all("/sub/inner", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "again");
	/* a file replaced by a directory */
	assert_int_equal(unlink(p), 0);
	host_mkdir("sub/inner");
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/sub/inner", LOOKUP_DIRECTORY, &pa), 0);
	path_put(&pa);
	snprintf(p, sizeof(p), "%s/sub/inner", top);
	assert_int_equal(rmdir(p), 0);
	host_put("sub/inner", "x");
}

/* A guest event comes in (a syscall): what the host did before it must
 * show, whatever hostfs trusted from its watches. */
static void guest_event(void)
{
	t->entry_seq = ++kernel_entries;
}

static long host_size(const char *path)
{
	struct linux_stat st;
	struct path pa;
	int err;

	guest_event();
	err = vfs_lookup(t, AT_FDCWD, path, 0, &pa);
	if (err)
		return err;
	err = vfs_getattr(&pa, &st);
	path_put(&pa);
	return err ? err : st.st_size;
}

static void host_do(long ret)
{
	assert_int_equal(ret, 0);
}

static int no_current(void **state)
{
	current = NULL;
	return 0;
}

static void hostfs__watched_names_follow_the_host(void **state)
{
	char a[256], b[256], c[256], buf[16];
	u64 hits;
	struct linux_stat st;
	struct path pa;

	snprintf(a, sizeof(a), "%s/sub/later", top);
	snprintf(b, sizeof(b), "%s/sub/moved", top);
	snprintf(c, sizeof(c), "%s/other", top);
	current = t;
	/* a name found missing (the third time from the negative cache: the
	 * second reads the events the last test left), then made on the
	 * host */
	assert_int_equal(host_size("/sub/later"), -ENOENT);
	assert_int_equal(host_size("/sub/later"), -ENOENT);
	hits = hostfs_watch_hits();
	assert_int_equal(host_size("/sub/later"), -ENOENT);
	assert_true(hostfs_watch_hits() > hits);
	host_put("sub/later", "1");
	assert_int_equal(host_size("/sub/later"), 1);
	/* read once (relatime: its atime is past its mtime then) and used
	 * a few times more (its own watch comes at the third stat), the file
	 * is trusted: no stat */
	usleep(20000);
	guest_event();
	assert_int_equal(read_all("/sub/later", buf, sizeof(buf)), 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(host_size("/sub/later"), 1);
	hits = hostfs_watch_hits();
	assert_int_equal(host_size("/sub/later"), 1);
	assert_true(hostfs_watch_hits() > hits);
	/* rewritten, chmod'ed, renamed on the host */
	host_put("sub/later", "12345");
	assert_int_equal(host_size("/sub/later"), 5);
	host_do(syscall(SYS_fchmodat, AT_FDCWD, a, 0600));
	guest_event();
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/sub/later", 0, &pa), 0);
	assert_int_equal(vfs_getattr(&pa, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	path_put(&pa);
	host_do(syscall(SYS_renameat, AT_FDCWD, a, AT_FDCWD, b));
	assert_int_equal(host_size("/sub/later"), -ENOENT);
	assert_int_equal(host_size("/sub/moved"), 5);
	/* a second name in another directory: a change through it shows */
	host_do(syscall(SYS_linkat, AT_FDCWD, b, AT_FDCWD, c, 0));
	assert_int_equal(host_size("/sub/moved"), 5);
	host_put("other", "123");
	assert_int_equal(host_size("/sub/moved"), 3);
	host_do(unlink(b));
	host_do(unlink(c));
	assert_int_equal(host_size("/sub/moved"), -ENOENT);
	current = NULL;
}

static void hostfs__readonly_mount_refuses_every_write(void **state)
{
	struct file *f;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/hello", O_WRONLY, 0, &f), -EROFS);
	assert_int_equal(vfs_open(t, AT_FDCWD, "/new", O_CREAT | O_WRONLY, 0644, &f), -EROFS);
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/newdir", 0755), -EROFS);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/hello"), -EROFS);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/hello", AT_FDCWD, "/h2", 0), -EROFS);
	assert_int_equal(vfs_symlink(t, "x", AT_FDCWD, "/lnk"), -EROFS);
	assert_true(host_exists("hello"));
	assert_false(host_exists("new"));
}

static void hostfs__readwrite_mount_writes_to_the_host(void **state)
{
	struct file *f;
	char buf[64];
	struct uio u;
	s64 pos = 0;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/rw/a", O_CREAT | O_RDWR, 0644, &f), 0);
	uio_from_kernel(&u, "data", 4);
	assert_int_equal(vfs_write(f, &u, &pos), 4);
	file_put(f);
	assert_true(host_exists("rw/a"));
	assert_int_equal(vfs_mkdir(t, AT_FDCWD, "/rw/d", 0755), 0);
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/rw/a", AT_FDCWD, "/rw/d/b", 0), 0);
	assert_false(host_exists("rw/a"));
	assert_true(host_exists("rw/d/b"));
	assert_int_equal(read_all("/rw/d/b", buf, sizeof(buf)), 4);
	assert_int_equal(vfs_symlink(t, "d/b", AT_FDCWD, "/rw/l"), 0);
	assert_int_equal(read_all("/rw/l", buf, sizeof(buf)), 4);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/rw/d"), -ENOTEMPTY);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/rw/d/b"), 0);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/rw/l"), 0);
	assert_int_equal(vfs_rmdir(t, AT_FDCWD, "/rw/d"), 0);
	assert_false(host_exists("rw/d"));
	/* a rename across the two mounts is refused */
	assert_int_equal(vfs_rename(t, AT_FDCWD, "/hello", AT_FDCWD, "/rw/h", 0), -EXDEV);
}

static void hostfs__only_user_xattrs_reach_the_host(void **state)
{
	struct path p;
	struct file *f;
	char buf[16];
	int dfd, fd;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/rw/x", O_CREAT | O_RDWR, 0644, &f), 0);
	file_put(f);
	assert_int_equal(vfs_lookup(t, AT_FDCWD, "/rw/x", 0, &p), 0);
	if (vfs_setxattr(t, &p, "user.a", "v", 1, 0) == -EOPNOTSUPP) {
		path_put(&p);
		skip();	/* the host's /tmp keeps no user attributes */
	}
	assert_int_equal(vfs_getxattr(t, &p, "user.a", buf, sizeof(buf)), 1);
	/* other namespaces: absent to read, not settable on the host */
	assert_int_equal(vfs_getxattr(t, &p, "trusted.a", buf, sizeof(buf)), -ENODATA);
	assert_int_equal(vfs_setxattr(t, &p, "trusted.a", "v", 1, 0), -EOPNOTSUPP);
	/* umk's own names: absent to read, refused to write */
	assert_int_equal(vfs_getxattr(t, &p, "user.umk.uid", buf, sizeof(buf)), -ENODATA);
	assert_int_equal(vfs_setxattr(t, &p, "user.umk.uid", "0", 1, 0), -EPERM);
	assert_int_equal(vfs_removexattr(t, &p, "user.a"), 0);
	path_put(&p);
	/* the host half refuses anything but user.* by itself */
	dfd = open_dir(top);
	fd = hostfs_user_open(dfd, "hello", O_PATH, 0);
	assert_true(fd >= 0);
	assert_int_equal(hostfs_user_setxattr(fd, "trusted.a", "v", 1, 0), -EINVAL);
	assert_int_equal(hostfs_user_setxattr(fd, "security.a", "v", 1, 0), -EINVAL);
	assert_int_equal(hostfs_user_setxattr(fd, "user.", "v", 1, 0), -EINVAL);
	assert_int_equal(hostfs_user_getxattr(-1, "user.a", buf, sizeof(buf)), -EINVAL);
	host_close(fd);
	host_close(dfd);
	assert_int_equal(vfs_unlink(t, AT_FDCWD, "/rw/x"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostfs__reads_a_file_of_the_host_tree),
		cmocka_unit_test(hostfs__host_user_appears_as_root),
		cmocka_unit_test(hostfs__symlinks_resolve_inside_the_guest_tree),
		cmocka_unit_test(hostfs__readdir_passes_host_entries_through),
		cmocka_unit_test(hostfs__changes_on_the_host_are_noticed),
		cmocka_unit_test_teardown(hostfs__watched_names_follow_the_host, no_current),
		cmocka_unit_test(hostfs__readonly_mount_refuses_every_write),
		cmocka_unit_test(hostfs__readwrite_mount_writes_to_the_host),
		cmocka_unit_test(hostfs__only_user_xattrs_reach_the_host),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
