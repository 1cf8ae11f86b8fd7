// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Access to guest memory from the kernel.
 *
 * Every guest pointer is translated here through umk's own VMAs and page
 * tables to umk's view of the frame; a page that is not present yet is
 * faulted in as the guest would (and mapped in the stub); rights
 * are those of the VMA, so a guest cannot make umk read a PROT_NONE page
 * or write a read-only one.  Nothing here ever dereferences a guest
 * address, so a bad pointer is -EFAULT and never a crash of umk.
 */
#include "kernel.h"
#include "mm_internal.h"
#include "task.h"

/* umk's pointer to the byte at va, valid to the end of its page. */
static u8 *user_byte(struct mm *mm, u64 va, bool write)
{
	struct vma *v = vma_find(&mm->vmas, va);

	if (!v || va >= TASK_SIZE)
		return NULL;
	if (write ? !(v->prot & PROT_WRITE) :
		    !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return NULL;

	u64 *pte = pt_lookup(&mm->pt, va, false);

	if (!pte || !(*pte & PTE_PRESENT) || (write && (*pte & PTE_COW))) {
		/* Mapped in the stub too (the guest touches next what the
		 * kernel just filled), or, if the stub cannot take it (it is
		 * dead), in umk alone. */
		if (mm_fault_in(mm, v, va, write, true) &&
		    mm_fault_in(mm, v, va, write, false))
			return NULL;
		pte = pt_lookup(&mm->pt, va, false);
	}
	return (u8 *)frame_ptr(PTE_PFN(*pte)) + (va & (PAGE_SIZE - 1));
}

u32 *user_u32(struct mm *mm, struct uptr addr, bool write, pfn_t *pfn)
{
	u8 *p;

	if (addr.addr & 3)
		return NULL;
	p = user_byte(mm, addr.addr, write);
	if (p && pfn)
		*pfn = (p - (u8 *)plat_phys_base()) >> PAGE_SHIFT;
	return (u32 *)p;
}

static int copy_user(struct mm *mm, u64 va, void *buf, size_t n, bool write)
{
	u8 *k = buf;

	if (va + n < va)
		return -EFAULT;
	while (n) {
		size_t chunk = MIN(n, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		u8 *p = user_byte(mm, va, write);

		if (!p)
			return -EFAULT;
		if (!k)
			memset(p, 0, chunk);
		else if (write)
			memcpy(p, k, chunk);
		else
			memcpy(k, p, chunk);
		va += chunk;
		if (k)
			k += chunk;
		n -= chunk;
	}
	return 0;
}

int mm_copy_from(struct mm *mm, void *dst, struct uptr src, size_t n)
{
	return copy_user(mm, src.addr, dst, n, false);
}

int mm_copy_to(struct mm *mm, struct uptr dst, const void *src, size_t n)
{
	return copy_user(mm, dst.addr, (void *)src, n, true);
}

int mm_clear(struct mm *mm, struct uptr dst, size_t n)
{
	return copy_user(mm, dst.addr, NULL, n, true);
}

int copy_from_user(struct task *t, void *dst, struct uptr src, size_t n)
{
	return mm_copy_from(t->proc->mm, dst, src, n);
}

int copy_to_user(struct task *t, struct uptr dst, const void *src, size_t n)
{
	return mm_copy_to(t->proc->mm, dst, src, n);
}

int clear_user(struct task *t, struct uptr dst, size_t n)
{
	return mm_clear(t->proc->mm, dst, n);
}

long strncpy_from_user(struct task *t, char *dst, struct uptr src, size_t max)
{
	struct mm *mm = t->proc->mm;
	u64 va = src.addr;
	size_t done = 0;

	while (done < max) {
		size_t chunk = MIN(max - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		u8 *p = user_byte(mm, va, false);

		if (!p)
			return -EFAULT;
		u8 *nul = memchr(p, 0, chunk);

		if (nul) {
			memcpy(dst + done, p, nul - p + 1);
			return done + (nul - p);
		}
		memcpy(dst + done, p, chunk);
		done += chunk;
		va += chunk;
	}
	return -ENAMETOOLONG;
}

long getname(struct task *t, struct uptr src, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(t, buf, src, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return n;
	}
	*out = buf;
	return n;
}

/* ---- guest buffers for I/O ---- */

long uio_from_user(struct task *t, struct uio *u, struct uptr addr, size_t len,
		   bool write)
{
	struct mm *mm = t->proc->mm;
	u64 va = addr.addr;
	size_t covered = 0;

	u->nseg = 0;
	u->len = 0;
	u->npfn = 0;
	if (va + len < va)
		return -EFAULT;
	while (covered < len && u->npfn < UIO_MAXSEG) {
		size_t chunk = MIN(len - covered, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		u8 *p = user_byte(mm, va, write);

		if (!p)
			break;
		pfn_t pfn = ((u8 *)p - (u8 *)plat_phys_base()) >> PAGE_SHIFT;

		frame_get(pfn);
		u->pfn[u->npfn++] = pfn;
		struct host_iovec *last = u->nseg ? &u->seg[u->nseg - 1] : NULL;

		if (last && (u8 *)last->base + last->len == p)
			last->len += chunk;
		else
			u->seg[u->nseg++] = (struct host_iovec){ p, chunk };
		covered += chunk;
		va += chunk;
	}
	u->len = covered;
	if (!covered && len)
		return -EFAULT;
	return covered;
}

void uio_from_kernel(struct uio *u, void *buf, size_t len)
{
	u->nseg = 1;
	u->seg[0] = (struct host_iovec){ buf, len };
	u->len = len;
	u->npfn = 0;
}

void uio_trim(struct uio *u, size_t len)
{
	size_t left = len;
	int i;

	for (i = 0; i < u->nseg && left; i++) {
		if (u->seg[i].len > left)
			u->seg[i].len = left;
		left -= u->seg[i].len;
	}
	u->nseg = i;
	u->len = len;
}

void uio_release(struct uio *u)
{
	for (int i = 0; i < u->npfn; i++)
		frame_put(u->pfn[i]);
	u->npfn = 0;
}

/* Walk the uio from off, calling fn on each piece; returns bytes done. */
static size_t uio_walk(struct uio *u, size_t off, size_t n,
		       void (*fn)(u8 *seg, u8 *k, size_t len), u8 *k)
{
	size_t done = 0;

	for (int i = 0; i < u->nseg && done < n; i++) {
		struct host_iovec *s = &u->seg[i];

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		size_t chunk = MIN(s->len - off, n - done);

		fn((u8 *)s->base + off, k ? k + done : NULL, chunk);
		done += chunk;
		off = 0;
	}
	return done;
}

static void to_kernel(u8 *seg, u8 *k, size_t len)
{
	memcpy(k, seg, len);
}

static void from_kernel(u8 *seg, u8 *k, size_t len)
{
	memcpy(seg, k, len);
}

static void zero_seg(u8 *seg, u8 *k, size_t len)
{
	memset(seg, 0, len);
}

size_t uio_copy_in(struct uio *u, size_t off, void *dst, size_t n)
{
	return uio_walk(u, off, n, to_kernel, dst);
}

size_t uio_copy_out(struct uio *u, size_t off, const void *src, size_t n)
{
	return uio_walk(u, off, n, from_kernel, (u8 *)src);
}

size_t uio_zero(struct uio *u, size_t off, size_t n)
{
	return uio_walk(u, off, n, zero_seg, NULL);
}
