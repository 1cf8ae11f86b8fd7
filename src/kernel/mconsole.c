// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The management console's kernel half (UML's mconsole): what
 * `umk-console UMID COMMAND` asks of the running kernel.  The host half
 * (src/sandbox/mconsole.c) owns the socket, checks who asks, answers the
 * commands it can alone (version, help, config) and hands the others to
 * kernel_mconsole() (kernel_entry.h), which takes the big kernel lock.
 *
 *   halt, reboot   every process is killed and umk ends as if init had
 *                  exited with status 0 (umk run cannot restart: reboot
 *                  says so and halts; under umk boot, reboot ends this
 *                  umk process for a restart, and its supervisor boots a
 *                  new one: src/sandbox/supervise.c)
 *   cad            ctrl-alt-del, as Linux's: SIGINT to init when init
 *                  disabled C-A-D (reboot(2) CAD_OFF: init decides),
 *                  else, under umk boot, a restart at once (under umk
 *                  run, which cannot restart, SIGINT to the command
 *                  either way)
 *   stop, go       freeze and thaw every guest task: a task returning to
 *                  guest code (after a syscall, a fault, or a kick that
 *                  takes a running one back) sleeps in task_freeze()
 *                  instead, uninterruptibly; no guest sees a signal, and
 *                  signals sent meanwhile wait until go.  A kill of the
 *                  process still ends a frozen task.
 *   sysrq KEY      t tasks, w tasks asleep in umk, m memory, s sync,
 *                  e SIGTERM / i SIGKILL to every process but init; the
 *                  answer goes to the kernel log too
 *   proc FILE      a file of the guest's /proc, read as init would
 *   log TEXT       TEXT appended to the kernel log (notice level)
 */
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "vfs/vfs.h"

static bool frozen;			/* between stop and go */
static struct waitqueue freeze_wq;	/* frozen tasks sleep here */
static bool halting;			/* halt or reboot was asked */
static bool restarting;			/* ... and it was a restart (umk boot) */

bool kernel_halt_requested(void)
{
	return halting;
}

bool kernel_restart_requested(void)
{
	return restarting;
}

void task_freeze(struct task *t)
{
	struct wait_entry we;

	if (!frozen)
		return;
	t->frozen = true;
	wait_add(&freeze_wq, &we);
	while (frozen && !t->exiting && !t->proc->exiting)
		kernel_sleep(CLOCK_MONOTONIC, -1, 0);
	wait_del(&we);
	t->frozen = false;
}

/* Output into a fixed buffer; the log gets each line too. */
struct out {
	char *buf;
	size_t len, pos;
	bool to_log;
	char line[256];
	size_t lpos;
};

static __printf(2, 3) void out_printf(struct out *o, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(tmp) - 1)
		n = sizeof(tmp) - 1;
	for (int i = 0; i < n; i++) {
		if (o->pos + 1 < o->len)
			o->buf[o->pos++] = tmp[i];
		if (!o->to_log)
			continue;
		if (tmp[i] == '\n' || o->lpos == sizeof(o->line) - 1) {
			o->line[o->lpos] = 0;
			pr_info("%s", o->line);
			o->lpos = 0;
		} else {
			o->line[o->lpos++] = tmp[i];
		}
	}
	if (o->len)
		o->buf[o->pos] = 0;
}

static const char *wchan(struct task *t)
{
	const struct syscall_info *si;

	if (t->frozen)
		return "frozen";
	if (t->in_guest)
		return "-";
	if (t->handling && (si = syscall_info(t->handling_nr)))
		return si->name;
	return "umk";
}

static char state(struct process *p, struct task *t)
{
	if (p->exit_done || p->exiting || !t || t->exiting)
		return 'Z';
	if (t->frozen)
		return 'D';	/* as Linux shows a frozen task */
	if (p->stop == STOPPED)
		return 'T';
	return t->in_guest ? 'R' : 'S';
}

/* sysrq t (all) and w (only tasks asleep in umk). */
static void show_tasks(struct out *o, bool blocked_only)
{
	int n = 0;

	out_printf(o, "%s\n", blocked_only ? "Show Blocked State" : "Show State");
	out_printf(o, "%6s %6s %6s S %-16s %s\n", "PID", "TID", "PPID", "WCHAN", "COMM");
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		int ppid = p->parent ? p->parent->pid : 0;

		if (!p->threads) {
			if (!blocked_only)
				out_printf(o, "%6d %6s %6d Z %-16s %.16s\n", p->pid, "-", ppid,
					   "-", p->comm);
			continue;
		}
		for (struct task *t = p->threads; t; t = t->next_thread) {
			char s = state(p, t);

			if (blocked_only && s != 'S' && s != 'D')
				continue;
			out_printf(o, "%6d %6d %6d %c %-16s %.16s\n", p->pid, t->tid, ppid, s,
				   wchan(t), task_comm(p, t));
			n++;
		}
	}
	out_printf(o, "%d task%s%s\n", n, n == 1 ? "" : "s", frozen ? " (frozen: stop)" : "");
}

static void show_mem(struct out *o)
{
	u64 total = phys_total_frames(), free = phys_free_frames();
	int tasks = 0;

	for (struct process *p = process_next(NULL); p; p = process_next(p))
		tasks += p->nthreads;
	out_printf(o, "Show Memory\n");
	out_printf(o, "Mem-Info: total %llu kB, free %llu kB, used %llu kB (%llu pages of %d)\n",
		   (unsigned long long)(total * PAGE_SIZE >> 10),
		   (unsigned long long)(free * PAGE_SIZE >> 10),
		   (unsigned long long)((total - free) * PAGE_SIZE >> 10),
		   (unsigned long long)(total - free), (int)PAGE_SIZE);
	out_printf(o, "%d processes, %d tasks\n", process_count(), tasks);
}

/* SIGTERM or SIGKILL to every process but init. */
static void signal_all(struct out *o, int sig)
{
	struct linux_siginfo si;
	int n = 0;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_KERNEL;
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		if (p->pid == 1 || p->exit_done || p->exiting)
			continue;
		send_signal(p, NULL, sig, &si);
		n++;
	}
	out_printf(o, "%s to all processes but init: %d\n",
		   sig == SIGKILL ? "Kill All Tasks (SIGKILL)" : "Terminate All Tasks (SIGTERM)",
		   n);
}

static int sysrq(struct out *o, const char *key)
{
	if (!key[0] || key[1]) {
		out_printf(o, "sysrq: one key: t (tasks), w (blocked), m (memory), s (sync), "
			   "e (SIGTERM all), i (SIGKILL all)\n");
		return -EINVAL;
	}
	o->to_log = true;
	pr_info("sysrq: %c", key[0]);
	switch (key[0]) {
	case 't':
		show_tasks(o, false);
		return 0;
	case 'w':
		show_tasks(o, true);
		return 0;
	case 'm':
		show_mem(o);
		return 0;
	case 's':
		/* hostfs writes through to the host; tmpfs is memory */
		out_printf(o, "Emergency Sync: nothing to write back (hostfs writes through)\n");
		return 0;
	case 'e':
		signal_all(o, SIGTERM);
		return 0;
	case 'i':
		signal_all(o, SIGKILL);
		return 0;
	}
	o->to_log = false;
	out_printf(o, "sysrq: unknown key '%c': t (tasks), w (blocked), m (memory), "
		   "s (sync), e (SIGTERM all), i (SIGKILL all)\n", key[0]);
	return -EINVAL;
}

/* Every task back from guest code (or asleep in umk), at most 2 s. */
static void wait_frozen(void)
{
	for (int round = 0; round < 200; round++) {
		bool busy = false;

		for (struct process *p = process_next(NULL); p; p = process_next(p))
			for (struct task *t = p->threads; t; t = t->next_thread)
				if (t->in_guest && !t->exiting && !p->exiting) {
					plat_ctx_kick(t->ctx);
					busy = true;
				}
		if (!busy)
			return;
		kernel_nap(10000000);	/* 10 ms */
	}
}

static int read_proc(struct out *o, const char *name)
{
	struct process *init = process_find(1);
	struct task *saved = current;
	struct file *f = NULL;
	char path[256], buf[512];
	s64 off = 0;
	long n;
	int ret;

	while (*name == '/')
		name++;
	if (!strncmp(name, "proc/", 5))
		name += 5;
	bool bad = !*name || strlen(name) > 200;

	for (const char *s = name; *s; s++)
		if (s[0] == '.' && s[1] == '.' && (s == name || s[-1] == '/'))
			bad = true;	/* only beneath /proc */
	if (bad) {
		out_printf(o, "proc: FILE is a name beneath /proc, as meminfo or 1/status\n");
		return -EINVAL;
	}
	if (!init || !init->threads || init->exiting)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%s", name);
	current = init->threads;	/* "self" is init */
	ret = vfs_open(init->threads, AT_FDCWD, path, O_RDONLY, 0, &f);
	while (!ret && (n = vfs_kernel_read(f, buf, sizeof(buf), off)) > 0) {
		for (long i = 0; i < n; i++)
			out_printf(o, "%c", buf[i]);
		off += n;
		if (o->pos + 1 >= o->len)
			break;
	}
	if (!ret && n < 0)
		ret = n;
	if (f)
		file_put(f);
	current = saved;
	return ret;
}

static void kill_everything(void)
{
	frozen = false;
	wake_up(&freeze_wq);
	for (struct process *p = process_next(NULL); p; p = process_next(p))
		if (!p->exit_done)
			process_exit(p, SIGKILL);
}

void kernel_halt(bool restart)
{
	halting = true;
	restarting = restart && boot_params->boot;
	kill_everything();
}

long kernel_mconsole(const char *cmd, const char *arg, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	struct process *init;
	int ret = 0;

	if (len)
		buf[0] = 0;
	host_kernel_lock();
	if (!strcmp(cmd, "halt") || !strcmp(cmd, "reboot")) {
		bool restart = !strcmp(cmd, "reboot");

		if (restart && !boot_params->boot)
			out_printf(&o, "umk run cannot restart its command: halting instead\n");
		restart = restart && boot_params->boot;
		if (restart)
			pr_notice("mconsole: reboot: killing every process; reboot: "
				  "Restarting system");
		else
			pr_notice("mconsole: %s: killing every process; umk ends with status 0",
				  cmd);
		kernel_halt(restart);
		out_printf(&o, restart ? "restarting\n" : "halting\n");
	} else if (!strcmp(cmd, "cad") && boot_params->boot && reboot_cad_enabled()) {
		pr_notice("mconsole: ctrl-alt-del, C-A-D on: reboot: Restarting system");
		kernel_halt(true);
		out_printf(&o, "restarting (C-A-D is on: init did not turn it off)\n");
	} else if (!strcmp(cmd, "cad")) {
		init = process_find(1);
		if (!init || init->exiting || init->exit_done) {
			ret = -ESRCH;
		} else {
			struct linux_siginfo si;

			memset(&si, 0, sizeof(si));
			si.si_signo = SIGINT;
			si.si_code = SI_KERNEL;
			pr_notice("mconsole: ctrl-alt-del: SIGINT to init");
			ret = send_signal(init, NULL, SIGINT, &si);
			out_printf(&o, "SIGINT sent to init (pid 1)\n");
		}
	} else if (!strcmp(cmd, "stop")) {
		frozen = true;
		wait_frozen();
		pr_notice("mconsole: every guest task frozen (stop)");
		out_printf(&o, "stopped: every guest task is frozen until go\n");
	} else if (!strcmp(cmd, "go")) {
		if (!frozen) {
			out_printf(&o, "not stopped\n");
		} else {
			frozen = false;
			wake_up(&freeze_wq);
			pr_notice("mconsole: guest tasks thawed (go)");
			out_printf(&o, "running\n");
		}
	} else if (!strcmp(cmd, "sysrq")) {
		ret = sysrq(&o, arg ? arg : "");
	} else if (!strcmp(cmd, "proc")) {
		ret = arg ? read_proc(&o, arg) : -EINVAL;
	} else if (!strcmp(cmd, "log")) {
		if (!arg) {
			ret = -EINVAL;
		} else {
			klog(LOG_NOTICE, "%s", arg);
		}
	} else {
		ret = -ENOSYS;
	}
	host_kernel_unlock();
	return ret < 0 ? ret : (long)o.pos;
}

/* SIGQUIT to umk (the vkernel's ddb key): the task dump, on stderr and in
 * the log. */
void kernel_sysrq_dump(int fd)
{
	static char buf[32 << 10];
	long n = kernel_mconsole("sysrq", "t", buf, sizeof(buf));

	if (n > 0 && fd == 2)
		host_log_output(buf, n);	/* "\r\n" on a raw console */
	else if (n > 0)
		host_write(fd, buf, n);
}
