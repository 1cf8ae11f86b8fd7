// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Readiness (see poll.h): vfs_poll, and the wait of poll(2) and select(2),
 * which queues the calling task on every wait queue the polled files name
 * and sleeps until one of them, or one of their host fds, wakes it.
 *
 * Entries are made only on the first pass over the files (later passes
 * poll with no table, as Linux does), and stay queued until the call
 * ends; each holds a reference on its file, so a file closed meanwhile by
 * another thread keeps its queue until then.
 */
#include "kernel.h"
#include "sched.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/poll.h"

#define POLL_CHUNK_ENTRIES 64

struct poll_chunk {
	struct poll_chunk *next;
	int n;
	struct poll_entry entries[POLL_CHUNK_ENTRIES];
};

unsigned vfs_poll(struct file *f, struct poll_table *pt)
{
	if (!f->fop || !f->fop->poll)
		return DEFAULT_POLLMASK;
	return f->fop->poll(f, pt);
}

unsigned poll_host_fd(int fd, unsigned events)
{
	struct host_pollfd p = { fd, (short)events, 0 };

	if (host_poll(&p, 1, -1, 0) < 0)
		return 0;
	return (u16)p.revents;
}

static struct poll_entry *new_entry(struct poll_wqueues *pw)
{
	struct poll_chunk *c = pw->chunks;

	if (pw->ninline < POLL_INLINE_ENTRIES)
		return &pw->inline_entries[pw->ninline++];
	if (!c || c->n == POLL_CHUNK_ENTRIES) {
		c = kmalloc(sizeof(*c));
		if (!c)
			return NULL;
		c->n = 0;
		c->next = pw->chunks;
		pw->chunks = c;
	}
	return &c->entries[c->n++];
}

static void queue_task(struct poll_table *pt, struct file *f, struct waitqueue *wq)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *e = new_entry(pw);

	if (!e) {
		pw->error = -ENOMEM;
		return;
	}
	e->f = file_get(f);
	wait_add(wq, &e->we);
}

static void queue_host(struct poll_table *pt, struct file *f, int fd, unsigned events)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);

	for (int i = 0; i < pw->nhost; i++) {
		if (pw->host[i].fd == fd) {
			pw->host[i].events |= events;
			return;
		}
	}
	/* More distinct host fds than this are polled but not waited on. */
	if (pw->nhost < POLL_MAX_HOST_FDS)
		pw->host[pw->nhost++] = (struct host_pollfd){ fd, (short)events, 0 };
}

void poll_wqueues_init(struct poll_wqueues *pw)
{
	pw->pt.queue = queue_task;
	pw->pt.host = queue_host;
	pw->chunks = NULL;
	pw->ninline = 0;
	pw->error = 0;
	pw->nhost = 0;
}

static void free_entry(struct poll_entry *e)
{
	wait_del(&e->we);
	file_put(e->f);
}

void poll_wqueues_free(struct poll_wqueues *pw)
{
	for (int i = 0; i < pw->ninline; i++)
		free_entry(&pw->inline_entries[i]);
	while (pw->chunks) {
		struct poll_chunk *c = pw->chunks;

		for (int i = 0; i < c->n; i++)
			free_entry(&c->entries[i]);
		pw->chunks = c->next;
		kfree(c);
	}
	pw->ninline = 0;
	pw->nhost = 0;
}

int poll_schedule(struct poll_wqueues *pw, s64 deadline)
{
	if (pw->nhost)
		return kernel_wait_host_fds(pw->host, pw->nhost, deadline, SLEEP_INTR);
	return kernel_sleep(CLOCK_MONOTONIC, deadline, SLEEP_INTR);
}
