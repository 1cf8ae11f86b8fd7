// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syscall path: the one place where a guest register becomes a syscall
 * argument and a handler's result becomes the guest's rax.
 */
#include "kernel.h"
#include "syscall.h"

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

void syscall_enter(struct task *t)
{
	struct plat_regs *r = &t->regs;
	struct sysargs a = {
		.nr = r->orig_rax,
		.a = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 },
	};
	const struct syscall_info *si = syscall_info(a.nr);
	long ret;

	t->regs_replaced = false;
	t->in_syscall = true;	/* signal_deliver settles restart codes */
	if (trace_fd >= 0)
		trace_enter(t, &a, si);
	if (si) {
		ret = si->fn(t, &a);
	} else {
		pr_once(LOG_INFO, "unknown syscall number %llu", (unsigned long long)a.nr);
		ret = -ENOSYS;
	}
	if (trace_fd >= 0)
		trace_exit(t, &a, si, ret);
	if (t->regs_replaced)
		return;
	r->rax = ret;
	/* as sysret leaves them */
	r->rcx = r->rip;
	r->r11 = r->eflags;
}
