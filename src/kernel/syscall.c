// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syscall path: the one place where a guest register becomes a syscall
 * argument and a handler's result becomes the guest's rax.
 */
#include "kernel.h"
#include "syscall.h"
#include "signal.h"
#include "task.h"
#include "umk/stub_abi.h"

static const struct syscall_info table[] = {
#define SYSCALL(nr, name, handler, level, args, note) \
	[nr] = { #name, handler, level, args, note },
#include "syscall_table.h"
#undef SYSCALL
};

const struct syscall_info *syscall_info(u64 nr)
{
	if (nr < ARRAY_SIZE(table) && table[nr].name)
		return &table[nr];
	return NULL;
}

unsigned syscall_count(void)
{
	return ARRAY_SIZE(table);
}

/* Not implemented: -ENOSYS, and one line in the kernel log per syscall. */
long sys_ni(struct task *t, const struct sysargs *a)
{
	static u64 logged[(ARRAY_SIZE(table) + 63) / 64];
	const struct syscall_info *si = syscall_info(a->nr);

	if (si && !(logged[a->nr / 64] & (1ULL << (a->nr % 64)))) {
		logged[a->nr / 64] |= 1ULL << (a->nr % 64);
		pr_info("syscall %s (%llu) is not implemented%s%s", si->name,
			(unsigned long long)a->nr, si->note[0] ? ": " : "", si->note);
	}
	return -ENOSYS;
}

/* Run one syscall: the handler, between the trace's two halves. */
static long dispatch(struct task *t, const struct sysargs *a)
{
	const struct syscall_info *si = syscall_info(a->nr);
	long ret;

	t->regs_replaced = false;
	t->in_syscall = true;	/* signal_deliver settles restart codes */
	if (trace_fd >= 0)
		trace_enter(t, a, si);
	if (si) {
		t->handling = true;	/* sysrq t's wait channel */
		t->handling_nr = a->nr;
		ret = si->fn(t, a);
		t->handling = false;
	} else {
		pr_once(LOG_INFO, "unknown syscall number %llu", (unsigned long long)a->nr);
		ret = -ENOSYS;
	}
	if (trace_fd >= 0)
		trace_exit(t, a, si, ret);
	return ret;
}

void syscall_enter(struct task *t)
{
	struct plat_regs *r = &t->regs;
	struct sysargs a = {
		.nr = r->orig_rax,
		.a = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 },
	};
	long ret = dispatch(t, &a);

	if (t->regs_replaced)
		return;
	r->rax = ret;
	/* as sysret leaves them */
	r->rcx = r->rip;
	r->r11 = r->eflags;
}

/* The syscalls that trap with their registers (stub_abi.h). */
static bool needs_registers(u64 nr)
{
	switch (nr) {
#define CASE(n) case n:
	STUB_TRAP_SYSCALLS(CASE)
#undef CASE
		return true;
	}
	return false;
}

static bool restart_code(long ret)
{
	return ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK;
}

/*
 * A syscall the platform passed on by number and arguments alone (a user
 * notification): t->regs are not the guest's, only rax (the result) is
 * given back.  When more is needed (a restart, a signal to deliver, or a
 * syscall that should have trapped), the registers are fetched first and
 * the syscall ends as a trapped one would.
 */
/* The guest's registers for a fast syscall's end (the kernel lock is
 * dropped meanwhile); false if the process died and is ending. */
static bool fetch_regs(struct task *t, u64 nr)
{
	int err;

	host_kernel_unlock();
	err = plat_ctx_fetch_regs(t->ctx, &t->regs);
	host_kernel_lock();
	if (err) {
		process_exit(t->proc, SIGKILL);
		return false;
	}
	t->regs.orig_rax = nr;
	return true;
}

void syscall_fast(struct task *t, const struct plat_event *ev)
{
	struct sysargs a = {
		.nr = ev->nr,
		.a = { ev->args[0], ev->args[1], ev->args[2], ev->args[3], ev->args[4],
		       ev->args[5] },
	};
	long ret;

	if (needs_registers(a.nr)) {
		/* as the trap would have left them: rip past the syscall,
		 * the arguments in their registers (a syscall keeps them) */
		if (fetch_regs(t, a.nr))
			syscall_enter(t);
		return;
	}
	ret = dispatch(t, &a);
	t->regs.rax = ret;
	t->regs.orig_rax = a.nr;
	if ((restart_code(ret) || signal_pending(t)) && fetch_regs(t, a.nr))
		t->regs.rax = ret;
}
