// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * futex(2), umk's own: no guest futex ever reaches the host.
 *
 * A futex is named by a key: (mm, address) for FUTEX_PRIVATE_FLAG, and
 * (frame, offset) otherwise, so that processes sharing memory share it.
 * Waiters sit in one list under the big kernel lock.  The value check of
 * FUTEX_WAIT and the read-modify-write of FUTEX_WAKE_OP work on umk's own
 * mapping of the guest page, atomically with respect to guest threads
 * running natively; and because every futex call holds the kernel lock,
 * "compare, then sleep" cannot miss a wake.
 */
#include "kernel.h"
#include "mm.h"
#include "syscall.h"
#include "wait.h"

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
	pfn_t pfn;
	u32 *p;

	if (uaddr.addr & 3)
		return -EINVAL;
	p = user_u32(mm, uaddr, false, &pfn);
	if (!p)
		return -EFAULT;
	if (val)
		*val = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	if (private) {
		key->a = (u64)mm;
		key->b = uaddr.addr;
	} else {
		key->a = pfn | (1ULL << 63);
		key->b = uaddr.addr & (PAGE_SIZE - 1);
	}
	return 0;
}

static int wake(const struct futex_key *key, int n, u32 bitset)
{
	int woken = 0;

	for (struct futex_waiter *w = waiters.next, *next; w != &waiters && woken < n;
	     w = next) {
		next = w->next;
		if (key_eq(&w->key, key) && (w->bitset & bitset)) {
			dequeue(w);
			kernel_wake(&w->woken);
			woken++;
		}
	}
	return woken;
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
	enqueue(&w);
	ret = kernel_sleep(&w.woken, clock, deadline);
	dequeue(&w);
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
		oparg = 1 << oparg;
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
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && a->a[3]) {
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
	case FUTEX_WAIT:
		return do_wait(t, uaddr, private, val, clock, deadline, FUTEX_BITSET_MATCH_ANY);
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
	case FUTEX_LOCK_PI: case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
	case FUTEX_WAIT_REQUEUE_PI: case FUTEX_CMP_REQUEUE_PI: case FUTEX_LOCK_PI2:
		pr_once(LOG_INFO, "futex: priority-inheritance operations are not implemented yet");
		return -ENOSYS;
	default:
		return -ENOSYS;
	}
}
