// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs: what /proc/PID shows, from struct process, its tasks, its
 * memory map and its files.
 *
 *   cmdline, environ  read from the process's memory (mm_copy_from) between
 *                     mm->arg_start..arg_end and env_start..env_end
 *   comm, stat, statm, status   the fields ps and top read: states from
 *                     the tasks (R in guest code, S asleep in umk, T, Z),
 *                     CPU time from the stub's host threads (all of it
 *                     as user time), memory from the VMAs and page
 *                     tables; what umk does not count (faults, context
 *                     switches, peak RSS) is 0 or the current value
 *   maps, smaps       the VMA list, in Linux's format; smaps adds each
 *                     VMA's resident pages (a frame mapped more than once
 *                     is shared, its Pss a share)
 *   mounts, mountinfo the mount table as seen from the process's root
 *   limits            the rlimits, as Linux prints them
 *   exe, cwd, root    magic links; fd/ holds one per open fd and fdinfo/
 *                     one file each with its position and flags (procfs.c)
 *   task/TID/         the same for each thread; stat and status are the
 *                     thread's own (state, pending and blocked signals)
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "fs/procfs.h"
#include "tty/tty.h"

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

static int show_comm(struct sbuf *sb, struct process *p, struct task *t,
		     struct task *r)
{
	sbuf_printf(sb, "%.*s\n", (int)sizeof(p->comm), task_comm(p, t));
	return 0;
}

/* A new name, from the same thread group only (Linux: -EINVAL else); a
 * trailing newline is not part of it. */
static long write_comm(struct process *p, struct task *t, struct task *w,
		       const char *buf, size_t len)
{
	char name[16];
	size_t n = MIN(len, sizeof(name) - 1);

	if (!w || w->proc != p)
		return -EINVAL;
	memcpy(name, buf, n);
	name[n] = 0;
	if (n && name[n - 1] == '\n')
		name[n - 1] = 0;
	task_set_comm(p, t, name);
	return len;
}

/* The thread Linux shows for the process as a whole: the leader. */
static struct task *proc_leader(struct process *p)
{
	struct task *t = task_find(p->pid);

	return t && t->proc == p ? t : p->threads;
}

/* R: running guest code (or reading this file), S: asleep in umk,
 * T: stopped, Z: ended. */
static char task_state(struct process *p, struct task *t, struct task *reader)
{
	if (p->exit_done || p->exiting || !t || t->exiting)
		return 'Z';
	if (t == reader)
		return 'R';
	if (p->stop == STOPPED)
		return 'T';
	return t->in_guest ? 'R' : 'S';
}

static const char *state_name(char s)
{
	switch (s) {
	case 'R':
		return "R (running)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	}
	return "S (sleeping)";
}

/* CPU time of the thread, or of the whole process when t is NULL (ns):
 * the host's count for the stub (user and system together). */
static s64 cpu_ns(struct process *p, struct task *t)
{
	if (t)
		return t->ctx && !p->exit_done ? plat_ctx_cpu_ns(t->ctx) : 0;
	return p->mm && p->mm->as ? plat_as_cpu_ns(p->mm->as) : 0;
}

static unsigned long long ticks(s64 ns)
{
	return ns > 0 ? ns / (1000000000 / USER_HZ) : 0;
}

/* Ignored and caught signals, as masks (bit n-1 for signal n). */
static void sig_masks(struct process *p, u64 *ign, u64 *cgt)
{
	int i;

	*ign = *cgt = 0;
	for (i = 1; i <= NSIG && p->sighand; i++) {
		u64 h = p->sighand->action[i - 1].handler;

		if (h == 1)
			*ign |= 1ULL << (i - 1);
		else if (h > 1)
			*cgt |= 1ULL << (i - 1);
	}
}

/* What /proc/PID/status and statm count, from the VMAs and page tables,
 * in pages: data is private writable memory, exec read-only executable
 * mappings; resident pages of anonymous memory (and of private writable
 * file mappings, mostly copies) are anon, of shared tmpfs files shmem,
 * the rest file.  Pages the stub maps from host files (VMA_HOSTFILE)
 * are the host's page cache: umk does not see them. */
struct vm_counts {
	u64 total, data, stack, exec;
	u64 rss_anon, rss_file, rss_shmem;
};

static void count_pte(u64 va, u64 *pte, void *arg)
{
	(*(u64 *)arg)++;
}

static u64 vma_rss(struct mm *mm, const struct vma *v)
{
	u64 n = 0;

	pt_walk(&mm->pt, v->start, v->end, count_pte, &n);
	return n;
}

static void vm_count(struct mm *mm, struct vm_counts *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	if (!mm)
		return;
	for (i = 0; i < mm->vmas.n; i++) {
		struct vma *v = &mm->vmas.v[i];
		u64 pages = (v->end - v->start) >> PAGE_SHIFT, rss;

		c->total += pages;
		if (v->flags & (VMA_STACK | VMA_GROWSDOWN))
			c->stack += pages;
		else if ((v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED))
			c->data += pages;
		else if ((v->prot & PROT_EXEC) && !(v->prot & PROT_WRITE))
			c->exec += pages;
		rss = vma_rss(mm, v);
		if (!v->file || ((v->prot & PROT_WRITE) &&
				 !(v->flags & VMA_SHARED)))
			c->rss_anon += rss;
		else if ((v->flags & VMA_SHARED) &&
			 v->file->inode->sb->magic == TMPFS_MAGIC)
			c->rss_shmem += rss;
		else
			c->rss_file += rss;
	}
}

static u64 text_pages(struct mm *mm)
{
	if (!mm || mm->end_code <= mm->start_code)
		return 0;
	return (ALIGN_UP(mm->end_code, PAGE_SIZE) - (mm->start_code & ~(PAGE_SIZE - 1)))
	       >> PAGE_SHIFT;
}

/* /proc/PID/stat, and task/TID/stat for one thread (t). */
static int show_stat(struct sbuf *sb, struct process *p, struct task *t,
		     struct task *r)
{
	struct mm *mm = p->mm;
	struct task *th = t ? t : proc_leader(p);
	u64 start = (p->start_ns - boot_ns()) / (1000000000 / USER_HZ);
	linux_sigset_t blocked = th ? th->sigmask : 0;
	linux_sigset_t pending = p->shared_pending.set | (th ? th->pending.set : 0);
	u64 ign, cgt;
	u32 tty_nr;
	int tpgid;

	sig_masks(p, &ign, &cgt);
	tty_proc_stat(p, &tty_nr, &tpgid);
	sbuf_printf(sb, "%d (%.*s) %c %d %d %d %u %d 4194304 0 0 0 0 "
		    "%llu 0 %llu 0 %d %d %d 0 %llu %llu %llu %llu ",
		    t ? t->tid : p->pid, (int)sizeof(p->comm), task_comm(p, t),
		    task_state(p, th, r), p->parent ? p->parent->pid : 0,
		    p->pgid, p->sid, tty_nr, tpgid, ticks(cpu_ns(p, t)),
		    t ? 0ULL : ticks(p->cutime_ns), 20 + p->nice, p->nice,
		    p->nthreads, (unsigned long long)start,
		    (unsigned long long)(mm ? mm->total_vm * PAGE_SIZE : 0),
		    (unsigned long long)(mm ? mm->pt.npages : 0),
		    (unsigned long long)p->rlim[RLIMIT_RSS].rlim_cur);
	sbuf_printf(sb, "%llu %llu %llu 0 0 %llu %llu %llu %llu 0 0 0 %d 0 0 0 "
		    "0 0 0 ",
		    (unsigned long long)(mm ? mm->start_code : 0),
		    (unsigned long long)(mm ? mm->end_code : 0),
		    (unsigned long long)(mm ? mm->start_stack : 0),
		    (unsigned long long)pending, (unsigned long long)blocked,
		    (unsigned long long)ign, (unsigned long long)cgt,
		    p->exit_signal);
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
	struct vm_counts c;

	vm_count(p->mm, &c);
	sbuf_printf(sb, "%llu %llu %llu %llu 0 %llu 0\n",
		    (unsigned long long)c.total,
		    (unsigned long long)(c.rss_anon + c.rss_file + c.rss_shmem),
		    (unsigned long long)(c.rss_file + c.rss_shmem),
		    (unsigned long long)text_pages(p->mm),
		    (unsigned long long)(c.data + c.stack));
	return 0;
}

#define KB(pages)	((unsigned long long)(pages) * (PAGE_SIZE / 1024))

static int show_status(struct sbuf *sb, struct process *p, struct task *t,
		       struct task *r)
{
	const struct cred *c = &p->cred;
	struct task *th = t ? t : proc_leader(p);
	struct vm_counts vc;
	u64 ign, cgt, caps = c->euid ? 0 : 0x1ffffffffffULL;
	u64 rss, text;
	int i, id = t ? t->tid : p->pid, ncpus = host_ncpus();

	vm_count(p->mm, &vc);
	rss = vc.rss_anon + vc.rss_file + vc.rss_shmem;
	text = text_pages(p->mm);
	sig_masks(p, &ign, &cgt);
	sbuf_printf(sb, "Name:\t%.*s\n", (int)sizeof(p->comm), task_comm(p, t));
	sbuf_printf(sb, "Umask:\t%04o\n", p->fs ? p->fs->umask : 022);
	sbuf_printf(sb, "State:\t%s\n", state_name(task_state(p, th, r)));
	sbuf_printf(sb, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		    "TracerPid:\t0\n", p->pid, id,
		    p->parent ? p->parent->pid : 0);
	sbuf_printf(sb, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid,
		    c->fsuid);
	sbuf_printf(sb, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid,
		    c->fsgid);
	sbuf_printf(sb, "FDSize:\t%d\nGroups:\t", p->files ? p->files->size : 0);
	for (i = 0; i < c->ngroups && i < (int)ARRAY_SIZE(c->groups); i++)
		sbuf_printf(sb, "%u ", c->groups[i]);
	sbuf_printf(sb, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n"
		    "Kthread:\t0\n", p->pid, id, p->pgid, p->sid);
	if (p->mm)
		sbuf_printf(sb, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\n"
			    "VmLck:\t%8llu kB\nVmPin:\t%8llu kB\n"
			    "VmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n"
			    "RssAnon:\t%8llu kB\nRssFile:\t%8llu kB\n"
			    "RssShmem:\t%8llu kB\n"
			    "VmData:\t%8llu kB\nVmStk:\t%8llu kB\n"
			    "VmExe:\t%8llu kB\nVmLib:\t%8llu kB\n"
			    "VmPTE:\t%8llu kB\nVmSwap:\t%8llu kB\n"
			    "HugetlbPages:\t%8llu kB\n",
			    KB(vc.total), KB(vc.total), KB(0), KB(0), KB(rss),
			    KB(rss), KB(vc.rss_anon), KB(vc.rss_file),
			    KB(vc.rss_shmem), KB(vc.data), KB(vc.stack),
			    KB(text), KB(vc.exec > text ? vc.exec - text : 0),
			    KB(0), KB(0), KB(0));
	sbuf_printf(sb, "CoreDumping:\t0\nTHP_enabled:\t0\n"
		    "untag_mask:\t0xffffffffffffffff\n");
	sbuf_printf(sb, "Threads:\t%d\nSigQ:\t0/%llu\n"
		    "SigPnd:\t%016llx\nShdPnd:\t%016llx\n"
		    "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		    p->nthreads,
		    (unsigned long long)p->rlim[RLIMIT_SIGPENDING].rlim_cur,
		    (unsigned long long)(th ? th->pending.set : 0),
		    (unsigned long long)p->shared_pending.set,
		    (unsigned long long)(th ? th->sigmask : 0),
		    (unsigned long long)ign, (unsigned long long)cgt);
	sbuf_printf(sb, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		    "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		    0ULL, (unsigned long long)caps, (unsigned long long)caps,
		    0x1ffffffffffULL, 0ULL);
	sbuf_printf(sb, "NoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\n"
		    "Speculation_Store_Bypass:\tthread vulnerable\n"
		    "SpeculationIndirectBranch:\tconditional enabled\n"
		    "Cpus_allowed:\t%llx\nCpus_allowed_list:\t0-%d\n"
		    "Mems_allowed:\t1\nMems_allowed_list:\t0\n"
		    "voluntary_ctxt_switches:\t0\n"
		    "nonvoluntary_ctxt_switches:\t0\n", p->no_new_privs,
		    ncpus >= 64 ? ~0ULL : (1ULL << ncpus) - 1, ncpus - 1);
	return 0;
}

/* The VmFlags of smaps: the two-letter names of the VMA's rights. */
static void vma_flag_names(struct sbuf *sb, const struct vma *v)
{
	sbuf_printf(sb, "VmFlags:");
	if (v->prot & PROT_READ)
		sbuf_printf(sb, " rd");
	if (v->prot & PROT_WRITE)
		sbuf_printf(sb, " wr");
	if (v->prot & PROT_EXEC)
		sbuf_printf(sb, " ex");
	if (v->flags & VMA_SHARED)
		sbuf_printf(sb, " sh");
	sbuf_printf(sb, " mr mw me");
	if (v->flags & VMA_SHARED)
		sbuf_printf(sb, " ms");
	if (v->flags & (VMA_STACK | VMA_GROWSDOWN))
		sbuf_printf(sb, " gd");
	if (!v->file || !(v->flags & VMA_SHARED))
		sbuf_printf(sb, " ac");
	sbuf_printf(sb, " \n");
}

struct smaps_acc {
	u64 rss, pss_x, shared, priv;	/* pss_x: Pss in pages << 12 */
};

static void smaps_pte(u64 va, u64 *pte, void *arg)
{
	struct smaps_acc *a = arg;
	unsigned n = frame_count(PTE_PFN(*pte));

	a->rss++;
	a->pss_x += n > 1 ? 4096 / n : 4096;
	if (n > 1)
		a->shared++;
	else
		a->priv++;
}

/* The block smaps adds after each line of maps. */
static void show_smaps_vma(struct sbuf *sb, struct mm *mm, const struct vma *v)
{
	struct smaps_acc a = { 0 };
	bool anon = !v->file || ((v->prot & PROT_WRITE) &&
				 !(v->flags & VMA_SHARED));

	pt_walk(&mm->pt, v->start, v->end, smaps_pte, &a);
	sbuf_printf(sb, "Size:           %8llu kB\n"
		    "KernelPageSize: %8lu kB\nMMUPageSize:    %8lu kB\n"
		    "Rss:            %8llu kB\nPss:            %8llu kB\n"
		    "Pss_Dirty:      %8llu kB\n"
		    "Shared_Clean:   %8u kB\nShared_Dirty:   %8llu kB\n"
		    "Private_Clean:  %8u kB\nPrivate_Dirty:  %8llu kB\n"
		    "Referenced:     %8llu kB\nAnonymous:      %8llu kB\n",
		    (unsigned long long)((v->end - v->start) >> 10),
		    PAGE_SIZE / 1024, PAGE_SIZE / 1024, KB(a.rss),
		    (unsigned long long)(a.pss_x * (PAGE_SIZE / 1024) / 4096),
		    (unsigned long long)(a.pss_x * (PAGE_SIZE / 1024) / 4096),
		    0, KB(a.shared), 0, KB(a.priv), KB(a.rss),
		    anon ? KB(a.rss) : 0ULL);
	sbuf_printf(sb, "KSM:            %8u kB\nLazyFree:       %8u kB\n"
		    "AnonHugePages:  %8u kB\nShmemPmdMapped: %8u kB\n"
		    "FilePmdMapped:  %8u kB\nShared_Hugetlb: %8u kB\n"
		    "Private_Hugetlb:%8u kB\nSwap:           %8u kB\n"
		    "SwapPss:        %8u kB\nLocked:         %8u kB\n"
		    "THPeligible:    0\n", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	vma_flag_names(sb, v);
}

/* maps, and smaps when smaps (each line followed by its counts). */
static int show_vmas(struct sbuf *sb, struct process *p, bool smaps)
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
		sbuf_putc(sb, ' ');
		if (name) {
			while (sb->len - start < 73 && !sb->overflow)
				sbuf_putc(sb, ' ');
			sbuf_printf(sb, "%s", name);
		}
		sbuf_putc(sb, '\n');
		if (smaps)
			show_smaps_vma(sb, mm, v);
	}
	kfree(path);
	return 0;
}

static int show_maps(struct sbuf *sb, struct process *p, struct task *r)
{
	return show_vmas(sb, p, false);
}

static int show_smaps(struct sbuf *sb, struct process *p, struct task *r)
{
	return show_vmas(sb, p, true);
}

/* The options of m as /proc/mounts shows them ("rw,nosuid,relatime"). */
static void mount_options(struct sbuf *sb, const struct mount *m)
{
	sbuf_printf(sb, "%s%s%s%s%s%s%s%s", mnt_readonly(m) ? "ro" : "rw",
		    m->flags & MNT_NOSUID ? ",nosuid" : "",
		    m->flags & MNT_NODEV ? ",nodev" : "",
		    m->flags & MNT_NOEXEC ? ",noexec" : "",
		    m->flags & MNT_NOATIME ? ",noatime" : "",
		    m->flags & MNT_NODIRATIME ? ",nodiratime" : "",
		    m->flags & (MNT_NOATIME | MNT_STRICTATIME) ? "" : ",relatime",
		    m->flags & MNT_NOSYMFOLLOW ? ",nosymfollow" : "");
}

/* The name of m's root inside its own file system ("/" unless a bind
 * mount of a directory below), escaped. */
static void mount_root_name(struct sbuf *sb, const struct mount *m)
{
	const struct dentry *d, *stop = NULL;

	if (m->root->parent == m->root) {
		sbuf_putc(sb, '/');
		return;
	}
	/* print from the top down: the component below stop, repeatedly */
	while (stop != m->root) {
		for (d = m->root; d->parent != stop && d->parent != d;
		     d = d->parent)
			;
		if (d->parent == d) {	/* the file system's root */
			stop = d;
			continue;
		}
		sbuf_putc(sb, '/');
		proc_put_escaped(sb, d->name);
		stop = d;
	}
}

/* /proc/PID/mounts and mountinfo: the mounts that p's root can see, with
 * their names from there. */
static int show_mount_table(struct sbuf *sb, struct process *p, bool info)
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
		if (info) {
			sbuf_printf(sb, "%d %d %u:%u ", m->id,
				    m->parent == m ? 1 : m->parent->id,
				    vfs_major(m->sb->dev), vfs_minor(m->sb->dev));
			mount_root_name(sb, m);
			sbuf_putc(sb, ' ');
			proc_put_escaped(sb, path);
			sbuf_putc(sb, ' ');
			mount_options(sb, m);
			sbuf_printf(sb, " - %s ", m->sb->fstype);
			proc_put_escaped(sb, m->source);
			sbuf_printf(sb, " %s", m->sb->rdonly ? "ro" : "rw");
		} else {
			proc_put_escaped(sb, m->source);
			sbuf_putc(sb, ' ');
			proc_put_escaped(sb, path);
			sbuf_printf(sb, " %s ", m->sb->fstype);
			mount_options(sb, m);
		}
		if (m->sb->ops && m->sb->ops->show_options)
			m->sb->ops->show_options(m->sb, sb);
		sbuf_printf(sb, info ? "\n" : " 0 0\n");
	}
	kfree(path);
	return 0;
}

static int show_mounts(struct sbuf *sb, struct process *p, struct task *r)
{
	return show_mount_table(sb, p, false);
}

static int show_mountinfo(struct sbuf *sb, struct process *p, struct task *r)
{
	return show_mount_table(sb, p, true);
}

static const struct {
	const char *name, *unit;
} limit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

static void limit_value(struct sbuf *sb, u64 v)
{
	if (v == RLIM_INFINITY)
		sbuf_printf(sb, "%-20s ", "unlimited");
	else
		sbuf_printf(sb, "%-20llu ", (unsigned long long)v);
}

static int show_limits(struct sbuf *sb, struct process *p, struct task *r)
{
	int i;

	sbuf_printf(sb, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		    "Hard Limit", "Units");
	for (i = 0; i < RLIM_NLIMITS; i++) {
		sbuf_printf(sb, "%-25s ", limit_names[i].name);
		limit_value(sb, p->rlim[i].rlim_cur);
		limit_value(sb, p->rlim[i].rlim_max);
		if (limit_names[i].unit)
			sbuf_printf(sb, "%-10s", limit_names[i].unit);
		sbuf_putc(sb, '\n');
	}
	return 0;
}

int proc_show_fdinfo(struct sbuf *sb, struct file *f, bool cloexec)
{
	sbuf_printf(sb, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n",
		    (long long)f->pos, f->flags | (cloexec ? O_CLOEXEC : 0),
		    f->path.mnt ? f->path.mnt->id : 0,
		    (unsigned long long)(f->inode ? f->inode->ino : 0));
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
#define TFILE(n, m, fn) { n, S_IFREG | (m), PROC_FILE, .show_thread = fn }
#define MAGIC(n, l, g) { n, S_IFLNK | 0777, PROC_LINK, .link = l, .get = g }
#define PFILE(n, m, fn) { n, S_IFREG | (m), PROC_FILE, .show = fn, .inspect = true }

/* The files of /proc/PID that /proc/PID/task/TID has too. */
#define PROCESS_FILES \
	FILE("cmdline", 0444, show_cmdline), \
	{ "comm", S_IFREG | 0644, PROC_FILE, .show_thread = show_comm, \
	  .write = write_comm }, \
	MAGIC("cwd", link_cwd, get_cwd), \
	PFILE("environ", 0400, show_environ), \
	MAGIC("exe", link_exe, get_exe), \
	{ "fd", S_IFDIR | 0500, PROC_FD_DIR }, \
	{ "fdinfo", S_IFDIR | 0500, PROC_FDINFO_DIR }, \
	FILE("limits", 0444, show_limits), \
	PFILE("maps", 0444, show_maps), \
	FILE("mountinfo", 0444, show_mountinfo), \
	FILE("mounts", 0444, show_mounts), \
	MAGIC("root", link_root, get_root), \
	PFILE("smaps", 0444, show_smaps), \
	TFILE("stat", 0444, show_stat), \
	FILE("statm", 0444, show_statm), \
	TFILE("status", 0444, show_status),

const struct proc_entry proc_tid_entries[] = {
	PROCESS_FILES
	{ NULL },
};

const struct proc_entry proc_pid_entries[] = {
	PROCESS_FILES
	{ "task", S_IFDIR | 0555, PROC_TASK_DIR },
	{ NULL },
};
