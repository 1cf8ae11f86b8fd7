// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The system as a guest sees it, and per-process settings: uname, sysinfo,
 * sethostname and setdomainname (and /proc/sys/kernel/hostname, domainname),
 * resource limits, getrandom, prctl, arch_prctl, CPU affinity, usage.
 */
#include "kernel.h"
#include "mm.h"
#include "syscall.h"


/*
 * The host name and NIS domain name: the host's until guest root sets them
 * (sethostname, setdomainname; one UTS namespace, as umk has no others).
 * A restart is a new umk process: the host's again, as after a reboot.
 */
static char uts_nodename[sizeof(((struct linux_utsname *)0)->nodename)];
static char uts_domainname[sizeof(((struct linux_utsname *)0)->domainname)];
static bool uts_nodename_set, uts_domainname_set;

/* uname's answer, the names of uts_* included */
void uts_get(struct linux_utsname *u)
{
	memset(u, 0, sizeof(*u));
	host_uname(u);
	u->nodename[sizeof(u->nodename) - 1] = '\0';
	u->domainname[sizeof(u->domainname) - 1] = '\0';
	/* the host's, or Linux's defaults when it has none */
	if (uts_nodename_set)
		memcpy(u->nodename, uts_nodename, sizeof(u->nodename));
	else if (!u->nodename[0])
		snprintf(u->nodename, sizeof(u->nodename), "localhost");
	if (uts_domainname_set)
		memcpy(u->domainname, uts_domainname, sizeof(u->domainname));
	else if (!u->domainname[0])
		snprintf(u->domainname, sizeof(u->domainname), "(none)");
}

/* Set the host name (or the domain name) to the len bytes at name, len at
 * most 64 (the caller checked): sethostname, /proc/sys/kernel/hostname. */
void uts_set(bool domain, const char *name, size_t len)
{
	char *to = domain ? uts_domainname : uts_nodename;

	memset(to, 0, sizeof(uts_nodename));
	memcpy(to, name, len);
	*(domain ? &uts_domainname_set : &uts_nodename_set) = true;
}

/* Linux's order: the right (CAP_SYS_ADMIN: guest root), the length (at
 * most 64 bytes, no NUL needed), then the copy; the rest is zeroed. */
static long set_uts_name(struct task *t, const struct sysargs *a, bool domain)
{
	char tmp[sizeof(uts_nodename)];
	int len = (int)a->a[1];

	if (t->proc->cred.euid != 0)
		return -EPERM;
	if (len < 0 || len > (int)sizeof(tmp) - 1)
		return -EINVAL;
	if (copy_from_user(t, tmp, UPTR(a->a[0]), len))
		return -EFAULT;
	uts_set(domain, tmp, len);
	return 0;
}

long sys_sethostname(struct task *t, const struct sysargs *a)
{
	return set_uts_name(t, a, false);
}

long sys_setdomainname(struct task *t, const struct sysargs *a)
{
	return set_uts_name(t, a, true);
}

long sys_uname(struct task *t, const struct sysargs *a)
{
	struct linux_utsname u;

	uts_get(&u);	/* nodename and domainname: the host's or the guest's */
	snprintf(u.sysname, sizeof(u.sysname), "Linux");
	snprintf(u.release, sizeof(u.release), UMK_RELEASE);
	snprintf(u.version, sizeof(u.version), "#1 SMP umk %s", UMK_VERSION);
	snprintf(u.machine, sizeof(u.machine), "x86_64");
	return copy_to_user(t, UPTR(a->a[0]), &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_sysinfo(struct task *t, const struct sysargs *a)
{
	struct linux_sysinfo si;

	host_sysinfo(&si);
	si.uptime = (host_monotonic_ns() - boot_ns()) / 1000000000;
	si.totalram = phys_total_frames() << PAGE_SHIFT;
	si.freeram = phys_free_frames() << PAGE_SHIFT;
	si.sharedram = si.bufferram = 0;
	si.totalswap = si.freeswap = 0;
	si.procs = process_count();
	si.mem_unit = 1;
	return copy_to_user(t, UPTR(a->a[0]), &si, sizeof(si)) ? -EFAULT : 0;
}

/* ---- resource limits ---- */

static long do_prlimit(struct task *t, struct process *p, unsigned res,
		       struct uptr new, struct uptr old)
{
	struct linux_rlimit lim;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (!uptr_null(new)) {
		if (copy_from_user(t, &lim, new, sizeof(lim)))
			return -EFAULT;
		if (lim.rlim_cur > lim.rlim_max)
			return -EINVAL;
		if (lim.rlim_max > p->rlim[res].rlim_max && t->proc->cred.euid != 0)
			return -EPERM;
		if (res == RLIMIT_NOFILE && lim.rlim_max > 1048576)
			return -EPERM;	/* fs.nr_open */
	}
	if (!uptr_null(old) && copy_to_user(t, old, &p->rlim[res], sizeof(lim)))
		return -EFAULT;
	if (!uptr_null(new))
		p->rlim[res] = lim;
	return 0;
}

long sys_prlimit64(struct task *t, const struct sysargs *a)
{
	int pid = (int)a->a[0];
	struct process *p = pid ? process_find(pid) : t->proc;

	if (!p || p->exit_done)
		return -ESRCH;
	return do_prlimit(t, p, a->a[1], UPTR(a->a[2]), UPTR(a->a[3]));
}

long sys_getrlimit(struct task *t, const struct sysargs *a)
{
	return do_prlimit(t, t->proc, a->a[0], UPTR(0), UPTR(a->a[1]));
}

long sys_setrlimit(struct task *t, const struct sysargs *a)
{
	return do_prlimit(t, t->proc, a->a[0], UPTR(a->a[1]), UPTR(0));
}

long sys_getrandom(struct task *t, const struct sysargs *a)
{
	u8 buf[256];
	u64 len = MIN(a->a[1], (u64)33554431);	/* Linux caps one call */
	u64 done = 0;

	if (a->a[2] & ~(u64)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((a->a[2] & GRND_INSECURE) && (a->a[2] & GRND_RANDOM))
		return -EINVAL;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		int ret = host_getrandom(buf, n);

		if (!ret && copy_to_user(t, UPTR(a->a[0] + done), buf, n))
			ret = -EFAULT;
		if (ret)
			return done ? (long)done : ret;
		done += n;
	}
	return done;
}

/* ---- prctl and arch_prctl ---- */

long sys_prctl(struct task *t, const struct sysargs *a)
{
	struct process *p = t->proc;
	char name[16];

	switch (a->a[0]) {
	case PR_SET_NAME:
		if (strncpy_from_user(t, name, UPTR(a->a[1]), sizeof(name)) == -EFAULT)
			return -EFAULT;
		name[15] = 0;
		task_set_comm(p, t, name);
		return 0;
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		memcpy(name, task_comm(p, t), strnlen(task_comm(p, t), 15));
		return copy_to_user(t, UPTR(a->a[1]), name, sizeof(name)) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return p->dumpable;
	case PR_SET_DUMPABLE:
		if (a->a[1] > 1)
			return -EINVAL;
		p->dumpable = a->a[1];
		return 0;
	case PR_SET_NO_NEW_PRIVS:
		if (a->a[1] != 1 || a->a[2] || a->a[3] || a->a[4])
			return -EINVAL;
		p->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (a->a[1] || a->a[2] || a->a[3] || a->a[4])
			return -EINVAL;
		return p->no_new_privs;
	case PR_SET_PDEATHSIG:
		if (a->a[1] > NSIG)
			return -EINVAL;
		p->pdeath_signal = a->a[1];
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(t, UPTR(a->a[1]), &p->pdeath_signal, 4) ? -EFAULT : 0;
	case PR_SET_CHILD_SUBREAPER:
		p->subreaper = a->a[1] != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int v = p->subreaper;

		return copy_to_user(t, UPTR(a->a[1]), &v, 4) ? -EFAULT : 0;
	}
	default:
		pr_once(LOG_INFO, "prctl option %llu is not implemented",
			(unsigned long long)a->a[0]);
		return -EINVAL;
	}
}

long sys_arch_prctl(struct task *t, const struct sysargs *a)
{
	u64 v;

	switch (a->a[0]) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (a->a[1] >= TASK_SIZE)
			return -EPERM;
		if (a->a[0] == ARCH_SET_FS)
			t->regs.fs_base = a->a[1];
		else
			t->regs.gs_base = a->a[1];
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		v = a->a[0] == ARCH_GET_FS ? t->regs.fs_base : t->regs.gs_base;
		return copy_to_user(t, UPTR(a->a[1]), &v, 8) ? -EFAULT : 0;
	case ARCH_GET_CPUID:
		return 1;	/* cpuid is not faulting */
	case ARCH_SET_CPUID:
		return -ENODEV;	/* no CPUID faulting for guests */
	default:
		return -EINVAL;
	}
}

/* ---- scheduling and accounting ---- */

long sys_sched_yield(struct task *t, const struct sysargs *a)
{
	host_kernel_unlock();
	host_kernel_lock();
	return 0;
}

long sys_sched_getaffinity(struct task *t, const struct sysargs *a)
{
	int ncpu = MIN(host_ncpus(), 1024);
	u64 mask[16] = { 0 };
	size_t need = ALIGN_UP((ncpu + 7) / 8, 8);
	int pid = (int)a->a[0];

	if (pid && !task_find(pid))
		return -ESRCH;
	if (a->a[1] < need || (a->a[1] & 7))
		return -EINVAL;
	for (int i = 0; i < ncpu; i++)
		mask[i / 64] |= 1ULL << (i % 64);
	if (copy_to_user(t, UPTR(a->a[2]), mask, need))
		return -EFAULT;
	return need;
}

long sys_getcpu(struct task *t, const struct sysargs *a)
{
	u32 zero = 0;

	if ((a->a[0] && copy_to_user(t, UPTR(a->a[0]), &zero, 4)) ||
	    (a->a[1] && copy_to_user(t, UPTR(a->a[1]), &zero, 4)))
		return -EFAULT;
	return 0;
}

static void ns_to_timeval(s64 ns, struct linux_timeval *tv)
{
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = ns % 1000000000 / 1000;
}

long sys_getrusage(struct task *t, const struct sysargs *a)
{
	struct linux_rusage ru = { 0 };
	int who = (int)a->a[0];

	switch (who) {
	case RUSAGE_SELF:
		ns_to_timeval(plat_as_cpu_ns(t->proc->mm->as), &ru.ru_utime);
		ru.ru_maxrss = t->proc->mm->pt.npages * (PAGE_SIZE / 1024);
		break;
	case RUSAGE_CHILDREN:
		ns_to_timeval(t->proc->cutime_ns, &ru.ru_utime);
		break;
	case RUSAGE_THREAD:
		ns_to_timeval(plat_ctx_cpu_ns(t->ctx), &ru.ru_utime);
		break;
	default:
		return -EINVAL;
	}
	return copy_to_user(t, UPTR(a->a[1]), &ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_times(struct task *t, const struct sysargs *a)
{
	struct linux_tms tms = { 0 };
	s64 ticks = (host_monotonic_ns() - boot_ns()) / 10000000;

	tms.tms_utime = plat_as_cpu_ns(t->proc->mm->as) / 10000000;
	tms.tms_cutime = t->proc->cutime_ns / 10000000;
	if (a->a[0] && copy_to_user(t, UPTR(a->a[0]), &tms, sizeof(tms)))
		return -EFAULT;
	return ticks;
}
