// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * futex(2), umk's own: no guest futex ever reaches the host.
 *
 * A futex is named by a key: (mm, address), or (frame, offset) for a
 * shared futex in memory that processes share (a MAP_SHARED mapping), as
 * Linux keys them: a shared futex in private memory is still (mm, address).
 * Waiters sit in one list under the big kernel lock.  The value check of
 * FUTEX_WAIT and the read-modify-write of FUTEX_WAKE_OP work on umk's own
 * mapping of the guest page, atomically with respect to guest threads
 * running natively; and because every futex call holds the kernel lock,
 * "compare, then sleep" cannot miss a wake.
 */
#include "kernel.h"
#include "mm.h"
#include "syscall.h"
#include "futex.h"
#include "sched.h"
#include "task.h"

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_FD		2
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_CMP_REQUEUE_PI	12
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffU

struct futex_key {
	u64 a, b;
};

struct futex_waiter {
	struct futex_waiter *next, *prev;
	struct futex_key key;
	u32 bitset;
	u32 woken;
	struct task *t;
	bool pi;		/* waits for a PI lock */
	bool got_lock;		/* FUTEX_UNLOCK_PI handed it the lock */
	bool requeue_pi;	/* FUTEX_WAIT_REQUEUE_PI: take the lock after */
	struct futex_key pi_key;	/* ... at this futex */
	u64 pi_uaddr;
};

static struct futex_waiter waiters = { &waiters, &waiters };

static void enqueue(struct futex_waiter *w)
{
	w->prev = waiters.prev;
	w->next = &waiters;
	waiters.prev->next = w;
	waiters.prev = w;
}

static void dequeue(struct futex_waiter *w)
{
	if (!w->next)
		return;
	w->prev->next = w->next;
	w->next->prev = w->prev;
	w->next = w->prev = NULL;
}

static bool key_eq(const struct futex_key *x, const struct futex_key *y)
{
	return x->a == y->a && x->b == y->b;
}

/* The key of the futex word at uaddr; its value in *val when val. */
static int get_key(struct task *t, struct uptr uaddr, bool private,
		   struct futex_key *key, u32 *val)
{
	struct mm *mm = t->proc->mm;
	struct vma *v;
	pfn_t pfn;
	u32 *p;

	if (uaddr.addr & 3)
		return -EINVAL;
	p = user_u32(mm, uaddr, false, &pfn);
	if (!p)
		return -EFAULT;
	if (val)
		*val = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	v = vma_find(&mm->vmas, uaddr.addr);
	if (private || !v || !(v->flags & VMA_SHARED)) {
		key->a = (u64)mm;
		key->b = uaddr.addr;
	} else {
		key->a = pfn | (1ULL << 63);
		key->b = uaddr.addr & (PAGE_SIZE - 1);
	}
	return 0;
}

static void wake_waiter(struct futex_waiter *w)
{
	dequeue(w);
	w->woken = 1;
	task_wake(w->t);
}

static int wake(const struct futex_key *key, int n, u32 bitset)
{
	int woken = 0;

	for (struct futex_waiter *w = waiters.next, *next; w != &waiters && woken < n;
	     w = next) {
		next = w->next;
		if (key_eq(&w->key, key) && (w->bitset & bitset) && !w->pi) {
			wake_waiter(w);
			woken++;
		}
	}
	return woken;
}

/* Sleep in the queue until woken, a signal, or the deadline. */
static int futex_sleep(struct futex_waiter *w, int clock, s64 deadline)
{
	int ret = 0;

	w->t = current;
	enqueue(w);
	while (!w->woken) {
		ret = kernel_sleep(clock, deadline, SLEEP_INTR);
		if (ret)
			break;
	}
	dequeue(w);
	return w->woken ? 0 : ret;
}

static long do_wait(struct task *t, struct uptr uaddr, bool private, u32 expected,
		    int clock, s64 deadline, u32 bitset)
{
	struct futex_waiter w = { .bitset = bitset };
	u32 val;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = get_key(t, uaddr, private, &w.key, &val);
	if (ret)
		return ret;
	if (val != expected)
		return -EAGAIN;
	return futex_sleep(&w, clock, deadline);
}

/* restart_syscall after an interrupted FUTEX_WAIT with a timeout: the
 * same wait, to the same deadline. */
static long wait_restart(struct task *t, struct restart_block *rb)
{
	long ret = do_wait(t, UPTR(rb->arg[0]), rb->arg[1] >> 32, (u32)rb->arg[1],
			   (int)rb->arg[3], (s64)rb->arg[2], FUTEX_BITSET_MATCH_ANY);

	if (ret == -ERESTARTSYS) {
		t->restart = *rb;
		return -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

static long do_requeue(struct task *t, struct uptr u1, struct uptr u2, bool private,
		       int nwake, int nreq, bool cmp, u32 cmpval)
{
	struct futex_key k1, k2;
	u32 val;
	int ret, done;

	if (nwake < 0 || nreq < 0)
		return -EINVAL;
	ret = get_key(t, u1, private, &k1, &val);
	if (!ret)
		ret = get_key(t, u2, private, &k2, NULL);
	if (ret)
		return ret;
	if (cmp && val != cmpval)
		return -EAGAIN;
	done = wake(&k1, nwake, FUTEX_BITSET_MATCH_ANY);
	for (struct futex_waiter *w = waiters.next; w != &waiters && nreq > 0; w = w->next) {
		if (key_eq(&w->key, &k1)) {
			w->key = k2;
			nreq--;
			done++;
		}
	}
	return done;
}

/* FUTEX_WAKE_OP: *u2 = *u2 OP oparg (atomically), wake on u1, and on u2
 * too if the old value of *u2 passes the comparison. */
static long do_wake_op(struct task *t, struct uptr u1, struct uptr u2, bool private,
		       int nwake, int nwake2, u32 encoded)
{
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	struct futex_key k1, k2;
	pfn_t pfn;
	u32 *p, old;
	int ret, done;

	if ((encoded >> 28) & 8) {	/* FUTEX_OP_OPARG_SHIFT */
		if (oparg < 0 || oparg > 31)
			return -EINVAL;
		oparg = (int)(1U << oparg);	/* 31: the top bit, no overflow */
	}
	if (u2.addr & 3)
		return -EINVAL;
	ret = get_key(t, u1, private, &k1, NULL);
	if (ret)
		return ret;
	p = user_u32(t->proc->mm, u2, true, &pfn);
	if (!p)
		return -EFAULT;
	switch (op) {
	case 0: old = __atomic_exchange_n(p, (u32)oparg, __ATOMIC_SEQ_CST); break;
	case 1: old = __atomic_fetch_add(p, (u32)oparg, __ATOMIC_SEQ_CST); break;
	case 2: old = __atomic_fetch_or(p, (u32)oparg, __ATOMIC_SEQ_CST); break;
	case 3: old = __atomic_fetch_and(p, ~(u32)oparg, __ATOMIC_SEQ_CST); break;
	case 4: old = __atomic_fetch_xor(p, (u32)oparg, __ATOMIC_SEQ_CST); break;
	default: return -ENOSYS;
	}
	ret = get_key(t, u2, private, &k2, NULL);
	if (ret)
		return ret;
	done = wake(&k1, nwake, FUTEX_BITSET_MATCH_ANY);

	bool hit;

	switch (cmp) {
	case 0: hit = (int)old == cmparg; break;
	case 1: hit = (int)old != cmparg; break;
	case 2: hit = (int)old < cmparg; break;
	case 3: hit = (int)old <= cmparg; break;
	case 4: hit = (int)old > cmparg; break;
	case 5: hit = (int)old >= cmparg; break;
	default: return -ENOSYS;
	}
	if (hit)
		done += wake(&k2, nwake2, FUTEX_BITSET_MATCH_ANY);
	return done;
}

/* ---- priority-inheritance futexes ----
 *
 * The futex word holds the owner's tid (FUTEX_TID_MASK), FUTEX_WAITERS
 * when someone sleeps on it, FUTEX_OWNER_DIED when the owner died holding
 * it.  umk has no priorities to lend, so "inheritance" is only the
 * protocol: unlocking hands the lock straight to the first waiter.
 */
#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU

static s64 pi_deadline(struct task *t, struct uptr uts)
{
	struct linux_timespec ts;

	if (copy_from_user(t, &ts, uts, sizeof(ts)) || ts.tv_sec < 0 || ts.tv_nsec < 0 ||
	    ts.tv_nsec >= NSEC_PER_SEC)
		return -2;	/* checked by lock_pi */
	/* a far deadline is none (Linux saturates at KTIME_MAX); the
	 * product must not overflow (found by tests/fuzz/syscall_fuzz) */
	if (ts.tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX;
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Try to take the lock at p for t: 0, -EAGAIN (held), -EDEADLK. */
static int pi_try(struct task *t, u32 *p)
{
	u32 val = __atomic_load_n(p, __ATOMIC_SEQ_CST);

	for (;;) {
		u32 owner = val & FUTEX_TID_MASK;

		if (owner == (u32)t->tid)
			return -EDEADLK;
		if (owner && task_find(owner))
			return -EAGAIN;
		/* free, or its owner is gone: take it (keep OWNER_DIED, and
		 * FUTEX_WAITERS while others wait) */
		u32 new = (u32)t->tid | (val & FUTEX_WAITERS) |
			  (owner ? FUTEX_OWNER_DIED : (val & FUTEX_OWNER_DIED));

		if (__atomic_compare_exchange_n(p, &val, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return 0;
	}
}

static bool pi_waiting(const struct futex_key *key)
{
	for (struct futex_waiter *w = waiters.next; w != &waiters; w = w->next)
		if (w->pi && key_eq(&w->key, key))
			return true;
	return false;
}

static long lock_pi(struct task *t, struct uptr uaddr, bool private, int clock,
		    s64 deadline, bool trylock)
{
	struct futex_waiter w = { .bitset = FUTEX_BITSET_MATCH_ANY, .pi = true };
	u32 *p;
	int ret;

	if (deadline == -2)
		return -EINVAL;
	for (;;) {
		ret = get_key(t, uaddr, private, &w.key, NULL);
		if (ret)
			return ret;
		p = user_u32(t->proc->mm, uaddr, true, NULL);
		if (!p)
			return -EFAULT;
		ret = pi_try(t, p);
		if (ret != -EAGAIN || trylock)
			return ret == -EAGAIN ? -EWOULDBLOCK : ret;
		__atomic_fetch_or(p, FUTEX_WAITERS, __ATOMIC_SEQ_CST);
		w.woken = 0;
		w.got_lock = false;
		ret = futex_sleep(&w, clock, deadline);
		if (w.got_lock)
			return 0;
		if (ret)
			return ret == -ERESTARTSYS ? -ERESTARTNOINTR : ret;
	}
}

static long unlock_pi(struct task *t, struct uptr uaddr, bool private)
{
	struct futex_key key;
	u32 *p, val;
	int ret;

	ret = get_key(t, uaddr, private, &key, &val);
	if (ret)
		return ret;
	if ((val & FUTEX_TID_MASK) != (u32)t->tid)
		return -EPERM;
	p = user_u32(t->proc->mm, uaddr, true, NULL);
	if (!p)
		return -EFAULT;
	for (struct futex_waiter *w = waiters.next; w != &waiters; w = w->next) {
		if (w->pi && key_eq(&w->key, &key)) {
			/* hand it over */
			dequeue(w);
			u32 new = (u32)w->t->tid | (pi_waiting(&key) ? FUTEX_WAITERS : 0);

			__atomic_store_n(p, new, __ATOMIC_SEQ_CST);
			w->got_lock = true;
			w->woken = 1;
			task_wake(w->t);
			return 0;
		}
	}
	__atomic_store_n(p, 0, __ATOMIC_SEQ_CST);
	return 0;
}

/* pthread_cond_wait with a PI mutex: wait on uaddr, and once requeued to
 * the PI futex uaddr2 and woken, own it. */
static long wait_requeue_pi(struct task *t, struct uptr uaddr, struct uptr uaddr2,
			    bool private, u32 expected, int clock, s64 deadline, u32 bitset)
{
	struct futex_waiter w = { .bitset = bitset, .requeue_pi = true };
	u32 val;
	int ret;

	if (uaddr.addr == uaddr2.addr || !bitset)
		return -EINVAL;
	ret = get_key(t, uaddr, private, &w.key, &val);
	if (!ret)
		ret = get_key(t, uaddr2, private, &w.pi_key, NULL);
	if (ret)
		return ret;
	if (val != expected)
		return -EAGAIN;
	ret = futex_sleep(&w, clock, deadline);
	if (w.got_lock)
		return 0;
	if (w.pi) {
		/* requeued but not handed the lock: take it the usual way */
		return lock_pi(t, uaddr2, private, clock, deadline, false);
	}
	return ret;
}

/* Wake one waiter of uaddr (giving it the PI lock at uaddr2 if free) and
 * move up to nreq others to wait for that lock. */
static long cmp_requeue_pi(struct task *t, struct uptr u1, struct uptr u2, bool private,
			   int nreq, u32 cmpval)
{
	struct futex_key k1, k2;
	u32 val, *p2;
	int ret, done = 0;

	if (nreq < 0 || u1.addr == u2.addr)
		return -EINVAL;
	ret = get_key(t, u1, private, &k1, &val);
	if (!ret)
		ret = get_key(t, u2, private, &k2, NULL);
	if (ret)
		return ret;
	if (val != cmpval)
		return -EAGAIN;
	p2 = user_u32(t->proc->mm, u2, true, NULL);
	if (!p2)
		return -EFAULT;
	for (struct futex_waiter *w = waiters.next, *next; w != &waiters; w = next) {
		next = w->next;
		if (!key_eq(&w->key, &k1))
			continue;
		if (!w->requeue_pi || !key_eq(&w->pi_key, &k2))
			return done ? done : -EINVAL;
		if (!done && !pi_try(w->t, p2)) {
			/* the lock was free: the first waiter has it now */
			w->got_lock = true;
			wake_waiter(w);
			done++;
			continue;
		}
		if (nreq-- <= 0)
			break;
		w->key = k2;
		w->pi = true;
		__atomic_fetch_or(p2, FUTEX_WAITERS, __ATOMIC_SEQ_CST);
		done++;
	}
	return done;
}

/* ---- for the rest of the kernel ---- */

void futex_wake_addr(struct task *t, struct uptr uaddr, int n)
{
	struct futex_key key;

	if (!get_key(t, uaddr, false, &key, NULL))
		wake(&key, n, FUTEX_BITSET_MATCH_ANY);
}

/* One robust futex of a dying owner: OWNER_DIED, and a waiter woken. */
static void robust_one(struct task *t, u64 addr, bool pi)
{
	u32 *p = user_u32(t->proc->mm, UPTR(addr), true, NULL);

	if (!p)
		return;
	u32 val = __atomic_load_n(p, __ATOMIC_SEQ_CST);

	for (;;) {
		if ((val & FUTEX_TID_MASK) != (u32)t->tid)
			return;
		u32 new = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;

		if (__atomic_compare_exchange_n(p, &val, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	if ((val & FUTEX_WAITERS) && !pi)
		futex_wake_addr(t, UPTR(addr), 1);
}

#define ROBUST_LIST_LIMIT 2048

void futex_exit_robust(struct task *t)
{
	u64 head = t->robust_list, entry, pending;
	s64 offset;
	struct mm *mm = t->proc->mm;

	if (!head)
		return;
	/* struct robust_list_head: next, futex_offset, list_op_pending */
	if (mm_copy_from(mm, &entry, UPTR(head), 8) ||
	    mm_copy_from(mm, &offset, UPTR(head + 8), 8) ||
	    mm_copy_from(mm, &pending, UPTR(head + 16), 8))
		return;
	for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
		u64 next;

		if (mm_copy_from(mm, &next, UPTR(entry & ~1ULL), 8))
			break;
		if (entry != pending)
			robust_one(t, (entry & ~1ULL) + offset, entry & 1);
		entry = next;
	}
	if (pending)
		robust_one(t, (pending & ~1ULL) + offset, pending & 1);
	t->robust_list = 0;
}

long sys_futex(struct task *t, const struct sysargs *a)
{
	struct uptr uaddr = UPTR(a->a[0]), uaddr2 = UPTR(a->a[4]);
	int op = (int)a->a[1], cmd = op & FUTEX_CMD_MASK;
	u32 val = a->a[2], val3 = a->a[5];
	bool private = op & FUTEX_PRIVATE_FLAG;
	int clock = op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
	struct linux_timespec ts;
	s64 deadline = -1;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI) &&
	    a->a[3]) {
		if (copy_from_user(t, &ts, UPTR(a->a[3]), sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		deadline = ts.tv_sec > INT64_MAX / NSEC_PER_SEC - 1 ? INT64_MAX :
			   ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
		if (cmd == FUTEX_WAIT) {	/* relative */
			s64 now = clock_ns(clock);

			deadline = deadline > INT64_MAX - now ? INT64_MAX : deadline + now;
		}
	}

	switch (cmd) {
	case FUTEX_WAIT: {
		long ret = do_wait(t, uaddr, private, val, clock, deadline,
				   FUTEX_BITSET_MATCH_ANY);

		if (ret == -ERESTARTSYS && deadline >= 0) {
			/* a relative timeout goes on from where it was */
			t->restart = (struct restart_block){
				wait_restart,
				{ uaddr.addr, ((u64)private << 32) | val, (u64)deadline,
				  (u64)clock } };
			return -ERESTART_RESTARTBLOCK;
		}
		return ret;
	}
	case FUTEX_WAIT_BITSET:
		return do_wait(t, uaddr, private, val, clock, deadline, val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		struct futex_key key;
		u32 bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
		int ret;

		if (!bitset)
			return -EINVAL;
		ret = get_key(t, uaddr, private, &key, NULL);
		if (ret)
			return ret;
		return wake(&key, (int)val > 0 ? (int)val : 0, bitset);
	}
	case FUTEX_REQUEUE:
		return do_requeue(t, uaddr, uaddr2, private, val, (int)a->a[3], false, 0);
	case FUTEX_CMP_REQUEUE:
		return do_requeue(t, uaddr, uaddr2, private, val, (int)a->a[3], true, val3);
	case FUTEX_WAKE_OP:
		return do_wake_op(t, uaddr, uaddr2, private, val, (int)a->a[3], val3);
	case FUTEX_LOCK_PI:
		/* its timeout is absolute, on CLOCK_REALTIME */
		return lock_pi(t, uaddr, private, a->a[3] ? CLOCK_REALTIME : clock,
			       a->a[3] ? pi_deadline(t, UPTR(a->a[3])) : -1, false);
	case FUTEX_LOCK_PI2:
		return lock_pi(t, uaddr, private, clock,
			       a->a[3] ? pi_deadline(t, UPTR(a->a[3])) : -1, false);
	case FUTEX_TRYLOCK_PI:
		return lock_pi(t, uaddr, private, clock, -1, true);
	case FUTEX_UNLOCK_PI:
		return unlock_pi(t, uaddr, private);
	case FUTEX_WAIT_REQUEUE_PI:
		return wait_requeue_pi(t, uaddr, uaddr2, private, val, clock, deadline, val3);
	case FUTEX_CMP_REQUEUE_PI:
		return cmp_requeue_pi(t, uaddr, uaddr2, private, (int)a->a[3], val3);
	default:
		return -ENOSYS;
	}
}
