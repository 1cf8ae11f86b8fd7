// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs: what /proc/PID shows, from struct process, its tasks, its
 * memory map and its files.
 *
 *   cmdline, environ  read from the process's memory (mm_copy_from) between
 *                     mm->arg_start..arg_end and env_start..env_end
 *   comm, stat, statm, status   the fields ps and top read; what umk does
 *                     not count yet (CPU times, faults) is 0
 *   maps              the VMA list, in Linux's format
 *   mounts            the mount table as seen from the process's root
 *   exe, cwd, root    magic links; fd/ holds one per open fd (procfs.c)
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "fs/procfs.h"

#define MEM_READ_MAX	(1 << 20)	/* cmdline and environ, at most */
#define USER_HZ		100

/* Copy [start, end) of p's memory into sb. */
static int show_mem_range(struct sbuf *sb, struct process *p, u64 start,
			  u64 end)
{
	size_t len;
	char *buf;

	if (!p->mm || end <= start)
		return 0;
	len = MIN(end - start, (u64)MEM_READ_MAX);
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	if (!mm_copy_from(p->mm, buf, UPTR(start), len))
		sbuf_append(sb, buf, len);
	kfree(buf);
	return 0;
}

static int show_cmdline(struct sbuf *sb, struct process *p, struct task *r)
{
	return p->mm ? show_mem_range(sb, p, p->mm->arg_start, p->mm->arg_end) : 0;
}

static int show_environ(struct sbuf *sb, struct process *p, struct task *r)
{
	return p->mm ? show_mem_range(sb, p, p->mm->env_start, p->mm->env_end) : 0;
}

static int show_comm(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%.*s\n", (int)sizeof(p->comm), p->comm);
	return 0;
}

static char proc_state(struct process *p, struct task *reader)
{
	if (p->exit_done || p->exiting)
		return 'Z';
	if (reader && reader->proc == p)
		return 'R';
	return 'S';
}

static const char *state_name(char s)
{
	switch (s) {
	case 'R':
		return "R (running)";
	case 'Z':
		return "Z (zombie)";
	}
	return "S (sleeping)";
}

static int show_stat(struct sbuf *sb, struct process *p, struct task *r)
{
	struct mm *mm = p->mm;
	u64 start = (p->start_ns - boot_ns()) / (1000000000 / USER_HZ);
	linux_sigset_t blocked = p->threads ? p->threads->sigmask : 0;

	sbuf_printf(sb, "%d (%.*s) %c %d %d %d 0 -1 4194304 0 0 0 0 0 0 0 0 "
		    "20 0 %d 0 %llu %llu %llu %llu ",
		    p->pid, (int)sizeof(p->comm), p->comm, proc_state(p, r),
		    p->parent ? p->parent->pid : 0, p->pgid, p->sid,
		    p->nthreads, (unsigned long long)start,
		    (unsigned long long)(mm ? mm->total_vm * PAGE_SIZE : 0),
		    (unsigned long long)(mm ? mm->pt.npages : 0),
		    (unsigned long long)p->rlim[RLIMIT_RSS].rlim_cur);
	sbuf_printf(sb, "%llu %llu %llu 0 0 0 %llu 0 0 0 0 0 17 0 0 0 0 0 0 ",
		    (unsigned long long)(mm ? mm->start_code : 0),
		    (unsigned long long)(mm ? mm->end_code : 0),
		    (unsigned long long)(mm ? mm->start_stack : 0),
		    (unsigned long long)blocked);
	sbuf_printf(sb, "%llu %llu %llu %llu %llu %llu %llu %d\n",
		    (unsigned long long)(mm ? mm->start_data : 0),
		    (unsigned long long)(mm ? mm->end_data : 0),
		    (unsigned long long)(mm ? mm->start_brk : 0),
		    (unsigned long long)(mm ? mm->arg_start : 0),
		    (unsigned long long)(mm ? mm->arg_end : 0),
		    (unsigned long long)(mm ? mm->env_start : 0),
		    (unsigned long long)(mm ? mm->env_end : 0),
		    p->exit_done ? p->wait_status : 0);
	return 0;
}

static int show_statm(struct sbuf *sb, struct process *p, struct task *r)
{
	struct mm *mm = p->mm;

	sbuf_printf(sb, "%llu %llu 0 0 0 0 0\n",
		    (unsigned long long)(mm ? mm->total_vm : 0),
		    (unsigned long long)(mm ? mm->pt.npages : 0));
	return 0;
}

static int show_status(struct sbuf *sb, struct process *p, struct task *r)
{
	const struct cred *c = &p->cred;
	struct mm *mm = p->mm;
	u64 vm = mm ? mm->total_vm * (PAGE_SIZE / 1024) : 0;
	u64 rss = mm ? mm->pt.npages * (PAGE_SIZE / 1024) : 0;
	u64 ign = 0, cgt = 0, caps = c->euid ? 0 : 0x1ffffffffffULL;
	char state = proc_state(p, r);
	int i;

	for (i = 1; i <= NSIG; i++) {
		u64 h = p->sighand ? p->sighand->action[i - 1].handler : 0;

		if (h == 1)
			ign |= 1ULL << (i - 1);
		else if (h > 1)
			cgt |= 1ULL << (i - 1);
	}
	sbuf_printf(sb, "Name:\t%.*s\n", (int)sizeof(p->comm), p->comm);
	sbuf_printf(sb, "Umask:\t%04o\n", p->fs ? p->fs->umask : 022);
	sbuf_printf(sb, "State:\t%s\n", state_name(state));
	sbuf_printf(sb, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		    "TracerPid:\t0\n", p->pid, p->pid,
		    p->parent ? p->parent->pid : 0);
	sbuf_printf(sb, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid,
		    c->fsuid);
	sbuf_printf(sb, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid,
		    c->fsgid);
	sbuf_printf(sb, "FDSize:\t%d\nGroups:\t", p->files ? p->files->size : 0);
	for (i = 0; i < c->ngroups && i < (int)ARRAY_SIZE(c->groups); i++)
		sbuf_printf(sb, "%u ", c->groups[i]);
	sbuf_printf(sb, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		    p->pid, p->pid, p->pgid, p->sid);
	sbuf_printf(sb, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\n"
		    "VmLck:\t       0 kB\nVmPin:\t       0 kB\n"
		    "VmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n"
		    "RssAnon:\t%8llu kB\nRssFile:\t       0 kB\n"
		    "RssShmem:\t       0 kB\n"
		    "VmData:\t       0 kB\nVmStk:\t       0 kB\n"
		    "VmExe:\t       0 kB\nVmLib:\t       0 kB\n"
		    "VmPTE:\t       0 kB\nVmSwap:\t       0 kB\n",
		    (unsigned long long)vm, (unsigned long long)vm,
		    (unsigned long long)rss, (unsigned long long)rss,
		    (unsigned long long)rss);
	sbuf_printf(sb, "Threads:\t%d\nSigQ:\t0/63704\n"
		    "SigPnd:\t%016llx\nShdPnd:\t%016llx\n"
		    "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		    p->nthreads, 0ULL, 0ULL,
		    (unsigned long long)(p->threads ? p->threads->sigmask : 0),
		    (unsigned long long)ign, (unsigned long long)cgt);
	sbuf_printf(sb, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		    "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		    0ULL, (unsigned long long)caps, (unsigned long long)caps,
		    0x1ffffffffffULL, 0ULL);
	sbuf_printf(sb, "NoNewPrivs:\t0\nSeccomp:\t0\n"
		    "Cpus_allowed_list:\t0-%d\nMems_allowed_list:\t0\n"
		    "voluntary_ctxt_switches:\t0\n"
		    "nonvoluntary_ctxt_switches:\t0\n", host_ncpus() - 1);
	return 0;
}

static int show_maps(struct sbuf *sb, struct process *p, struct task *r)
{
	struct mm *mm = p->mm;
	char *path;
	int i;

	if (!mm)
		return 0;
	path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	for (i = 0; i < mm->vmas.n; i++) {
		struct vma *v = &mm->vmas.v[i];
		struct inode *ino = v->file ? v->file->inode : NULL;
		const char *name = NULL;
		size_t start = sb->len;

		sbuf_printf(sb, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu",
			    (unsigned long long)v->start,
			    (unsigned long long)v->end,
			    v->prot & PROT_READ ? 'r' : '-',
			    v->prot & PROT_WRITE ? 'w' : '-',
			    v->prot & PROT_EXEC ? 'x' : '-',
			    v->flags & VMA_SHARED ? 's' : 'p',
			    (unsigned long long)(v->file ? v->pgoff : 0),
			    ino ? vfs_major(ino->sb->dev) : 0,
			    ino ? vfs_minor(ino->sb->dev) : 0,
			    (unsigned long long)(ino ? ino->ino : 0));
		if (v->file) {
			if (d_path(&v->file->path, p->fs ? &p->fs->root : NULL,
				   path, PATH_MAX) >= 0)
				name = path;
		} else if (v->flags & VMA_HEAP) {
			name = "[heap]";
		} else if (v->flags & VMA_STACK) {
			name = "[stack]";
		}
		if (name) {
			while (sb->len - start < 73 && !sb->overflow)
				sbuf_putc(sb, ' ');
			sbuf_printf(sb, "%s", name);
		}
		sbuf_putc(sb, '\n');
	}
	kfree(path);
	return 0;
}

static int show_mounts(struct sbuf *sb, struct process *p, struct task *r)
{
	const struct path *root = p->fs ? &p->fs->root : NULL;
	struct mount *m;
	struct path mp;
	char *path;

	path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	for (m = mount_first(); m; m = m->next) {
		if (m->parent == m) {
			mp.mnt = m;
			mp.dentry = m->root;
		} else {
			mp.mnt = m->parent;
			mp.dentry = m->mountpoint;
		}
		if (root && !path_is_under(&mp, root))
			continue;
		if (d_path(&mp, root, path, PATH_MAX) < 0)
			continue;
		proc_put_escaped(sb, m->source);
		sbuf_putc(sb, ' ');
		proc_put_escaped(sb, path);
		sbuf_printf(sb, " %s %s%s%s%s,relatime 0 0\n", m->sb->fstype,
			    mnt_readonly(m) ? "ro" : "rw",
			    m->flags & MNT_NOSUID ? ",nosuid" : "",
			    m->flags & MNT_NODEV ? ",nodev" : "",
			    m->flags & MNT_NOEXEC ? ",noexec" : "");
	}
	kfree(path);
	return 0;
}

/* The name of pp as the reader sees it, truncated to len. */
static long link_path(const struct path *pp, struct task *reader, char *buf,
		      size_t len)
{
	char *tmp;
	long n;

	if (!pp->dentry)
		return -ENOENT;
	tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	n = d_path(pp, reader ? &reader->proc->fs->root : NULL, tmp, PATH_MAX);
	if (n >= 0) {
		n = MIN((size_t)n, len);
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	return n;
}

static long link_exe(struct process *p, struct task *r, char *buf, size_t len)
{
	return p->exe ? link_path(&p->exe->path, r, buf, len) : -ENOENT;
}

static int get_exe(struct process *p, struct path *out)
{
	if (!p->exe || !p->exe->path.dentry)
		return -ENOENT;
	*out = p->exe->path;
	path_get(out);
	return 0;
}

static long link_cwd(struct process *p, struct task *r, char *buf, size_t len)
{
	return p->fs ? link_path(&p->fs->cwd, r, buf, len) : -ENOENT;
}

static int get_cwd(struct process *p, struct path *out)
{
	if (!p->fs)
		return -ENOENT;
	*out = p->fs->cwd;
	path_get(out);
	return 0;
}

static long link_root(struct process *p, struct task *r, char *buf, size_t len)
{
	return p->fs ? link_path(&p->fs->root, r, buf, len) : -ENOENT;
}

static int get_root(struct process *p, struct path *out)
{
	if (!p->fs)
		return -ENOENT;
	*out = p->fs->root;
	path_get(out);
	return 0;
}

#define FILE(n, m, fn) { n, S_IFREG | (m), PROC_FILE, .show = fn }
#define MAGIC(n, l, g) { n, S_IFLNK | 0777, PROC_LINK, .link = l, .get = g }

const struct proc_entry proc_pid_entries[] = {
	FILE("cmdline", 0444, show_cmdline),
	FILE("comm", 0444, show_comm),
	MAGIC("cwd", link_cwd, get_cwd),
	FILE("environ", 0400, show_environ),
	MAGIC("exe", link_exe, get_exe),
	{ "fd", S_IFDIR | 0500, PROC_FD_DIR },
	FILE("maps", 0444, show_maps),
	FILE("mounts", 0444, show_mounts),
	MAGIC("root", link_root, get_root),
	FILE("stat", 0444, show_stat),
	FILE("statm", 0444, show_statm),
	FILE("status", 0444, show_status),
	{ NULL },
};
