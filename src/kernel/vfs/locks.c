// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Advisory file locks: fcntl's record locks and flock(2).
 *
 * Each inode keeps a list of locks: a kind (POSIX, OFD, FLOCK), an owner,
 * a type (read or write) and an inclusive byte range.  Two locks conflict
 * when their owners differ, their ranges overlap and one of them is a
 * write lock; POSIX and OFD locks conflict with each other, flock locks
 * only with flock locks (as on Linux).
 *
 * Owners, as Linux has them: a POSIX lock belongs to the fd table of the
 * process that took it (and goes when that table closes any fd of the
 * file); an OFD or flock lock belongs to the open file (and goes with its
 * last reference).  A new lock of an owner replaces what that owner held
 * in its range, splitting locks that stick out, and merges with the
 * owner's locks of its type that touch it.
 *
 * A caller that must wait (F_SETLKW, flock without LOCK_NB) sleeps on a
 * word of its own in a global list; every unlock wakes all sleepers,
 * which look again.  A POSIX owner about to wait for a POSIX lock whose
 * owner waits (through at most MAX_DEADLK_ITERATIONS such owners) for one
 * of its own gets -EDEADLK instead, as on Linux; OFD and flock waits are
 * not checked (Linux does not either).
 */
#include "kernel.h"
#include "task.h"
#include "sched.h"
#include "vfs/vfs.h"
#include "vfs/internal.h"

struct file_lock {
	struct file_lock *next;
	int kind;		/* LOCK_POSIX, LOCK_OFD, LOCK_FLOCK */
	const void *owner;	/* struct fdtable (POSIX) or struct file */
	int pid;		/* who took it, for F_GETLK */
	int type;		/* F_RDLCK, F_WRLCK */
	s64 start, end;		/* inclusive */
};

/* Tasks waiting for some lock to go: they all look again. */
static struct waitqueue waiters;

#define MAX_DEADLK_ITERATIONS 10

/* A POSIX owner asleep in F_SETLKW, and what it waits for. */
struct lock_waiter {
	struct lock_waiter *next;
	const void *owner;
	struct inode *ino;
	const struct lock_desc *ld;
};
static struct lock_waiter *posix_waiters;

static void wake_waiters(void)
{
	wake_up(&waiters);
}

static bool record(int kind)
{
	return kind != LOCK_FLOCK;
}

static const void *lock_owner(struct task *t, struct file *f, int kind)
{
	return kind == LOCK_POSIX ? (const void *)t->proc->files : f;
}

/* The first lock of ino from 'from' on that keeps (kind, owner) from
 * taking ld. */
static struct file_lock *conflict_from(struct file_lock *from, int kind,
				       const void *owner,
				       const struct lock_desc *ld)
{
	struct file_lock *l;

	for (l = from; l; l = l->next) {
		if (record(l->kind) != record(kind) || l->owner == owner)
			continue;
		if (l->end < ld->start || l->start > ld->end)
			continue;
		if (l->type == F_WRLCK || ld->type == F_WRLCK)
			return l;
	}
	return NULL;
}

static struct file_lock *conflict(struct inode *ino, int kind,
				  const void *owner, const struct lock_desc *ld)
{
	return conflict_from(ino->locks, kind, owner, ld);
}

/* The owner of the POSIX lock that POSIX owner waits for, or NULL. */
static const void *waits_for(const void *owner)
{
	struct lock_waiter *w;
	struct file_lock *l;

	for (w = posix_waiters; w; w = w->next) {
		if (w->owner != owner)
			continue;
		l = conflict(w->ino, LOCK_POSIX, owner, w->ld);
		return l && l->kind == LOCK_POSIX ? l->owner : NULL;
	}
	return NULL;
}

/* Would owner, waiting for blocker, close a circle of waiting owners? */
static bool deadlock(const void *owner, const struct file_lock *blocker)
{
	const void *o = blocker->kind == LOCK_POSIX ? blocker->owner : NULL;
	int i;

	for (i = 0; o && i < MAX_DEADLK_ITERATIONS; i++) {
		o = waits_for(o);
		if (o == owner)
			return true;
	}
	return false;
}

static void waiter_remove(struct lock_waiter *w)
{
	struct lock_waiter **pp;

	for (pp = &posix_waiters; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

int locks_test(struct task *t, struct file *f, int kind, struct lock_desc *ld)
{
	const void *owner = lock_owner(t, f, kind);
	struct file_lock *l, *c;

	/* the lowest of the conflicting locks (Linux keeps an owner's locks
	 * in order and reports the first) */
	l = conflict(f->inode, kind, owner, ld);
	for (c = l; c; c = conflict_from(c->next, kind, owner, ld))
		if (c->start < l->start)
			l = c;
	if (!l) {
		ld->type = F_UNLCK;
		return 0;
	}
	ld->type = l->type;
	ld->start = l->start;
	ld->end = l->end;
	ld->pid = l->kind == LOCK_POSIX ? l->pid : -1;
	return 0;
}

static struct file_lock *lock_new(int kind, const void *owner, int pid,
				  int type, s64 start, s64 end)
{
	struct file_lock *l = kzalloc(sizeof(*l));

	if (l) {
		l->kind = kind;
		l->owner = owner;
		l->pid = pid;
		l->type = type;
		l->start = start;
		l->end = end;
	}
	return l;
}

/* Remove what (kind, owner) holds in [start, end] of ino, splitting locks
 * that reach outside.  -ENOMEM leaves everything as it was. */
static int cut_range(struct inode *ino, int kind, const void *owner, s64 start,
		     s64 end, bool *removed)
{
	struct file_lock **pp, *l, *left, *right;

	for (pp = &ino->locks; (l = *pp);) {
		if (l->kind != kind || l->owner != owner || l->end < start ||
		    l->start > end) {
			pp = &l->next;
			continue;
		}
		left = right = NULL;
		if (l->start < start)
			left = lock_new(kind, owner, l->pid, l->type, l->start,
					start - 1);
		if (l->end > end)
			right = lock_new(kind, owner, l->pid, l->type, end + 1,
					 l->end);
		if ((l->start < start && !left) || (l->end > end && !right)) {
			kfree(left);
			kfree(right);
			return -ENOMEM;
		}
		*pp = l->next;
		kfree(l);
		if (right) {
			right->next = *pp;
			*pp = right;
			pp = &right->next;
		}
		if (left) {
			left->next = *pp;
			*pp = left;
			pp = &left->next;
		}
		*removed = true;
	}
	return 0;
}

/* Merge into l (not yet on the list) the locks of its owner and type that
 * touch it, as Linux does: F_GETLK then reports one lock. */
static void merge_adjacent(struct inode *ino, struct file_lock *l)
{
	struct file_lock **pp, *m;

	for (pp = &ino->locks; (m = *pp);) {
		if (m->kind == l->kind && m->owner == l->owner &&
		    m->type == l->type &&
		    ((l->start > 0 && m->end == l->start - 1) ||
		     (l->end < LOCK_TO_EOF && m->start == l->end + 1))) {
			l->start = MIN(l->start, m->start);
			l->end = MAX(l->end, m->end);
			*pp = m->next;
			kfree(m);
			continue;
		}
		pp = &m->next;
	}
}

int locks_set(struct task *t, struct file *f, int kind,
	      const struct lock_desc *ld, bool wait)
{
	struct inode *ino = f->inode;
	const void *owner = lock_owner(t, f, kind);
	struct file_lock *l = NULL;
	bool removed = false;
	int err;

	if (ld->start < 0 || ld->end < ld->start)
		return -EINVAL;
	if (ld->type != F_UNLCK) {
		struct lock_waiter w = { .owner = owner, .ino = ino, .ld = ld };
		struct file_lock *c;
		bool listed = false;

		err = 0;
		while ((c = conflict(ino, kind, owner, ld))) {
			if (!wait) {
				err = -EAGAIN;
				break;
			}
			if (kind == LOCK_POSIX) {
				if (deadlock(owner, c)) {
					err = -EDEADLK;
					break;
				}
				if (!listed) {
					w.next = posix_waiters;
					posix_waiters = &w;
					listed = true;
				}
			}
			if (wait_once(&waiters)) {
				err = -ERESTARTSYS;	/* F_SETLKW, flock: a signal */
				break;
			}
		}
		if (listed)
			waiter_remove(&w);
		if (err)
			return err;
		l = lock_new(kind, owner, task_pid(t), ld->type, ld->start,
			     ld->end);
		if (!l)
			return -ENOLCK;
	}
	err = cut_range(ino, kind, owner, ld->start, ld->end, &removed);
	if (err) {
		kfree(l);
		return -ENOLCK;
	}
	if (l) {
		merge_adjacent(ino, l);
		l->next = ino->locks;
		ino->locks = l;
	}
	if (removed)
		wake_waiters();
	return 0;
}

/* Drop every lock of ino that match() picks. */
static void remove_if(struct inode *ino, bool (*match)(struct file_lock *l,
						       const void *arg),
		      const void *arg)
{
	struct file_lock **pp, *l;
	bool removed = false;

	for (pp = &ino->locks; (l = *pp);) {
		if (match(l, arg)) {
			*pp = l->next;
			kfree(l);
			removed = true;
		} else {
			pp = &l->next;
		}
	}
	if (removed)
		wake_waiters();
}

static bool posix_of(struct file_lock *l, const void *ft)
{
	return l->kind == LOCK_POSIX && l->owner == ft;
}

static bool file_owned(struct file_lock *l, const void *f)
{
	return l->kind != LOCK_POSIX && l->owner == f;
}

void locks_remove_posix(struct fdtable *ft, struct inode *ino)
{
	if (ino && ino->locks)
		remove_if(ino, posix_of, ft);
}

void locks_remove_file(struct file *f)
{
	if (f->inode && f->inode->locks)
		remove_if(f->inode, file_owned, f);
}

static bool any_lock(struct file_lock *l, const void *arg)
{
	return true;
}

void locks_inode_gone(struct inode *ino)
{
	remove_if(ino, any_lock, NULL);
}
