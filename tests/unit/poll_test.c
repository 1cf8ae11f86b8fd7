// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Readiness and waiting (src/kernel/vfs/poll.c, sched.c): what a poll
 * table does with the queues and host fds a file names, wake-ups with a
 * key (the callbacks epoll puts on queues see it, tasks are woken
 * whatever it is), and the sleeps of poll and select: on the task's wake
 * word, or on host fds together with its wake eventfd, ended by a
 * wake-up from another thread or by the deadline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <unistd.h>

#include "kernel.h"
#include "sched.h"
#include "task.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

static struct process proc;
static struct task task = { .tid = 1, .proc = &proc, .wake_fd = -1 };

/* A file whose readiness is `ready` and whose changes wake q1 and q2. */
static struct waitqueue q1, q2;
static unsigned ready;
static int host_fd = -1;

static unsigned fake_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(f, &q1, pt);
	poll_wait(f, &q2, pt);
	if (host_fd >= 0)
		poll_wait_host(f, host_fd, POLLIN, pt);
	return ready;
}

static const struct file_ops fake_fops = { .poll = fake_poll };

static struct file *fake_file(void)
{
	struct file *f = file_alloc();

	f->fop = &fake_fops;
	return f;
}

static int setup(void **state)
{
	current = &task;
	waitqueue_init(&q1);
	waitqueue_init(&q2);
	ready = 0;
	host_fd = -1;
	host_kernel_lock();
	return 0;
}

static int teardown(void **state)
{
	host_kernel_unlock();
	return 0;
}

static void vfs_poll__a_file_without_poll_is_always_ready(void **state)
{
	struct file *f = file_alloc();

	assert_int_equal(vfs_poll(f, NULL), DEFAULT_POLLMASK);
	file_put(f);
}

static void poll_table__queues_on_every_named_queue_until_freed(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();

	poll_wqueues_init(&pw);
	ready = POLLOUT;
	assert_int_equal(vfs_poll(f, &pw.pt), POLLOUT);
	assert_true(waitqueue_active(&q1));
	assert_true(waitqueue_active(&q2));
	assert_int_equal(f->refs, 3);	/* each entry holds the file */
	assert_int_equal(pw.nhost, 0);
	poll_wqueues_free(&pw);
	assert_false(waitqueue_active(&q1));
	assert_false(waitqueue_active(&q2));
	assert_int_equal(f->refs, 1);
	file_put(f);
}

static void poll_table__many_entries_spill_into_chunks(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();
	int n = 0;

	poll_wqueues_init(&pw);
	for (int i = 0; i < 100; i++)
		vfs_poll(f, &pw.pt);
	assert_int_equal(f->refs, 201);
	for (struct wait_entry *we = q1.head.next; we != &q1.head; we = we->next)
		n++;
	assert_int_equal(n, 100);
	poll_wqueues_free(&pw);
	assert_int_equal(f->refs, 1);
	assert_false(waitqueue_active(&q1));
	file_put(f);
}

static void poll_table__host_fds_are_merged_by_fd(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();

	poll_wqueues_init(&pw);
	host_fd = 0;
	vfs_poll(f, &pw.pt);
	vfs_poll(f, &pw.pt);
	assert_int_equal(pw.nhost, 1);
	assert_int_equal(pw.host[0].fd, 0);
	assert_int_equal(pw.host[0].events, POLLIN);
	poll_wqueues_free(&pw);
	file_put(f);
}

static unsigned cb_key;
static int cb_calls;

static void cb(struct wait_entry *we, unsigned key)
{
	cb_calls++;
	cb_key = key;
}

static void wake_up_poll__callbacks_get_the_key_tasks_are_woken(void **state)
{
	struct wait_entry a, b;
	u32 seq = task.wake_seq;

	cb_calls = 0;
	wait_add_func(&q1, &a, cb);
	wait_add(&q1, &b);
	wake_up_poll(&q1, POLLIN | POLLRDNORM);
	assert_int_equal(cb_calls, 1);
	assert_int_equal(cb_key, POLLIN | POLLRDNORM);
	assert_int_not_equal(task.wake_seq, seq);
	assert_true(b.woken);
	wake_up(&q1);
	assert_int_equal(cb_key, 0);
	wait_del(&a);
	wait_del(&b);
	assert_false(waitqueue_active(&q1));
}

static void poll_schedule__times_out_at_the_deadline(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();
	s64 t0 = clock_ns(CLOCK_MONOTONIC), dt;
	int ret;

	poll_wqueues_init(&pw);
	vfs_poll(f, &pw.pt);
	while (!(ret = poll_schedule(&pw, t0 + 20000000)))
		;	/* 0: look again */
	assert_int_equal(ret, -ETIMEDOUT);
	dt = clock_ns(CLOCK_MONOTONIC) - t0;
	assert_true(dt >= 20000000 && dt < 1000000000);
	poll_wqueues_free(&pw);
	file_put(f);
}

static void *waker(void *arg)
{
	usleep(20000);
	host_kernel_lock();
	wake_up_poll(arg, POLLIN);
	host_kernel_unlock();
	return NULL;
}

static void poll_schedule__wakes_for_a_queue_from_another_thread(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();
	pthread_t th;

	poll_wqueues_init(&pw);
	vfs_poll(f, &pw.pt);
	pthread_create(&th, NULL, waker, &q2);
	assert_int_equal(poll_schedule(&pw, clock_ns(CLOCK_MONOTONIC) + 5 * NSEC_PER_SEC), 0);
	pthread_join(th, NULL);
	poll_wqueues_free(&pw);
	file_put(f);
}

static void poll_schedule__with_host_fds_wakes_for_the_fd_and_for_a_queue(void **state)
{
	struct poll_wqueues pw;
	struct file *f = fake_file();
	int p[2];
	pthread_t th;

	assert_int_equal(pipe(p), 0);
	host_fd = p[0];
	poll_wqueues_init(&pw);
	vfs_poll(f, &pw.pt);
	assert_int_equal(pw.nhost, 1);
	/* a queue's wake-up reaches a task asleep in the host poll */
	pthread_create(&th, NULL, waker, &q1);
	assert_int_equal(poll_schedule(&pw, clock_ns(CLOCK_MONOTONIC) + 5 * NSEC_PER_SEC), 0);
	pthread_join(th, NULL);
	assert_int_equal(pw.host[0].revents, 0);
	/* the host fd itself */
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(poll_schedule(&pw, clock_ns(CLOCK_MONOTONIC) + 5 * NSEC_PER_SEC), 0);
	assert_int_equal(pw.host[0].revents, POLLIN);
	assert_int_equal(poll_host_fd(p[0], POLLIN | POLLOUT), POLLIN);
	poll_wqueues_free(&pw);
	file_put(f);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(vfs_poll__a_file_without_poll_is_always_ready,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			poll_table__queues_on_every_named_queue_until_freed, setup, teardown),
		cmocka_unit_test_setup_teardown(poll_table__many_entries_spill_into_chunks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(poll_table__host_fds_are_merged_by_fd, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			wake_up_poll__callbacks_get_the_key_tasks_are_woken, setup, teardown),
		cmocka_unit_test_setup_teardown(poll_schedule__times_out_at_the_deadline, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			poll_schedule__wakes_for_a_queue_from_another_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(
			poll_schedule__with_host_fds_wakes_for_the_fd_and_for_a_queue, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
