// SPDX-License-Identifier: GPL-2.0-or-later
/* Memory syscalls: argument checks, then the memory manager (mm/). */
#include "kernel.h"
#include "syscall.h"
#include "vfs/vfs.h"

#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN | \
		   MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE |       \
		   MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC |    \
		   MAP_FIXED_NOREPLACE | MAP_UNINITIALIZED | (0x3fU << 26))

/*
 * Whether a process may add len bytes of address space.  As Linux's
 * heuristic overcommit does, one request for more than all of umk's
 * memory (--mem) fails at once with ENOMEM, if it is memory that would be
 * committed (accountable: private writable, or shared anonymous; not
 * MAP_NORESERVE); smaller ones are found out at fault time, where a
 * process umk cannot give a frame is killed (task.c: the OOM kill).
 * RLIMIT_AS bounds the process's whole address space (ignoring what a
 * MAP_FIXED request replaces: a little stricter than Linux).
 */
static bool may_expand(struct task *t, u64 len, bool accountable)
{
	u64 pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	u64 as = t->proc->rlim[RLIMIT_AS].rlim_cur;

	if (accountable && pages > phys_total_frames())
		return false;
	return as == RLIM_INFINITY || ((t->proc->mm->total_vm + pages) << PAGE_SHIFT) <= as;
}

long sys_mmap(struct task *t, const struct sysargs *a)
{
	u64 addr = a->a[0], len = a->a[1], off = a->a[5];
	unsigned prot = a->a[2], flags = a->a[3];
	int fd = (int)a->a[4];
	struct file *f = NULL;
	long ret;

	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((off & ~PAGE_MASK) || !len)
		return -EINVAL;
	if (len > TASK_SIZE)
		return -ENOMEM;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~MAP_KNOWN)
			return -EOPNOTSUPP;
		flags = (flags & ~MAP_TYPE) | MAP_SHARED;
		break;
	case MAP_SHARED:
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if (flags & MAP_HUGETLB)
		return -EINVAL;	/* no huge pages in umk */
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get(t, fd);
		if (!f)
			return -EBADF;
		if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_WRONLY) {
			ret = f->flags & O_PATH ? -EBADF : -EACCES;
			goto out;
		}
		if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
		    (f->flags & O_ACCMODE) != O_RDWR) {
			ret = -EACCES;
			goto out;
		}
		/* a file sealed against writing: no new writable sharing */
		if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
		    f->inode && (f->inode->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))) {
			ret = -EPERM;
			goto out;
		}
		if (off + PAGE_ALIGN(len) < off) {
			ret = -EOVERFLOW;
			goto out;
		}
		ret = f->fop && f->fop->mmap ? f->fop->mmap(f) : -ENODEV;
		if (ret < 0)
			goto out;
		if (ret == MMAP_ANON) {
			file_put(f);
			f = NULL;
		} else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
			   !f->fop->get_page) {
			/* only page-cached files (tmpfs) can be written through
			 * a mapping; hostfs files would need write-back */
			pr_once(LOG_NOTICE, "writable shared mappings of host files are not implemented yet");
			ret = -ENODEV;
			goto out;
		}
	}
	if (!may_expand(t, len, !(flags & MAP_NORESERVE) &&
			((flags & MAP_TYPE) == MAP_SHARED ? !f : (prot & PROT_WRITE)))) {
		ret = -ENOMEM;
		goto out;
	}
	if ((flags & MAP_TYPE) == MAP_SHARED && !f) {
		/* shared anonymous memory: a tmpfs file, shared across fork */
		ret = shmem_zero_file(PAGE_ALIGN(len), &f);
		if (ret)
			goto out;
		off = 0;
	}
	ret = mm_mmap(t->proc->mm, addr, len, prot, flags, f, f ? off : 0);
out:
	if (f)
		file_put(f);
	return ret;
}

long sys_munmap(struct task *t, const struct sysargs *a)
{
	return mm_munmap(t->proc->mm, a->a[0], a->a[1]);
}

long sys_mprotect(struct task *t, const struct sysargs *a)
{
	return mm_mprotect(t->proc->mm, a->a[0], a->a[1], a->a[2]);
}

long sys_mremap(struct task *t, const struct sysargs *a)
{
	if (PAGE_ALIGN(a->a[2]) > PAGE_ALIGN(a->a[1]) &&
	    !may_expand(t, PAGE_ALIGN(a->a[2]) - PAGE_ALIGN(a->a[1]), false))
		return -ENOMEM;
	return mm_mremap(t->proc->mm, a->a[0], a->a[1], a->a[2], a->a[3], a->a[4]);
}

long sys_brk(struct task *t, const struct sysargs *a)
{
	struct mm *mm = t->proc->mm;
	u64 brk = a->a[0], data = t->proc->rlim[RLIMIT_DATA].rlim_cur;

	/* Growing: the heap is committed memory; RLIMIT_DATA bounds it.  A
	 * refused brk answers the old break, as Linux. */
	if (brk > mm->brk && brk >= mm->start_brk &&
	    (!may_expand(t, PAGE_ALIGN(brk) - PAGE_ALIGN(mm->brk), true) ||
	     (data != RLIM_INFINITY && brk - mm->start_brk > data)))
		return mm->brk;
	return mm_brk(mm, brk);
}

long sys_madvise(struct task *t, const struct sysargs *a)
{
	return mm_madvise(t->proc->mm, a->a[0], a->a[1], (int)a->a[2]);
}
