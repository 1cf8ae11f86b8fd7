// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Advisory locks (src/kernel/vfs/locks.c): conflicts between owners,
 * ranges split by unlocks, POSIX locks dropped by any close of their
 * owner, OFD and flock locks owned by the open file, and flock apart from
 * record locks.  Two processes (A and B) with their own fd tables share a
 * file in a tmpfs root.  (F_SETLKW's sleeping is not tested here: it
 * needs a second task thread.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

static struct process pa, pb;
static struct task ta = { .tid = 10, .proc = &pa }, tb = { .tid = 20, .proc = &pb };

static int group_setup(void **state)
{
	struct super_block *sb;
	struct inode *root;

	pa.pid = 10;
	pb.pid = 20;
	if (tmpfs_new("tmpfs", 01777, &sb, &root) ||
	    vfs_mount_root(sb, root, 0, "test", NULL))
		return -1;
	pa.fs = fs_alloc_root();
	pb.fs = fs_alloc_root();
	pa.files = fdtable_alloc();
	pb.files = fdtable_alloc();
	return pa.fs && pb.fs && pa.files && pb.files ? 0 : -1;
}

static struct file *open_rw(struct task *t)
{
	struct file *f;

	assert_int_equal(vfs_open(t, AT_FDCWD, "/f", O_CREAT | O_RDWR, 0666, &f), 0);
	return f;
}

static struct lock_desc range(int type, s64 start, s64 end)
{
	return (struct lock_desc){ .type = type, .start = start, .end = end };
}

static void posix__write_locks_of_two_processes_conflict(void **state)
{
	struct file *fa = open_rw(&ta), *fb = open_rw(&tb);
	struct lock_desc ld = range(F_WRLCK, 0, 99);

	assert_int_equal(locks_set(&ta, fa, LOCK_POSIX, &ld, false), 0);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), -EAGAIN);
	ld = range(F_RDLCK, 50, 60);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), -EAGAIN);
	/* beyond the range is free */
	ld = range(F_WRLCK, 100, LOCK_TO_EOF);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), 0);
	/* F_GETLK tells who is in the way */
	ld = range(F_WRLCK, 10, 10);
	assert_int_equal(locks_test(&tb, fb, LOCK_POSIX, &ld), 0);
	assert_int_equal(ld.type, F_WRLCK);
	assert_int_equal(ld.start, 0);
	assert_int_equal(ld.end, 99);
	assert_int_equal(ld.pid, 10);
	/* the owner itself sees no conflict */
	ld = range(F_WRLCK, 10, 10);
	assert_int_equal(locks_test(&ta, fa, LOCK_POSIX, &ld), 0);
	assert_int_equal(ld.type, F_UNLCK);
	locks_remove_posix(pa.files, fa->inode);
	locks_remove_posix(pb.files, fb->inode);
	file_put(fa);
	file_put(fb);
}

static void posix__read_locks_share(void **state)
{
	struct file *fa = open_rw(&ta), *fb = open_rw(&tb);
	struct lock_desc ld = range(F_RDLCK, 0, LOCK_TO_EOF);
	struct inode *ino = fa->inode;

	assert_int_equal(locks_set(&ta, fa, LOCK_POSIX, &ld, false), 0);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), 0);
	ld = range(F_WRLCK, 5, 5);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), -EAGAIN);
	locks_remove_posix(pa.files, ino);
	/* A's read lock gone: B may upgrade its own */
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), 0);
	locks_remove_posix(pb.files, ino);
	assert_null(ino->locks);
	file_put(fa);
	file_put(fb);
}

static void posix__unlocking_the_middle_splits_the_lock(void **state)
{
	struct file *fa = open_rw(&ta), *fb = open_rw(&tb);
	struct lock_desc ld = range(F_WRLCK, 0, 99);

	assert_int_equal(locks_set(&ta, fa, LOCK_POSIX, &ld, false), 0);
	ld = range(F_UNLCK, 40, 59);
	assert_int_equal(locks_set(&ta, fa, LOCK_POSIX, &ld, false), 0);
	ld = range(F_WRLCK, 40, 59);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), 0);
	ld = range(F_WRLCK, 39, 39);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), -EAGAIN);
	ld = range(F_WRLCK, 60, 60);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), -EAGAIN);
	locks_remove_posix(pa.files, fa->inode);
	locks_remove_posix(pb.files, fb->inode);
	file_put(fa);
	file_put(fb);
}

static void posix__any_close_by_the_owner_drops_its_locks(void **state)
{
	struct file *fa = open_rw(&ta), *fb = open_rw(&tb), *other = open_rw(&ta);
	struct lock_desc ld = range(F_WRLCK, 0, 0);
	int fd;

	assert_int_equal(locks_set(&ta, fa, LOCK_POSIX, &ld, false), 0);
	/* A closes another fd of the same file: the lock goes (POSIX!) */
	fd = fd_install(&ta, other, 0, false);
	assert_int_equal(fd_close(&ta, fd), 0);
	assert_int_equal(locks_set(&tb, fb, LOCK_POSIX, &ld, false), 0);
	locks_remove_posix(pb.files, fb->inode);
	file_put(fa);
	file_put(fb);
}

static void ofd__locks_belong_to_the_open_file(void **state)
{
	struct file *f1 = open_rw(&ta), *f2 = open_rw(&ta);
	struct lock_desc ld = range(F_WRLCK, 0, 9);

	/* the same process, two open files: they conflict */
	assert_int_equal(locks_set(&ta, f1, LOCK_OFD, &ld, false), 0);
	assert_int_equal(locks_set(&ta, f2, LOCK_OFD, &ld, false), -EAGAIN);
	/* and an OFD lock is in the way of POSIX locks too */
	assert_int_equal(locks_set(&tb, f2, LOCK_POSIX, &ld, false), -EAGAIN);
	ld = range(F_WRLCK, 0, 9);
	assert_int_equal(locks_test(&ta, f2, LOCK_OFD, &ld), 0);
	assert_int_equal(ld.pid, -1);
	/* the last reference of f1 releases it */
	file_put(f1);
	ld = range(F_WRLCK, 0, 9);
	assert_int_equal(locks_set(&ta, f2, LOCK_OFD, &ld, false), 0);
	file_put(f2);
}

static void flock__is_apart_from_record_locks(void **state)
{
	struct file *f1 = open_rw(&ta), *f2 = open_rw(&tb);
	struct lock_desc ex = range(F_WRLCK, 0, LOCK_TO_EOF);

	assert_int_equal(locks_set(&ta, f1, LOCK_FLOCK, &ex, false), 0);
	assert_int_equal(locks_set(&tb, f2, LOCK_FLOCK, &ex, false), -EAGAIN);
	/* a POSIX lock does not see flock locks */
	assert_int_equal(locks_set(&tb, f2, LOCK_POSIX, &ex, false), 0);
	locks_remove_posix(pb.files, f2->inode);
	/* unlocking, then the other may take it */
	ex.type = F_UNLCK;
	assert_int_equal(locks_set(&ta, f1, LOCK_FLOCK, &ex, false), 0);
	ex.type = F_WRLCK;
	assert_int_equal(locks_set(&tb, f2, LOCK_FLOCK, &ex, false), 0);
	file_put(f2);
	assert_int_equal(locks_set(&ta, f1, LOCK_FLOCK, &ex, false), 0);
	file_put(f1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(posix__write_locks_of_two_processes_conflict),
		cmocka_unit_test(posix__read_locks_share),
		cmocka_unit_test(posix__unlocking_the_middle_splits_the_lock),
		cmocka_unit_test(posix__any_close_by_the_owner_drops_its_locks),
		cmocka_unit_test(ofd__locks_belong_to_the_open_file),
		cmocka_unit_test(flock__is_apart_from_record_locks),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
