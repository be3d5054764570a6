// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pal_diag.h"
#include "pal_util.h"

void pal_diag_init(struct pal_diag *d, FILE *err, int strict)
{
	memset(d, 0, sizeof(*d));
	d->err = err;
	d->strict = strict;
}

void pal_diag_fini(struct pal_diag *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	for (i = 0; i < d->nnoted; i++)
		free(d->noted[i]);
	free(d->files);
	free(d->noted);
	memset(d, 0, sizeof(*d));
}

const char *pal_diag_intern(struct pal_diag *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (!strcmp(d->files[i], name))
			return d->files[i];
	PAL_GROW(d->files, d->files_cap, d->nfiles + 1);
	d->files[d->nfiles] = pal_xstrdup(name);
	return d->files[d->nfiles++];
}

static void pal_vreport(struct pal_diag *d, const struct pal_loc *loc,
			const char *sev, const char *fmt, va_list ap)
{
	if (!d->err)
		return;
	if (loc && loc->file && loc->line)
		fprintf(d->err, "%s:%u:%u: %s: ", loc->file, loc->line,
			loc->col, sev);
	else if (loc && loc->file)
		fprintf(d->err, "%s: %s: ", loc->file, sev);
	else
		fprintf(d->err, "palisade_parser: %s: ", sev);
	vfprintf(d->err, fmt, ap);
	fputc('\n', d->err);
}

void pal_error(struct pal_diag *d, const struct pal_loc *loc,
	       const char *fmt, ...)
{
	va_list ap;

	d->nerrors++;
	va_start(ap, fmt);
	pal_vreport(d, loc, "error", fmt, ap);
	va_end(ap);
}

void pal_warn(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	d->nwarnings++;
	va_start(ap, fmt);
	pal_vreport(d, loc, "warning", fmt, ap);
	va_end(ap);
}

void pal_note(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pal_vreport(d, loc, "note", fmt, ap);
	va_end(ap);
}

int pal_diag_unenforced(struct pal_diag *d, const struct pal_loc *loc,
			const char *what)
{
	size_t i;

	if (d->strict) {
		pal_error(d, loc, "%s are parsed, not enforced (--strict)", what);
		return -1;
	}
	for (i = 0; i < d->nnoted; i++)
		if (!strcmp(d->noted[i], what))
			return 0;
	PAL_GROW(d->noted, d->noted_cap, d->nnoted + 1);
	d->noted[d->nnoted++] = pal_xstrdup(what);
	pal_note(d, loc, "%s are parsed, not enforced", what);
	return 0;
}
