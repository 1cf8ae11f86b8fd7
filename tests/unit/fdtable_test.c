// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File descriptor tables (src/kernel/vfs/fdtable.c): lowest free fd,
 * the RLIMIT_NOFILE limit, dup2-style replacement, close-on-exec, copies
 * for fork, and the references each of these holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

static struct process proc;
static struct task task = { .proc = &proc };
static struct task *t = &task;

static int setup(void **state)
{
	memset(&proc, 0, sizeof(proc));
	proc.rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	proc.files = fdtable_alloc();
	return proc.files ? 0 : -1;
}

static int teardown(void **state)
{
	fdtable_put(proc.files);
	proc.files = NULL;
	return 0;
}

static void fd_install__takes_the_lowest_free_fd(void **state)
{
	struct file *a = file_alloc(), *b = file_alloc(), *c = file_alloc();

	assert_int_equal(fd_install(t, a, 0, false), 0);
	assert_int_equal(fd_install(t, b, 0, false), 1);
	assert_int_equal(fd_close(t, 0), 0);
	assert_int_equal(fd_install(t, c, 0, false), 0);
}

static void fd_install__starts_at_min(void **state)
{
	struct file *a = file_alloc(), *b = file_alloc();

	assert_int_equal(fd_install(t, a, 10, false), 10);
	assert_int_equal(fd_install(t, b, 10, false), 11);
}

static void fd_install__grows_the_table_past_its_first_size(void **state)
{
	int i;

	for (i = 0; i < 200; i++)
		assert_int_equal(fd_install(t, file_alloc(), 0, false), i);
	assert_true(proc.files->size >= 200);
	assert_non_null(proc.files->fd[199]);
}

static void fd_install__emfile_at_the_nofile_limit(void **state)
{
	struct file *f = file_alloc();
	int i;

	proc.rlim[RLIMIT_NOFILE].rlim_cur = 8;
	for (i = 0; i < 8; i++)
		assert_int_equal(fd_install(t, file_alloc(), 0, false), i);
	assert_int_equal(fd_install(t, f, 0, false), -EMFILE);
	assert_int_equal(fd_install(t, f, 100, false), -EMFILE);
	assert_int_equal(fd_install_at(t, 8, f, false), -EBADF);
	assert_int_equal(fd_limit(t), 8);
	file_put(f);
}

static void fd_limit__unset_rlimit_means_the_default(void **state)
{
	proc.rlim[RLIMIT_NOFILE].rlim_cur = 0;
	assert_int_equal(fd_limit(t), FD_MAX_DEFAULT);
}

static void fd_close__ebadf_for_free_or_bad_fds(void **state)
{
	assert_int_equal(fd_close(t, 0), -EBADF);
	assert_int_equal(fd_close(t, -1), -EBADF);
	assert_int_equal(fd_close(t, 100000), -EBADF);
	assert_int_equal(fd_install(t, file_alloc(), 0, false), 0);
	assert_int_equal(fd_close(t, 0), 0);
	assert_int_equal(fd_close(t, 0), -EBADF);
}

static void fd_get__returns_a_new_reference(void **state)
{
	struct file *f = file_alloc(), *g;

	assert_int_equal(fd_install(t, f, 0, false), 0);
	g = fd_get(t, 0);
	assert_ptr_equal(g, f);
	assert_int_equal(f->refs, 2);
	/* closing the fd leaves the caller's reference */
	assert_int_equal(fd_close(t, 0), 0);
	assert_int_equal(f->refs, 1);
	file_put(g);
	assert_null(fd_get(t, 0));
	assert_null(fd_get(t, -5));
}

static void fd_install_at__replaces_and_drops_the_old_file(void **state)
{
	struct file *a = file_alloc(), *b = file_alloc();

	assert_int_equal(fd_install(t, a, 0, true), 0);
	file_get(a);
	assert_int_equal(fd_install_at(t, 0, b, false), 0);
	assert_int_equal(a->refs, 1);	/* only our extra reference left */
	assert_ptr_equal(proc.files->fd[0], b);
	assert_int_equal(fd_get_cloexec(t, 0), 0);
	file_put(a);
	/* far beyond the current size, below the limit */
	assert_int_equal(fd_install_at(t, 500, file_alloc(), false), 500);
	assert_int_equal(fd_install_at(t, -1, NULL, false), -EBADF);
}

static void cloexec__flags_are_per_fd_and_exec_closes_only_those(void **state)
{
	assert_int_equal(fd_install(t, file_alloc(), 0, true), 0);
	assert_int_equal(fd_install(t, file_alloc(), 0, false), 1);
	assert_int_equal(fd_get_cloexec(t, 0), 1);
	assert_int_equal(fd_get_cloexec(t, 1), 0);
	assert_int_equal(fd_set_cloexec(t, 1, true), 0);
	assert_int_equal(fd_set_cloexec(t, 0, false), 0);
	assert_int_equal(fd_get_cloexec(t, 2), -EBADF);
	assert_int_equal(fd_set_cloexec(t, 2, true), -EBADF);
	fd_close_on_exec(t);
	assert_non_null(proc.files->fd[0]);
	assert_null(proc.files->fd[1]);
	/* a closed slot forgets its flag */
	assert_int_equal(fd_install(t, file_alloc(), 0, false), 1);
	assert_int_equal(fd_get_cloexec(t, 1), 0);
}

static void fdtable_dup__shares_files_and_copies_flags(void **state)
{
	struct file *f = file_alloc();
	struct fdtable *copy, *mine = proc.files;

	assert_int_equal(fd_install(t, f, 3, true), 3);
	copy = fdtable_dup(mine);
	assert_non_null(copy);
	assert_ptr_equal(copy->fd[3], f);
	assert_int_equal(copy->cloexec[3], 1);
	assert_int_equal(f->refs, 2);
	/* closing in the copy leaves the original alone */
	proc.files = copy;
	assert_int_equal(fd_close(t, 3), 0);
	proc.files = mine;
	assert_ptr_equal(mine->fd[3], f);
	assert_int_equal(f->refs, 1);
	fdtable_put(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(fd_install__takes_the_lowest_free_fd),
		T(fd_install__starts_at_min),
		T(fd_install__grows_the_table_past_its_first_size),
		T(fd_install__emfile_at_the_nofile_limit),
		T(fd_limit__unset_rlimit_means_the_default),
		T(fd_close__ebadf_for_free_or_bad_fds),
		T(fd_get__returns_a_new_reference),
		T(fd_install_at__replaces_and_drops_the_old_file),
		T(cloexec__flags_are_per_fd_and_exec_closes_only_those),
		T(fdtable_dup__shares_files_and_copies_flags),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
