/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the memory files (src/kernel/mm/); not for other code. */
#ifndef UMK_MM_INTERNAL_H
#define UMK_MM_INTERNAL_H

#include "kernel.h"
#include "mm.h"

struct file;

/* Pages brought in around a fault (and mapped in the stub together). */
#define FAULT_AROUND_PAGES 16
/* The most a window in private anonymous memory grows to (fault.c). */
#define FAULT_GROW_PAGES 128
/* Pages of a brk growth given frames at once: malloc uses them next. */
#define BRK_POPULATE_PAGES 64UL

/* Make the page at va present (allocating and filling it, with its
 * neighbours in the fault-around window); break copy-on-write if write.
 * Host-map the window when map.  0, -ENOMEM, or -EIO (beyond EOF). */
int mm_fault_in(struct mm *mm, struct vma *v, u64 va, bool write, bool map);
/* Drop the stub's mappings of [start, end) (and flush); pages stay. */
int mm_unmap_host(struct mm *mm, u64 start, u64 end);
/* Drop the pages of [start, end): host unmap, flush, free the frames. */
int mm_zap(struct mm *mm, u64 start, u64 end);
/* The host fd behind file for direct mapping, or -ENODEV. */
int file_host_fd(struct file *f);
/* Map [start, end) of a VMA_HOSTFILE v from its host file, in the stub. */
int map_hostfile(struct mm *mm, const struct vma *v, u64 start, u64 end);
/* fork's links: an address space that ends gives its parent back write
 * access to the pages no one else shares any more (mm/fork.c). */
void mm_cow_unlink(struct mm *mm);
/* The host rights a present page gets in its VMA. */
static inline int host_prot(const struct vma *v, u64 pte)
{
	int prot = v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC);

	if (pte & PTE_COW)
		prot &= ~PROT_WRITE;
	return prot;
}

#endif
