/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory: umk is the MMU.
 *
 * Guest physical memory is the platform's memfd; phys.c hands out its 4 KiB
 * frames with reference counts.  Each address space (struct mm) has umk's
 * own VMAs (vma.c, a sorted array) and page tables (pagetable.c, four levels
 * like x86-64's).  A guest page is *present* when a frame backs it and
 * *host-mapped* when the stub process maps that frame too; host mappings
 * are only a cache, made on demand by fault.c and dropped freely.
 *
 * The kernel reads and writes guest memory only through uaccess.c, which
 * walks umk's page tables and copies through umk's own view of the memfd:
 * a bad guest pointer is -EFAULT, never a crash of umk.
 */
#ifndef UMK_MM_H
#define UMK_MM_H

#include "kernel.h"

struct task;
struct file;
struct uio;

/* The guests' address space ends where the stub begins. */
#define TASK_SIZE	0x7fe000000000UL
#define STACK_TOP	(TASK_SIZE - 0x1000000UL)	/* 16 MiB below the stub */
#define MMAP_BASE_GAP	(1UL << 30)			/* under the stack */
#define ELF_ET_DYN_BASE	(ALIGN_DOWN(TASK_SIZE / 3 * 2, PAGE_SIZE))

/* ---- frames (phys.c) ---- */
typedef u64 pfn_t;
int phys_init(void);
/* Up to want free frames in a row; the first in *pfn, the count returned,
 * 0 when memory is exhausted.  Fresh frames read as zero. */
unsigned frame_alloc(unsigned want, pfn_t *pfn);
void frame_get(pfn_t pfn);
/* Drop a reference; a frame that reaches zero is freed and its memory
 * given back to the host.  Batch with frame_put_flush(). */
void frame_put(pfn_t pfn);
void frame_put_flush(void);
unsigned frame_count(pfn_t pfn);
static inline void *frame_ptr(pfn_t pfn)
{
	return (u8 *)plat_phys_base() + (pfn << PAGE_SHIFT);
}
u64 phys_total_frames(void);
u64 phys_free_frames(void);

/* ---- page caches (pagecache.c): a file's pages as frames ---- */
struct pagecache {
	pfn_t *pages;		/* by page index; 0 is a hole */
	u64 npages;		/* slots in pages[] */
	u64 nframes;		/* frames held */
};
/* The frame of page index, referenced for the caller (frame_put it);
 * with create, a hole gets a zeroed frame.  -ENOENT, -ENOMEM. */
int pagecache_get(struct pagecache *pc, u64 index, bool create, pfn_t *out);
/* read(2)/write(2) of the cached file at pos (size: the file's size). */
long pagecache_read(struct pagecache *pc, struct uio *u, s64 pos, s64 size);
long pagecache_write(struct pagecache *pc, struct uio *u, s64 pos);
/* Drop the pages past size; the rest of the last page reads as zero. */
void pagecache_truncate(struct pagecache *pc, s64 size);
void pagecache_free(struct pagecache *pc);
/* Frames held by all page caches (tmpfs file data). */
u64 pagecache_frames(void);
/* fallocate(2): frames for every page of [off, off + len); -ENOSPC. */
int pagecache_alloc(struct pagecache *pc, s64 off, s64 len);
/* A hole in [off, off + len): reads as zeros, whole pages freed. */
void pagecache_punch(struct pagecache *pc, s64 off, s64 len);

/* ---- page tables (pagetable.c) ---- */
#define PTE_PRESENT	0x1UL	/* a frame backs the page */
#define PTE_HOST	0x2UL	/* the stub maps it, with the VMA's rights */
#define PTE_COW		0x4UL	/* shared frame: write-protected */
#define PTE_PFN(pte)	((pte) >> PAGE_SHIFT)
#define PTE_MAKE(pfn, flags) (((u64)(pfn) << PAGE_SHIFT) | (flags))

struct pagetable {
	u64 *root;		/* 512 entries per level, 4 levels */
	u64 npages;		/* present pages (RSS) */
};
int pt_init(struct pagetable *pt);
/* The PTE slot for va; allocates the path when alloc.  NULL if absent (or
 * out of memory when allocating). */
u64 *pt_lookup(struct pagetable *pt, u64 va, bool alloc);
/* Call fn for each present PTE in [start, end), in address order. */
void pt_walk(struct pagetable *pt, u64 start, u64 end,
	     void (*fn)(u64 va, u64 *pte, void *arg), void *arg);
void pt_free(struct pagetable *pt);

/* ---- VMAs (vma.c) ---- */
#define VMA_SHARED	0x1	/* MAP_SHARED */
#define VMA_GROWSDOWN	0x2
#define VMA_STACK	0x4	/* the main stack, for /proc maps */
#define VMA_HEAP	0x8	/* brk */
#define VMA_HOSTFILE	0x10	/* read-only: the stub maps the host file
				 * itself; no PTE_HOST pages, its faults are
				 * the host's (kernel reads copy pages) */

struct vma {
	u64 start, end;		/* [start, end), page aligned */
	unsigned prot;		/* PROT_* */
	unsigned flags;		/* VMA_* */
	struct file *file;	/* backing file (one reference), or NULL */
	u64 pgoff;		/* file offset of start, bytes */
};

struct vma_list {
	struct vma *v;
	int n;
	int cap;
};
/* The VMA containing addr, or NULL. */
struct vma *vma_find(struct vma_list *l, u64 addr);
/* Index of the first VMA with end > addr (n if none). */
int vma_index(struct vma_list *l, u64 addr);
int vma_insert(struct vma_list *l, const struct vma *v);
/* Cut [start, end) out of the list (splitting VMAs); the callback sees
 * each removed piece before it goes. */
int vma_remove(struct vma_list *l, u64 start, u64 end,
	       void (*fn)(struct vma *piece, void *arg), void *arg);
/* Split so that start and end are VMA boundaries (if inside VMAs). */
int vma_split_at(struct vma_list *l, u64 addr);
/* Merge neighbours that continue each other. */
void vma_merge_all(struct vma_list *l);
/* A free gap of len bytes: the highest one below limit (top-down). */
u64 vma_find_gap(struct vma_list *l, u64 len, u64 low, u64 limit);
void vma_list_free(struct vma_list *l);

/* ---- address spaces (mm.c, mmap.c, fault.c) ---- */
struct mm {
	int refs;
	struct plat_as *as;
	struct vma_list vmas;
	struct pagetable pt;
	u64 mmap_base;		/* top-down mmap allocation starts here */
	u64 start_brk, brk;
	u64 start_stack;
	u64 arg_start, arg_end, env_start, env_end;
	u64 start_code, end_code, start_data, end_data;
	u64 total_vm;		/* pages in VMAs */
	bool building;		/* exec fills it: file maps wait in the queue */
	u64 saved_auxv[48];	/* the auxiliary vector exec gave (core dumps) */
	int saved_auxv_n;	/* words in it, AT_NULL pair included */
	/* fork's family, weak links (mm/fork.c: mm_cow_unlink) */
	struct mm *cow_parent;		/* forked from it, while both live */
	struct mm *cow_children;	/* forked from this one */
	struct mm *cow_sibling;		/* next in the parent's list */
};

/* A new, empty address space with its own stub. */
int mm_new(struct mm **out);
/* fork: a copy-on-write copy of parent, with its own stub (mm/fork.c). */
int mm_fork(struct mm *parent, struct mm **out);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/* mmap(2) after the handler's checks; returns the address or -errno.
 * Takes its own reference on file. */
long mm_mmap(struct mm *mm, u64 addr, u64 len, unsigned prot, unsigned flags,
	     struct file *file, u64 off);
int mm_munmap(struct mm *mm, u64 addr, u64 len);
int mm_mprotect(struct mm *mm, u64 addr, u64 len, unsigned prot);
long mm_mremap(struct mm *mm, u64 old, u64 old_len, u64 new_len,
	       unsigned flags, u64 new_addr);
long mm_brk(struct mm *mm, u64 brk);
int mm_madvise(struct mm *mm, u64 addr, u64 len, int advice);

/* A guest page fault at addr (err: PLAT_FAULT_* bits).  0 when resolved;
 * -EFAULT for SEGV_MAPERR, -EACCES for SEGV_ACCERR, -EIO for SIGBUS. */
int mm_fault(struct mm *mm, u64 addr, u64 err);
/* Make [start, end) present (and host-mapped when map), as MAP_POPULATE. */
int mm_populate(struct mm *mm, u64 start, u64 end, bool map);

/* ---- user memory (uaccess.c) ---- */

/* A guest address: a struct, so it cannot be dereferenced by mistake. */
struct uptr {
	u64 addr;
};
#define UPTR(x) ((struct uptr){ (u64)(x) })
static inline struct uptr uptr_add(struct uptr p, u64 n)
{
	return UPTR(p.addr + n);
}
static inline bool uptr_null(struct uptr p)
{
	return p.addr == 0;
}

/* 0 or -EFAULT.  A partial copy may have happened on -EFAULT. */
int mm_copy_from(struct mm *mm, void *dst, struct uptr src, size_t n);
int mm_copy_to(struct mm *mm, struct uptr dst, const void *src, size_t n);
int mm_clear(struct mm *mm, struct uptr dst, size_t n);
int copy_from_user(struct task *t, void *dst, struct uptr src, size_t n);
int copy_to_user(struct task *t, struct uptr dst, const void *src, size_t n);
int clear_user(struct task *t, struct uptr dst, size_t n);
/* umk's pointer to an aligned 32-bit guest word, for atomic operations
 * (futexes), faulted in with the rights asked; NULL for -EFAULT.  Valid
 * while the kernel lock is held.  *pfn (if not NULL) gets its frame. */
u32 *user_u32(struct mm *mm, struct uptr addr, bool write, pfn_t *pfn);
/* Copy a NUL-terminated string of at most max-1 characters; returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL is found within max. */
long strncpy_from_user(struct task *t, char *dst, struct uptr src, size_t max);
/* strncpy_from_user into a new buffer of PATH_MAX (kfree it). */
long getname(struct task *t, struct uptr src, char **out);

/*
 * Guest buffers for I/O: a guest range translated to pieces of umk's view
 * of physical memory, so host reads and writes go straight to and from
 * guest pages.  The frames are referenced until uio_release(), so the
 * buffer stays valid while the kernel lock is dropped.
 */
#define UIO_MAXSEG 64
struct uio {
	int nseg;
	size_t len;			/* bytes in seg[] */
	struct host_iovec seg[UIO_MAXSEG];
	int npfn;
	pfn_t pfn[UIO_MAXSEG];		/* frames referenced */
};
/* Covers as much of [addr, addr+len) as fits and is accessible (write:
 * the guest memory will be written).  Returns the bytes covered, or
 * -EFAULT if the first byte is not accessible. */
long uio_from_user(struct task *t, struct uio *u, struct uptr addr, size_t len,
		   bool write);
void uio_from_kernel(struct uio *u, void *buf, size_t len);
void uio_release(struct uio *u);
/* Copy between a kernel buffer and the uio at offset off; returns bytes. */
size_t uio_copy_in(struct uio *u, size_t off, void *dst, size_t n);
size_t uio_copy_out(struct uio *u, size_t off, const void *src, size_t n);
size_t uio_zero(struct uio *u, size_t off, size_t n);

#endif
