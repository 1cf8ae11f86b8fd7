// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot: the kernel's first steps and the wait for init.
 *
 * kernel_main() sets up physical memory and the file systems, creates the
 * first process (pid 1) with the console on fds 0-2, loads the command
 * into it and starts its task thread.  Then it sleeps until init is gone
 * and hands init's wait status back to the host side.
 */
#include "kernel.h"
#include "exec.h"
#include "mm.h"
#include "sched.h"
#include "module.h"
#include "syscall.h"
#include "task.h"
#include "timer.h"
#include "signal.h"
#include "vfs/vfs.h"
#include "tty/tty.h"

const struct umk_boot *boot_params;
static s64 boot_time;

s64 boot_ns(void)
{
	return boot_time;
}

static const char *env_get(char *const *envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/*
 * Find cmd as execvp(3) does: a name with a '/' is a path; otherwise each
 * directory of PATH in turn.  An entry that exists but cannot be executed
 * is remembered (-EACCES) in case nothing better turns up.
 */
static int find_command(struct task *t, const char *cmd, char *const *envp, char **out)
{
	const char *path = env_get(envp, "PATH");
	struct file *f;
	int err = -ENOENT;

	if (!*cmd)
		return -ENOENT;
	if (strchr(cmd, '/')) {
		*out = kstrdup(cmd);
		return *out ? 0 : -ENOMEM;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (path) {
		const char *colon = strchr(path, ':');
		size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
		size_t len = dlen + 1 + strlen(cmd) + 1;
		char *full = kmalloc(len);

		if (!full)
			return -ENOMEM;
		if (dlen)
			snprintf(full, len, "%.*s/%s", (int)dlen, path, cmd);
		else
			snprintf(full, len, "%s", cmd);	/* empty entry: the cwd */
		int ret = vfs_open_exec(t, full, &f);

		if (!ret) {
			file_put(f);
			*out = full;
			return 0;
		}
		kfree(full);
		if (ret == -EACCES)
			err = ret;
		path = colon ? colon + 1 : NULL;
	}
	return err;
}

/* Start in the host's working directory when the guest has it (the
 * command line's mounts are made by now), else in "/". */
static void enter_cwd(struct task *t, const char *cwd)
{
	struct path p;
	int err = -ENOENT;

	if (cwd)
		err = vfs_lookup(t, AT_FDCWD, cwd, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	if (err) {
		pr_info("working directory %s is not in the guest; using /",
			cwd ? cwd : "(none)");
		return;
	}
	path_put(&t->proc->fs->cwd);
	t->proc->fs->cwd = p;
}

/*
 * Init is gone: every other process is killed, and umk waits (a while)
 * until their threads have let go of their stubs.
 */
static void end_the_rest(void)
{
	for (int round = 0; round < 200; round++) {
		bool busy = false;

		for (struct process *q = process_next(NULL); q; q = process_next(q)) {
			if (q->exit_done)
				continue;
			process_exit(q, SIGKILL);
			busy = true;
		}
		if (!busy)
			return;
		kernel_nap(10000000);	/* 10 ms */
	}
	pr_warn("some processes did not end in time");
}

int kernel_main(const struct umk_boot *b)
{
	struct exec_args ea;
	struct process *p;
	struct task *t;
	char *cmd = NULL;
	int ret;

	boot_params = b;
	boot_time = host_monotonic_ns();
	klog_set_console_level(b->verbose >= 2 ? LOG_DEBUG : b->verbose ? LOG_INFO : LOG_WARN);
	trace_fd = b->trace_fd;
	if (b->restarts)	/* the last boot's log ended "Restarting system" */
		pr_info("umk %s booting after a restart (restart %d): %llu MiB of memory",
			UMK_VERSION, b->restarts, (unsigned long long)(b->mem_size >> 20));
	else
		pr_info("umk %s booting: %llu MiB of memory", UMK_VERSION,
			(unsigned long long)(b->mem_size >> 20));

	host_kernel_lock();
	ret = phys_init();
	if (!ret)
		ret = ktimers_init();
	if (!ret)
		ret = line_tty_setup(b);	/* before devfs: its nodes */
	if (ret)
		goto out;
	linkcache_init();
	ret = vfs_init(b);
	if (!ret)
		ret = modules_boot(b);
	if (ret)
		goto out;

	p = process_alloc_init();
	t = p ? task_alloc(p, p->pid) : NULL;
	if (!t) {
		ret = -ENOMEM;
		goto out;
	}
	current = t;	/* the boot thread works for init until it runs */
	p->fs = fs_alloc_root();
	p->files = fdtable_alloc();
	if (!p->fs || !p->files) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vfs_boot_mounts(t, b);
	if (ret)
		goto out;
	enter_cwd(t, b->cwd);
	ret = console_install_stdio(t);
	if (ret)
		goto out;

	ret = find_command(t, b->argv[0], b->envp, &cmd);
	if (!ret)
		ret = exec_args_from_kernel(&ea, cmd, b->argv, b->envp);
	if (ret)
		goto out;
	ret = exec_program(t, cmd, &ea);
	exec_args_free(&ea);
	if (ret)
		goto out;
	pr_info("init: %s (pid %d)", cmd, p->pid);
	current = NULL;
	task_start(t);

	while (!__atomic_load_n(&p->exit_done, __ATOMIC_ACQUIRE)) {
		host_kernel_unlock();
		host_futex_wait(&p->exit_done, 0, -1);
		host_kernel_lock();
	}
	ret = p->wait_status;
	if (kernel_halt_requested())
		ret = 0;	/* halt or reboot from the management console */
	pr_info("init exited with status %#x", ret);
	end_the_rest();
out:
	kfree(cmd);
	host_kernel_unlock();
	return ret;
}

void kernel_print_syscalls(int fd)
{
	static const char *const level[] = { "none", "partial", "full" };
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%-4s %-24s %-8s %s\n", "nr", "name", "support", "note");
	for (unsigned nr = 0; nr < syscall_count(); nr++) {
		const struct syscall_info *si = syscall_info(nr);

		if (si)
			sbuf_printf(&sb, "%-4u %-24s %-8s %s\n", nr, si->name,
				    level[si->support], si->note);
	}
	if (sb.buf)
		host_write(fd, sb.buf, sb.len);
	sbuf_free(&sb);
}
