/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing ELF headers for exec (elf.c); loading them is exec.c's. */
#ifndef UMK_ELF_H
#define UMK_ELF_H

#include "kernel.h"
#include "abi/elf.h"

#define ELF_MAX_PHDRS	128

struct elf_image {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[ELF_MAX_PHDRS];
	int nph;
	u64 lo, hi;		/* page-aligned span of the PT_LOAD segments */
	s64 interp;		/* PT_INTERP index, or -1 */
	bool exec_stack;	/* PT_GNU_STACK asks for PF_X */
};

/* Check an ELF header (first len bytes of the file); -ENOEXEC if it is not
 * an x86-64 executable umk can load. */
int elf_check_header(const void *buf, size_t len, struct elf_image *img);
/* Check the program headers (img->eh.e_phnum of them at ph) and fill in
 * the rest of img.  -ENOEXEC or -EINVAL for malformed ones. */
int elf_parse_phdrs(struct elf_image *img, const void *ph, size_t len);

/* The load bias that puts img's lowest segment at base (ET_DYN; ET_EXEC
 * loads where it says: 0); -EINVAL if the image would end above TASK_SIZE. */
int elf_bias(const struct elf_image *img, u64 base, u64 *bias);

/* Where a PT_LOAD segment goes (exec.c maps it so), every field but
 * mem_end page-aligned: */
struct elf_seg {
	unsigned prot;		/* PROT_* of p_flags */
	u64 map, map_len, off;	/* file pages [map, map + map_len) from file
				 * offset off; map_len 0: none */
	u64 zero, zero_len;	/* the rest of the last file page, cleared
				 * (writable segments with a .bss) */
	u64 anon, anon_len;	/* anonymous pages (.bss); anon_len 0: none */
	u64 mem_end;		/* where the segment's memory ends */
};

/* Program header i at bias (from elf_bias): 0 and *s for a PT_LOAD with
 * memory, 1 for any other header. */
int elf_segment(const struct elf_image *img, int i, u64 bias, struct elf_seg *s);

#endif
